"""The 360 for an Amazon Connect contact: the number and attributes Connect holds, then the view."""

from __future__ import annotations

from typing import Any

from chalicelib import telephony
from chalicelib.customer_360.compose import customer_360
from chalicelib.errors import InvalidInput


def contact_360(contact_id: str) -> dict[str, Any]:
    """The 360 of the customer on ``contact_id``, with what the flows recorded on the contact."""
    phone, attributes = telephony.caller_on_contact(contact_id)
    if phone is None and attributes.get("customerVerified") == "true":
        # A web chat has no phone number; POST /chat/start records the one a texted code proved.
        phone = attributes.get("customerPhone") or None
    if phone is None:
        raise InvalidInput("the contact has no customer phone number", code="no_customer_number")
    return {**customer_360(phone, attributes), "contact_id": contact_id}
