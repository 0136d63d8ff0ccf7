"""Routes: the customer 360 the agent's console pops when a contact is offered (staff).

Agents need these; supervisors too (they listen in and take escalations).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from chalicelib.api.errors import route
from chalicelib.api.identity import STAFF

blueprint = Blueprint(__name__)


@route(blueprint, "/customers/{phone}/360", ["GET"], authorizer=STAFF)
def customer_360(phone: str) -> dict[str, Any]:
    from chalicelib.customer_360 import customer_360
    from chalicelib.phone import to_e164

    return customer_360(to_e164(unquote(phone)))


@route(blueprint, "/contacts/{contact_id}/360", ["GET"], authorizer=STAFF)
def contact_360(contact_id: str) -> dict[str, Any]:
    from chalicelib.customer_360 import contact_360

    return contact_360(contact_id)
