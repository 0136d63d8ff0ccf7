"""The customer 360 an agent sees when a contact is offered, composed from the owning modules.

Each part is read where it lives: the profile (customers), the warning list and its note
(screening), open and recent tickets (tickets), recent contacts with their outcome and rating
(quality), a pending callback booking (callbacks). Every read is a GetItem or a Query on one
partition, so the screen pops in well under a second.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from chalicelib import clock
from chalicelib.customer_360.contact_context import contact_context

#: Tiers shown to the agent as VIP (queue priority 1 and 2).
VIP_TIERS = frozenset({"top", "relationship"})
RECENT_CONTACTS = 5
RECENT_TICKETS = 5


def _now() -> datetime:
    return datetime.fromtimestamp(clock.now(), UTC)


def _profile(phone: str) -> dict[str, Any] | None:
    from chalicelib import customers
    from chalicelib.tables import CustomerRecord

    try:
        return customers.to_dict(CustomerRecord.get(phone))
    except CustomerRecord.DoesNotExist:
        return None


def _warning(phone: str, now: datetime) -> dict[str, Any] | None:
    """The caller's active warning-list entry: the note is the reason it was added."""
    from chalicelib.screening import ScreeningList, read_entries

    entry = read_entries(phone).get(ScreeningList.WARN)
    if entry is None or not entry.is_active(now):
        return None
    return {"note": entry.reason, "added_by": entry.added_by, "added_at": entry.added_at.isoformat()}


def _tickets(phone: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from chalicelib.tickets import open_tickets_of_phone, recent_tickets_of_phone, summary_dict

    open_ones = [summary_dict(record) for record in open_tickets_of_phone(phone)]
    recent = [summary_dict(record) for record in recent_tickets_of_phone(phone, RECENT_TICKETS)]
    return open_ones, recent


def _contact_outcome(facts: dict[str, Any]) -> str:
    if facts.get("campaign_outcome"):
        return str(facts["campaign_outcome"])
    if facts.get("agent_connected_at"):
        return "handled"
    if facts.get("enqueued_at") and facts.get("disconnected_at"):
        return "abandoned"
    if facts.get("disconnected_at"):
        return "ended_in_ivr"
    return "in_progress"


def _contact_channel(facts: dict[str, Any]) -> str:
    if facts.get("campaign"):
        return "campaign"
    if facts.get("booking"):
        return "callback"
    return "phone"


def _recent_contacts(phone: str) -> list[dict[str, Any]]:
    """The customer's latest Connect contacts, as the quality records know them."""
    from chalicelib.quality.repeats import customer_key
    from chalicelib.tables.quality import CustomerContactRecord, QualityContactRecord

    links = list(
        CustomerContactRecord.query(customer_key(phone), scan_index_forward=False, limit=RECENT_CONTACTS)
    )
    contact_ids = [link.at_contact.split("#", 1)[1] for link in links]
    if not contact_ids:
        return []
    records = {record.contact_id: record for record in QualityContactRecord.batch_get(contact_ids)}
    contacts = []
    for contact_id in contact_ids:
        record = records.get(contact_id)
        if record is None:
            continue
        facts = dict(json.loads(record.facts))
        started = facts.get("initiated_at") or facts.get("seen_at")
        contacts.append(
            {
                "contact_id": contact_id,
                "at": datetime.fromtimestamp(float(started), UTC).isoformat() if started else None,
                "channel": _contact_channel(facts),
                "outcome": _contact_outcome(facts),
                "rating": facts.get("rating"),
                "agent": facts.get("agent"),
                "queue": facts.get("queue"),
                "campaign": facts.get("campaign"),
            }
        )
    return contacts


def _ticket_contacts(recent_tickets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tickets are contacts too (web forms, SMS, the IVR's messages): one line each."""
    return [
        {
            "ticket_id": ticket["id"],
            "at": ticket["created_at"],
            "channel": ticket["channel"],
            "outcome": ticket["status"],
            "rating": ticket["rating"],
            "category": ticket["category"],
        }
        for ticket in recent_tickets
    ]


def _pending_callback(phone: str, now: datetime) -> dict[str, Any] | None:
    from chalicelib.callbacks.bookings import PENDING
    from chalicelib.tables.callbacks import CallbackBookingRecord

    upcoming = CallbackBookingRecord.by_phone.query(
        phone,
        CallbackBookingRecord.starts_at >= now.isoformat(),
        filter_condition=CallbackBookingRecord.status == PENDING,
        limit=10,
    )
    for record in upcoming:
        return {
            "id": record.booking_id,
            "starts_at": record.starts_at,
            "queue": record.queue,
            "reason": record.reason or "",
            "channel": record.channel,
        }
    return None


def customer_360(phone: str, attributes: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the agent needs about ``phone`` (E.164) for one contact.

    ``attributes``: the contact's attributes, when the view is for an offered contact; its
    warning flag counts even if the list entry was removed since the flow screened the call.

        >>> view = customer_360("+12125550123", {"callerWarning": "true", "category": "fault"})
        >>> view["warning"]["flagged"], view["contact"]["category"]
        (True, 'fault')
    """
    now = _now()
    profile = _profile(phone)
    listed = _warning(phone, now)
    context = contact_context(attributes or {})
    open_tickets, recent_tickets = _tickets(phone)
    contacts = sorted(
        _recent_contacts(phone) + _ticket_contacts(recent_tickets),
        key=lambda item: item.get("at") or "",
        reverse=True,
    )
    tier = (profile or {}).get("tier") or context["tier"] or "normal"
    return {
        "phone": phone,
        "known": profile is not None,
        "name": (profile or {}).get("name"),
        "language": (profile or {}).get("language") or context["language"] or "en-US",
        "tier": tier,
        "vip": tier in VIP_TIERS,
        "warning": {
            "flagged": listed is not None or context["warning"],
            "note": (listed or {}).get("note") or "",
            "added_by": (listed or {}).get("added_by"),
            "added_at": (listed or {}).get("added_at"),
        },
        "open_tickets": open_tickets,
        "recent_contacts": contacts[: RECENT_CONTACTS + RECENT_TICKETS],
        "pending_callback": _pending_callback(phone, now),
        "contact": context,
    }
