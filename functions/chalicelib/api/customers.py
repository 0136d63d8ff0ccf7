"""Routes: customer profiles (staff)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import customers
from chalicelib.api.errors import json_body, route

blueprint = Blueprint(__name__)


@route(blueprint, "/customers/{phone}", ["PUT"])
def put_customer(phone: str) -> dict[str, Any]:
    request = blueprint.current_request
    return customers.put_customer(unquote(phone), json_body(request))


@route(blueprint, "/customers/{phone}", ["GET"])
def get_customer(phone: str) -> dict[str, Any]:
    return customers.get_customer(unquote(phone))
