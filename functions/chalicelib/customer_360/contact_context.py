"""What the contact flows wrote on a contact, read back for the agent's screen (pure).

The inbound flow sets ``callerWarning``, ``screeningReason``, ``customerTier``, ``category``,
``openTicketId``, ``customerSummary`` and ``language``; the callback flow's call carries
``bookingId``, ``bookingReference`` and ``bookingReason``; a campaign call carries ``campaignId``,
``pressedKey`` and ``transferredToAgent``. ``"none"`` and ``""`` both mean "not set".

    >>> contact_context({"callerWarning": "true", "category": "fault", "pressedKey": ""})["warning"]
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

NOT_SET_VALUES = frozenset({"", "none"})


def _value(attributes: Mapping[str, str], name: str) -> str | None:
    value = str(attributes.get(name) or "").strip()
    return None if value in NOT_SET_VALUES else value


def contact_context(attributes: Mapping[str, str]) -> dict[str, Any]:
    """The contact's own facts: why it reached the agent, as the flows recorded them."""
    campaign_id = _value(attributes, "campaignId")
    booking_id = _value(attributes, "bookingId")
    return {
        "warning": _value(attributes, "callerWarning") == "true",
        "screening_reason": _value(attributes, "screeningReason"),
        "category": _value(attributes, "category"),
        "language": _value(attributes, "language"),
        "tier": _value(attributes, "customerTier"),
        "open_ticket_id": _value(attributes, "openTicketId"),
        "routed_to": _value(attributes, "routedTo"),
        "summary": _value(attributes, "customerSummary"),
        "booking": (
            {
                "id": booking_id,
                "reference": _value(attributes, "bookingReference"),
                "reason": _value(attributes, "bookingReason") or "",
            }
            if booking_id
            else None
        ),
        "campaign": (
            {
                "id": campaign_id,
                "key_pressed": _value(attributes, "pressedKey"),
                "transferred": _value(attributes, "transferredToAgent") == "true",
            }
            if campaign_id
            else None
        ),
    }
