"""Routes: customer profiles (staff), including erasure of a customer's personal data."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from chalicelib.api.contracts import Contract
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import STAFF, staff_actor

blueprint = Blueprint(__name__)


@route(blueprint, "/customers/{phone}", ["PUT"], Contract(body="customer"), authorizer=STAFF)
def put_customer(phone: str) -> dict[str, Any]:
    from chalicelib import customers

    return customers.put_customer(unquote(phone), json_body(blueprint.current_request))


@route(blueprint, "/customers/{phone}", ["GET"], authorizer=STAFF)
def get_customer(phone: str) -> dict[str, Any]:
    from chalicelib import customers

    return customers.get_customer(unquote(phone))


@route(blueprint, "/customers/{phone}", ["DELETE"], authorizer=STAFF)
def erase_customer(phone: str) -> dict[str, Any]:
    """Delete the profile and strip personal data from the customer's tickets."""
    from chalicelib import customers

    return customers.erase_customer(unquote(phone), actor=staff_actor(blueprint.current_request))
