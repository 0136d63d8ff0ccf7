"""Tickets: created by staff, customers, the IVR and missed callbacks; every change kept in history."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.errors import InvalidInput, NotFound
from chalicelib.phone import to_e164
from chalicelib.tables import TicketRecord
from chalicelib.tables.tickets import HistoryEntry

CATEGORIES = ("emergency", "complaint", "inquiry", "consultation", "fault", "order", "cancellation")
CHANNELS = ("phone", "web", "sms", "voicemail", "callback", "campaign")
OPEN_STATUSES = ("new", "assigned", "in_progress", "waiting_on_customer", "reopened")
#: Hours to resolve, by category (the default priority); tightened for higher priorities.
SLA_HOURS = {
    "emergency": 4,
    "complaint": 24,
    "fault": 24,
    "order": 48,
    "cancellation": 48,
    "inquiry": 72,
    "consultation": 72,
}


def to_dict(record: TicketRecord) -> dict[str, Any]:
    return {
        "id": record.ticket_id,
        "phone": record.phone,
        "channel": record.channel,
        "category": record.category,
        "priority": int(record.priority),
        "status": record.status,
        "subject": record.subject,
        "description": record.description,
        "assignee": record.assignee,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "due_at": record.due_at.isoformat(),
        "rating": int(record.rating) if record.rating is not None else None,
        "history": [
            {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "detail": e.detail.as_dict()}
            for e in record.history
        ],
    }


def create_ticket(body: dict[str, Any], *, actor: str) -> dict[str, Any]:
    """Open a ticket from validated input; returns it with its first history entry."""
    category = body.get("category")
    if category not in CATEGORIES:
        raise InvalidInput(f"category must be one of {', '.join(CATEGORIES)}; got {category!r}")
    channel = body.get("channel", "web")
    if channel not in CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}; got {channel!r}")
    phone = to_e164(str(body.get("phone", "")))
    subject = body.get("subject", "")
    if not isinstance(subject, str) or len(subject) > 200:
        raise InvalidInput("subject must be a string of at most 200 characters")
    description = body.get("description", "")
    if not isinstance(description, str) or len(description) > 4000:
        raise InvalidInput("description must be a string of at most 4000 characters")
    now = datetime.now(UTC)
    record = TicketRecord(
        f"T-{uuid.uuid4().hex[:12]}",
        phone=phone,
        channel=channel,
        category=category,
        priority=1 if category == "emergency" else 3,
        status="new",
        subject=subject,
        description=description,
        created_at=now,
        updated_at=now,
        due_at=now + timedelta(hours=SLA_HOURS[category]),
        open_phone=phone,
    )
    record.history = [HistoryEntry(at=now, actor=actor, action="created", detail={"channel": channel})]
    record.save()
    return to_dict(record)


def get_ticket(ticket_id: str) -> dict[str, Any]:
    try:
        return to_dict(TicketRecord.get(ticket_id))
    except TicketRecord.DoesNotExist:
        raise NotFound(f"no ticket {ticket_id}") from None
