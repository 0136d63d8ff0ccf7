"""The 360 for an Amazon Connect contact: the number and attributes Connect holds, then the view."""

from __future__ import annotations

from typing import Any

from chalicelib import telephony
from chalicelib.customer_360.compose import customer_360
from chalicelib.errors import InvalidInput, NotFound

_MISSING_CONTACT = frozenset({"ResourceNotFoundException", "ContactNotFoundException"})


def contact_360(contact_id: str) -> dict[str, Any]:
    """The 360 of the customer on ``contact_id``, with what the flows recorded on the contact."""
    from botocore.exceptions import ClientError

    try:
        phone = telephony.contact_customer_number(contact_id)
        attributes = telephony.contact_attributes(contact_id)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in _MISSING_CONTACT:
            raise NotFound(f"no contact {contact_id}") from None
        raise
    if phone is None:
        raise InvalidInput("the contact has no customer phone number", code="no_customer_number")
    return {**customer_360(phone, attributes), "contact_id": contact_id}
