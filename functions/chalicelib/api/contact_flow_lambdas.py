"""Lambdas Amazon Connect invokes mid-call: look up the caller, leave a message, store a rating.

Contracts (the contact flows and the Connect simulator rely on these names and keys):

- ``lookup_customer`` -> ``known`` ("true"/"false"), ``tier``, ``priority`` ("1".."5"),
  ``language`` ("en-US"/"zh-CN"), ``openTicketId``, ``ownerAgentId`` (Connect user id of the
  open ticket's owner; ``none`` when nobody owns it or the owner is offline), ``openTicketCategory``,
  ``fallbackCategory`` (the open ticket's category when its owner is offline, else ``none``),
  ``summary``; "" where there is nothing.
- ``open_ticket_from_flow`` (Parameters ``category``, ``channel``, optional ``message``,
  ``recordingRef``) -> ``ticketId``.
- ``record_rating`` (Parameters ``rating`` "1".."5", optional ``ticketId``) -> ``stored``
  ("true"/"false").

Each takes the Connect event (``Details.ContactData``, ``Details.Parameters``) and returns a flat
map of strings. Bad input never raises: the flow gets a well-formed answer. Domain modules are
imported on first use to keep the cold start small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chalice import Blueprint

from chalicelib.telephony import NOT_SET

blueprint = Blueprint(__name__)

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_UNKNOWN_CALLER = {
    "known": "false",
    "tier": "normal",
    "priority": "5",
    "language": "en-US",
    "openTicketId": "",
    "ownerAgentId": NOT_SET,
    "openTicketCategory": NOT_SET,
    "fallbackCategory": NOT_SET,
    "summary": "",
}


@dataclass(frozen=True)
class FlowContact:
    contact_id: str
    phone: str | None  # E.164, or None when withheld or not a telephone number
    attributes: dict[str, str]
    parameters: dict[str, str]


def parse_contact(event: dict[str, Any]) -> FlowContact:
    details = event.get("Details") or {}
    data = details.get("ContactData") or {}
    endpoint = data.get("CustomerEndpoint") or {}
    address = str(endpoint.get("Address") or "")
    return FlowContact(
        contact_id=str(data.get("ContactId") or ""),
        phone=address if _E164.match(address) else None,
        attributes={str(k): str(v) for k, v in (data.get("Attributes") or {}).items() if v is not None},
        parameters={str(k): str(v) for k, v in (details.get("Parameters") or {}).items() if v is not None},
    )


def _log_failure(name: str, contact: FlowContact) -> None:
    from chalicelib.observability import get_logger

    get_logger().exception(f"{name} failed", extra={"contact_id": contact.contact_id})


@blueprint.lambda_function(name="lookup_customer")
def lookup_customer(event: dict[str, Any], context: Any) -> dict[str, str]:
    contact = parse_contact(event)
    if contact.phone is None:
        return dict(_UNKNOWN_CALLER)
    try:
        from chalicelib.caller_lookup import lookup_caller

        caller = lookup_caller(contact.phone)
    except Exception:
        # A failed lookup must not drop the call: route it as an unknown caller.
        _log_failure("lookup_customer", contact)
        return dict(_UNKNOWN_CALLER)
    return {
        "known": "true" if caller.known else "false",
        "tier": caller.tier,
        "priority": str(caller.priority),
        "language": caller.language,
        "openTicketId": caller.open_ticket_id,
        "ownerAgentId": caller.owner_connect_user_id or NOT_SET,
        "openTicketCategory": caller.open_ticket_category or NOT_SET,
        "fallbackCategory": caller.fallback_category or NOT_SET,
        "summary": caller.summary,
    }


@blueprint.lambda_function(name="open_ticket_from_flow")
def open_ticket_from_flow(event: dict[str, Any], context: Any) -> dict[str, str]:
    """A message left in the IVR becomes a ticket; one per contact however often Connect retries.

    An unknown category or channel is filed as an inquiry by phone rather than losing the message.
    """
    from chalicelib.tickets import TicketRequest, open_ticket
    from chalicelib.tickets.rules import CATEGORIES, CHANNELS

    contact = parse_contact(event)
    category = contact.parameters.get("category", "").strip().lower()
    channel = contact.parameters.get("channel", "").strip().lower()
    message = contact.parameters.get("message", "")[:4000]
    recording = contact.parameters.get("recordingRef", "")[:1024]
    ticket = open_ticket(
        TicketRequest(
            phone=contact.phone,
            category=category if category in CATEGORIES else "inquiry",
            channel=channel if channel in CHANNELS else "phone",
            actor="ivr",
            subject=f"{channel or 'phone'} message" if message or recording else "",
            description=message,
            contact_id=contact.contact_id or None,
            recording_ref=recording or None,
        )
    )
    return {"ticketId": ticket.ticket_id}


@blueprint.lambda_function(name="record_rating")
def record_rating(event: dict[str, Any], context: Any) -> dict[str, str]:
    """Store the 1-5 key press against the contact (and the ticket, when the flow knows it)."""
    contact = parse_contact(event)
    raw = contact.parameters.get("rating", "").strip()
    if not contact.contact_id or raw not in {"1", "2", "3", "4", "5"}:
        return {"stored": "false"}
    ticket_id = contact.parameters.get("ticketId") or contact.attributes.get("ticketId") or None
    try:
        from chalicelib.tickets import record_contact_rating

        stored = record_contact_rating(contact.contact_id, int(raw), ticket_id)
    except Exception:
        _log_failure("record_rating", contact)
        return {"stored": "false"}
    return {"stored": "true" if stored else "false"}
