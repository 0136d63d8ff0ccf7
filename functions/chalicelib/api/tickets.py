"""Routes: tickets."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib import tickets
from chalicelib.api.errors import json_body, route

blueprint = Blueprint(__name__)


@route(blueprint, "/tickets", ["POST"])
def create_ticket() -> Response:
    ticket = tickets.create_ticket(json_body(blueprint.current_request), actor="api")
    return Response(body=ticket, status_code=201, headers={"Location": f"/tickets/{ticket['id']}"})


@route(blueprint, "/tickets/{ticket_id}", ["GET"])
def get_ticket(ticket_id: str) -> dict[str, Any]:
    return tickets.get_ticket(ticket_id)
