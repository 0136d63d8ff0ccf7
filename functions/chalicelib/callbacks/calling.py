"""The callback Lambda's logic: at the slot, screen the number again, place the call, follow it up.

Every step is idempotent. Attempt ``n`` is claimed with a conditional write before dialling and
dialled with ClientToken ``callback-<booking>-<n>``, so a schedule delivered twice never calls
twice (Connect returns the same contact for the same token). The outcome arrives later as an
Amazon Connect contact event (``handle_contact_event``): answered -> completed; not answered ->
a retry within the slot, and when none is left, a ticket and an SMS.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action

from chalicelib.callbacks import bookings, scheduling
from chalicelib.callbacks.settings import CallbackSettings
from chalicelib.callbacks.slots import parse_slot_key
from chalicelib.tables import CallbackBookingRecord

CALLING = "calling"
RETRYING = "retrying"
COMPLETED = "completed"
MISSED = "missed"
REFUSED = "refused"
#: Statuses from which an attempt may start.
_DIALLABLE = (bookings.PENDING, RETRYING)
_TICKET_CATEGORIES = ("complaint", "inquiry", "consultation", "fault", "order", "cancellation")

PlaceCall = Callable[[Any], str]
Screen = Callable[[str], tuple[bool, str]]
OpenTicket = Callable[..., str]


@dataclass(frozen=True)
class AttemptResult:
    booking_id: str
    attempt: int
    action: str  # dialled | duplicate | skipped | refused | expired
    contact_id: str | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "bookingId": self.booking_id,
            "attempt": self.attempt,
            "action": self.action,
            "contactId": self.contact_id,
            "detail": self.detail,
        }


def client_token(booking_id: str, attempt: int) -> str:
    return f"callback-{booking_id}-{attempt}"


def screen_for_callback(phone: str) -> tuple[bool, str]:
    """(may we call, reason): the blacklist / do-not-call screening every outbound path uses."""
    from chalicelib.screening.screen import Purpose, screen_number

    result = screen_number(phone, Purpose.OUTBOUND_SERVICE)
    return result.may_dial, result.reason.value


def open_missed_callback_ticket(record: CallbackBookingRecord, contact_id: str | None) -> str:
    from chalicelib.tickets.lifecycle import open_ticket

    category = record.reason if record.reason in _TICKET_CATEGORIES else "inquiry"
    ticket = open_ticket(
        phone=record.phone,
        category=category,
        channel="callback",
        actor="callbacks",
        subject=f"Missed callback {bookings.reference(record)}",
        description=(
            f"Booked callback for {record.starts_at} was not answered after "
            f"{int(record.attempts or 0)} attempt(s). Reason given: {record.reason or '-'}"
        ),
        contact_id=contact_id,
    )
    return str(ticket.ticket_id)


def customer_summary(phone: str) -> str:
    """A line for the agent: who this is and what is open. Best effort: never blocks the call."""
    parts: list[str] = []
    try:
        from chalicelib.tables import CustomerRecord

        customer = CustomerRecord.get(phone)
        parts.append(f"{customer.name or 'customer'} ({customer.tier})")
    except Exception:
        parts.append("new customer")
    try:
        from chalicelib.tables import TicketRecord

        index = getattr(TicketRecord, "open_by_phone", None)
        if index is not None:
            open_tickets = sum(1 for _ in index.query(phone, limit=20))
            parts.append(f"{open_tickets} open ticket(s)")
    except Exception:
        pass
    try:
        earlier = sum(1 for _ in CallbackBookingRecord.by_phone.query(phone, limit=20))
        parts.append(f"{max(0, earlier - 1)} earlier callback booking(s)")
    except Exception:
        pass
    return "; ".join(parts)[:1000]


def _slot_end(record: CallbackBookingRecord, settings: CallbackSettings) -> datetime:
    if record.ends_at:
        return parse_slot_key(record.ends_at)
    return parse_slot_key(record.starts_at) + timedelta(minutes=settings.slot_minutes)


def _claim(record: CallbackBookingRecord, attempt: int, now: datetime) -> bool:
    """Take attempt ``attempt`` for this delivery; False when another delivery already took it."""
    try:
        actions: list[Action] = [
            CallbackBookingRecord.attempts.set(attempt),
            CallbackBookingRecord.status.set(CALLING),
            CallbackBookingRecord.contact_id.remove(),
            CallbackBookingRecord.updated_at.set(now),
        ]
        record.update(
            actions=actions,
            condition=CallbackBookingRecord.status.is_in(*_DIALLABLE)
            & (CallbackBookingRecord.attempts == attempt - 1),
        )
        return True
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False


def _finish(record: CallbackBookingRecord, status: str, outcome: str, now: datetime) -> None:
    record.update(
        actions=[
            CallbackBookingRecord.status.set(status),
            CallbackBookingRecord.outcome.set(outcome),
            CallbackBookingRecord.updated_at.set(now),
        ]
    )
    bookings.release_holds(record)


def fire_callback(
    booking_id: str,
    attempt: int,
    settings: CallbackSettings,
    *,
    now: datetime | None = None,
    place_call: PlaceCall | None = None,
    screen: Screen | None = None,
) -> AttemptResult:
    """What the scheduled ``fire_callback`` Lambda does for ``{"bookingId", "attempt"}``.

    Raises ``telephony.LinesBusy`` when Connect has no line now: the Scheduler redelivers, and
    the redelivery dials with the same ClientToken.
    """
    from chalicelib import telephony

    now = now or datetime.now(UTC)
    place_call = place_call or telephony.start_outbound_call
    screen = screen or screen_for_callback
    try:
        record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    except CallbackBookingRecord.DoesNotExist:
        return AttemptResult(booking_id, attempt, "skipped", detail="no such booking")
    already = int(record.attempts or 0)
    if already >= attempt:
        # Another delivery claimed this attempt. If it dialled, we are done; if it died before
        # dialling, dial with the same token (Connect will not place a second call for it).
        if record.status != CALLING or already != attempt or record.contact_id:
            return AttemptResult(
                booking_id, attempt, "duplicate", record.contact_id, "attempt already placed"
            )
    elif record.status not in _DIALLABLE:
        return AttemptResult(booking_id, attempt, "skipped", detail=f"booking is {record.status}")
    ends_at = _slot_end(record, settings)
    if now >= ends_at:
        _give_up(record, "late", settings, now, contact_id=None)
        return AttemptResult(booking_id, attempt, "expired", detail="the slot is over")
    may_call, reason = screen(record.phone)
    if not may_call:
        if record.status in _DIALLABLE or record.status == CALLING:
            _finish(record, REFUSED, reason, now)
        return AttemptResult(booking_id, attempt, "refused", detail=reason)
    if already < attempt and not _claim(record, attempt, now):
        return AttemptResult(booking_id, attempt, "duplicate", detail="attempt already placed")
    call = telephony.OutboundCall(
        destination=record.phone,
        attributes={
            "bookingId": record.booking_id,
            "bookingReference": bookings.reference(record),
            "bookingReason": record.reason or "",
            "language": record.language,
            "customerSummary": customer_summary(record.phone),
            "queueArn": "",
            "callbackAttempt": str(attempt),
        },
        client_token=client_token(booking_id, attempt),
        contact_flow_id=settings.callback_flow_id or None,
        queue_id=telephony.queue_id(settings.queue),
        name=f"Callback {bookings.reference(record)}",
        ring_timeout_s=30,
    )
    try:
        contact_id = place_call(call)
    except telephony.CallNotPermitted as refused:
        _finish(record, REFUSED, refused.code, now)
        return AttemptResult(booking_id, attempt, "refused", detail=refused.code)
    record.update(actions=[CallbackBookingRecord.contact_id.set(contact_id)])
    return AttemptResult(booking_id, attempt, "dialled", contact_id)


def record_outcome(
    booking_id: str,
    contact_id: str,
    outcome: str,
    settings: CallbackSettings,
    *,
    now: datetime | None = None,
    open_ticket: Callable[[CallbackBookingRecord, str | None], str] | None = None,
) -> str:
    """Apply a finished call's outcome (``answered`` or why not); returns the booking's new status.

    Only the call the booking is waiting on counts; a duplicated event finds it already applied.
    """
    now = now or datetime.now(UTC)
    record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    if record.status != CALLING or record.contact_id != contact_id:
        return str(record.status)
    if outcome == "answered":
        _settle(record, COMPLETED, outcome, now)
        return COMPLETED
    attempt = int(record.attempts or 1)
    retry_at = now + timedelta(minutes=settings.retry_minutes)
    ends_at = _slot_end(record, settings)
    if attempt < settings.max_attempts and retry_at < ends_at:
        if not _settle(record, RETRYING, outcome, now):
            return str(CallbackBookingRecord.get(booking_id, consistent_read=True).status)
        name = scheduling.schedule_call(booking_id, retry_at, settings, attempt + 1)
        record.update(actions=[CallbackBookingRecord.schedule_name.set(name)])
        return RETRYING
    _give_up(record, outcome, settings, now, contact_id=contact_id, open_ticket=open_ticket)
    return MISSED


def _settle(record: CallbackBookingRecord, status: str, outcome: str, now: datetime) -> bool:
    """Move from ``calling`` to ``status`` once (the first of duplicated events wins)."""
    try:
        record.update(
            actions=[
                CallbackBookingRecord.status.set(status),
                CallbackBookingRecord.outcome.set(outcome),
                CallbackBookingRecord.updated_at.set(now),
            ],
            condition=(CallbackBookingRecord.status == CALLING)
            & (CallbackBookingRecord.contact_id == (record.contact_id or "")),
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    if status == COMPLETED:
        bookings.release_holds(record)
    return True


def _give_up(
    record: CallbackBookingRecord,
    outcome: str,
    settings: CallbackSettings,
    now: datetime,
    *,
    contact_id: str | None,
    open_ticket: Callable[[CallbackBookingRecord, str | None], str] | None = None,
) -> None:
    """Finally missed: one ticket (idempotent per contact), one SMS, the holds released."""
    try:
        record.update(
            actions=[
                CallbackBookingRecord.status.set(MISSED),
                CallbackBookingRecord.outcome.set(outcome),
                CallbackBookingRecord.updated_at.set(now),
            ],
            condition=CallbackBookingRecord.status.is_in(CALLING, *_DIALLABLE),
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return  # another delivery already gave up
    ticket_id = (open_ticket or open_missed_callback_ticket)(
        record, contact_id or f"missed-{record.booking_id}"
    )
    record.update(actions=[CallbackBookingRecord.ticket_id.set(ticket_id)])
    bookings.release_holds(record)
    bookings.notify(record, "missed", settings)


def send_reminder(booking_id: str, settings: CallbackSettings, *, now: datetime | None = None) -> bool:
    """What ``send_callback_reminder`` does: one SMS per booking and slot, only while it is pending."""
    now = now or datetime.now(UTC)
    try:
        record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    except CallbackBookingRecord.DoesNotExist:
        return False
    if record.status != bookings.PENDING or parse_slot_key(record.starts_at) <= now:
        return False
    try:
        record.update(
            actions=[CallbackBookingRecord.reminder_sent.set(True)],
            condition=(CallbackBookingRecord.reminder_sent == False)  # noqa: E712 (a DynamoDB condition)
            & (CallbackBookingRecord.status == bookings.PENDING),
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    bookings.notify(record, "reminder", settings)
    return True


# --- contact events -------------------------------------------------------------------------

_VOICEMAIL = {"VOICEMAIL_BEEP", "VOICEMAIL_NO_BEEP", "AMD_UNANSWERED"}


def outcome_from_contact_event(detail: Mapping[str, Any]) -> str | None:
    """The outcome a DISCONNECTED contact event reports (None for other events).

    ``answered``: the customer reached an agent. Otherwise why not: ``voicemail``,
    ``hung_up`` (answered, but gone before an agent took it), ``no_answer``.
    """
    if detail.get("eventType") != "DISCONNECTED":
        return None
    agent = detail.get("agentInfo") or {}
    if agent.get("connectedToAgentTimestamp"):
        return "answered"
    status = str(detail.get("answeringMachineDetectionStatus") or "")
    if status in _VOICEMAIL:
        return "voicemail"
    if detail.get("connectedToSystemTimestamp"):
        return "hung_up"
    return "no_answer"


def handle_contact_event(detail: Mapping[str, Any], settings: CallbackSettings, **options: Any) -> bool:
    """Apply a contact event if it is about a callback call; False when it is not ours.

    For the contact-events consumer: call it with each event's ``detail``.
    """
    contact_id = detail.get("contactId")
    outcome = outcome_from_contact_event(detail)
    if not contact_id or outcome is None:
        return False
    matches = list(CallbackBookingRecord.by_contact.query(str(contact_id), limit=1))
    if not matches:
        return False
    if "now" not in options:
        # A retry is timed from when the call ended, which the event says (it may arrive late).
        options["now"] = _event_time(detail.get("disconnectTimestamp"))
    record_outcome(matches[0].booking_id, str(contact_id), outcome, settings, **options)
    return True


def _event_time(raw: object) -> datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None
