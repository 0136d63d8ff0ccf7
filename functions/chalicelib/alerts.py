"""Supervisor alerts: complaint tickets, tickets past their due time, low satisfaction scores and
warning-listed callers entering a queue, each raised once, published to the stage's alerts topic, and worked through (acknowledged, then
resolved) by a supervisor.

``plan_ticket_alerts`` decides from the open tickets what deserves an alert, without I/O;
``sweep`` reads the open tickets and raises what is new (a conditional put per alert, so a sweep
repeated or run twice at once raises and publishes each alert once). A low satisfaction score
shows as the follow-up ticket it opens (``quality.ratings``).

    >>> [a.alert_id for a in plan_ticket_alerts([{"id": "T-1", "category": "complaint",
    ...     "subject": "Rude agent", "due_at": "2026-11-30T10:00:00+00:00"}],
    ...     datetime.fromisoformat("2026-11-30T11:00:00+00:00"))]
    ['complaint_ticket:T-1', 'ticket_overdue:T-1']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.errors import Conflict, NotFound
from chalicelib.quality.ratings import FOLLOW_UP_SUBJECT

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from pynamodb.expressions.condition import Condition
    from pynamodb.expressions.update import Action

    from chalicelib.tables.alerts import AlertRecord

COMPLAINT = "complaint_ticket"
OVERDUE = "ticket_overdue"
LOW_SATISFACTION = "low_satisfaction"
WARNING_CALLER = "warning_caller"
KINDS = (COMPLAINT, OVERDUE, LOW_SATISFACTION, WARNING_CALLER)
#: The contact attribute the inbound flow sets on a warning-listed caller (infra/flows/inbound.py).
WARNING_ATTRIBUTE = "callerWarning"
OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"
#: Open tickets a sweep reads at most (pages of 100 of the open list, most overdue first).
MAX_SWEPT_TICKETS = 2000


@dataclass(frozen=True)
class PlannedAlert:
    kind: str
    subject: str  # the ticket id
    title: str

    @property
    def alert_id(self) -> str:
        return f"{self.kind}:{self.subject}"


def plan_ticket_alerts(tickets: Iterable[Mapping[str, Any]], now: datetime) -> list[PlannedAlert]:
    """The alerts these open tickets (``GET /tickets`` items) call for at ``now``."""
    planned: list[PlannedAlert] = []
    for ticket in tickets:
        ticket_id, subject = str(ticket["id"]), str(ticket.get("subject") or "")
        if ticket.get("category") == "complaint":
            kind = LOW_SATISFACTION if subject.startswith(FOLLOW_UP_SUBJECT) else COMPLAINT
            planned.append(PlannedAlert(kind, ticket_id, subject or f"Complaint {ticket_id}"))
        due = datetime.fromisoformat(str(ticket["due_at"]))
        if due < now:
            planned.append(PlannedAlert(OVERDUE, ticket_id, f"Past due since {due.isoformat()}: {subject}"))
    return planned


def warning_caller_queued(
    contact_id: str, attributes: Mapping[str, str], queue: str, now: datetime
) -> PlannedAlert | None:
    """The alert for a contact that entered ``queue`` flagged by the warning list, if it is."""
    if attributes.get(WARNING_ATTRIBUTE) != "true":
        return None
    return PlannedAlert(WARNING_CALLER, contact_id, f"Warning-list caller waiting in {queue or 'a queue'}")


def note_queued_contact(contact_id: str, queue: str, now: datetime) -> bool:
    """At a contact's QUEUED event: raise the warning-caller alert when the flow flagged the
    caller (its attributes, GetContactAttributes). Never fails the event: True if raised."""
    from chalicelib import telephony
    from chalicelib.observability import get_logger

    try:
        attributes = telephony.contact_attributes(contact_id)
        planned = warning_caller_queued(contact_id, attributes, queue, now)
        return raise_alert(planned, now) if planned else False
    except Exception:  # a missing alert must not make the KPI event retry forever
        get_logger().exception("warning-caller check failed", extra={"contact_id": contact_id})
        return False


def to_dict(record: AlertRecord) -> dict[str, Any]:
    def moment(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": record.alert_id,
        "kind": record.kind,
        "subject": record.subject,
        "title": record.title,
        "status": record.status,
        "raisedAt": moment(record.raised_at),
        "acknowledgedBy": record.acknowledged_by,
        "acknowledgedAt": moment(record.acknowledged_at),
        "resolvedBy": record.resolved_by,
        "resolvedAt": moment(record.resolved_at),
    }


def raise_alert(planned: PlannedAlert, now: datetime) -> bool:
    """Store the alert unless it was raised before, and publish it when new; True if new."""
    from chalicelib import notifications
    from chalicelib.tables import writes
    from chalicelib.tables.alerts import AlertRecord

    record = AlertRecord(
        planned.alert_id,
        kind=planned.kind,
        subject=planned.subject,
        title=planned.title[:500],
        raised_at=now,
        status=OPEN,
        open_list=OPEN,
    )
    if not writes.save_if(record, AlertRecord.alert_id.does_not_exist()):
        return False
    notifications.publish_alert(f"[{planned.kind}] {planned.title}", to_dict(record))
    return True


def _open_tickets() -> list[dict[str, Any]]:
    from chalicelib.tickets.queries import list_tickets

    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while len(items) < MAX_SWEPT_TICKETS:
        params = {"status": "open", "limit": "100", **({"next": cursor} if cursor else {})}
        page = list_tickets(params)
        items += page["items"]
        cursor = page["next"]
        if not cursor:
            break
    return items


def sweep(now: datetime | None = None) -> int:
    """Raise every alert the open tickets call for that was not raised before; how many are new."""
    from chalicelib import clock

    moment = now or clock.utcnow()
    return sum(raise_alert(planned, moment) for planned in plan_ticket_alerts(_open_tickets(), moment))


def open_alerts() -> list[dict[str, Any]]:
    """Every alert not yet resolved, oldest first (one query of the open-alerts index)."""
    from chalicelib.tables.alerts import AlertRecord

    return [to_dict(record) for record in AlertRecord.open_alerts.query(OPEN)]


def _load(alert_id: str) -> AlertRecord:
    from chalicelib.tables.alerts import AlertRecord

    try:
        return AlertRecord.get(alert_id, consistent_read=True)
    except AlertRecord.DoesNotExist:
        raise NotFound(f"no alert {alert_id}") from None


def acknowledge(alert_id: str, actor: str, now: datetime | None = None) -> dict[str, Any]:
    """The supervisor has seen it and is on it (an open alert only)."""
    from chalicelib import clock
    from chalicelib.tables.alerts import AlertRecord

    record = _load(alert_id)
    if record.status != OPEN:
        raise Conflict(f"alert {alert_id} is {record.status}, not open")
    return _change(
        record,
        [
            AlertRecord.status.set(ACKNOWLEDGED),
            AlertRecord.acknowledged_by.set(actor),
            AlertRecord.acknowledged_at.set(now or clock.utcnow()),
        ],
        AlertRecord.status == OPEN,
    )


def resolve(alert_id: str, actor: str, now: datetime | None = None) -> dict[str, Any]:
    """Done with it: it leaves the open list (an alert resolved once stays resolved)."""
    from chalicelib import clock
    from chalicelib.tables.alerts import AlertRecord

    record = _load(alert_id)
    if record.status == RESOLVED:
        raise Conflict(f"alert {alert_id} is resolved already")
    return _change(
        record,
        [
            AlertRecord.status.set(RESOLVED),
            AlertRecord.resolved_by.set(actor),
            AlertRecord.resolved_at.set(now or clock.utcnow()),
            AlertRecord.open_list.remove(),
        ],
        AlertRecord.status != RESOLVED,
    )


def _change(record: AlertRecord, actions: list[Action], still: Condition) -> dict[str, Any]:
    """Apply ``actions`` if ``still`` holds (another supervisor may have moved the alert since it
    was read); the update answers with the item as it now is, so it is not read again."""
    from chalicelib.tables import writes

    if not writes.update_if(record, actions, still):
        raise Conflict(f"alert {record.alert_id} changed meanwhile; reload it")
    return to_dict(record)
