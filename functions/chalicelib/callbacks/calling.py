"""The callback Lambda's logic: at the slot, screen the number again, place the call, follow it up.

Every step is idempotent. Attempt ``n`` is claimed with a conditional write, then its call gets a
durable intent (``chalicelib.effects``) before it is dialled with ClientToken
``callback-<booking>-<n>``. A redelivery that finds the attempt claimed but no contact saved
never dials blindly (Connect honours the token only while the first call is active): it adopts
the contact the intent names, finds it by its ``dialIntent`` attribute, waits, or gives up with
a ticket. The outcome arrives later as an Amazon Connect contact event
(``handle_contact_event``): answered -> completed; not answered -> a retry within the slot, and
when none is left, a ticket and an SMS. The work a status change implies (the retry's schedule,
the ticket, the SMS) is written with it (``follow_up``) and redone by any redelivery until done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.expressions.update import Action

from chalicelib import clock, effects
from chalicelib.callbacks import bookings, scheduling
from chalicelib.callbacks.attempt_plan import CALLING, DIALLABLE, RETRYING, BookingState, Step, plan_attempt
from chalicelib.callbacks.settings import CallbackSettings
from chalicelib.callbacks.slots import parse_slot_key
from chalicelib.tables import CallbackBookingRecord, writes

COMPLETED = "completed"
MISSED = "missed"
REFUSED = "refused"
_TICKET_CATEGORIES = ("complaint", "inquiry", "consultation", "fault", "order", "cancellation")
#: Outcome of an attempt whose call nobody can confirm (the dialler died mid-way, Connect lists none).
UNCONFIRMED = "unconfirmed"
#: How long an unfound call may still be ringing or unlisted before it is given up on.
CALL_SETTLE = timedelta(minutes=5)
#: ``follow_up`` values: the work a status change still owes.
FOLLOW_UP_SCHEDULE, FOLLOW_UP_TICKET, FOLLOW_UP_SMS = "schedule", "ticket", "sms"

PlaceCall = Callable[[Any], str]
Screen = Callable[[str], tuple[bool, str]]
OpenTicket = Callable[..., str]
FindContact = Callable[[str, datetime, datetime], str | None]


@dataclass(frozen=True)
class AttemptResult:
    booking_id: str
    attempt: int
    action: str  # dialled | reconciled | waiting | unconfirmed | duplicate | skipped | refused | expired
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


def call_intent(booking_id: str, attempt: int) -> str:
    """The ``chalicelib.effects`` key of an attempt's call (also its ``dialIntent`` attribute)."""
    return f"call#{client_token(booking_id, attempt)}"


def screen_for_callback(phone: str) -> tuple[bool, str]:
    """(may we call, reason): the blacklist / do-not-call screening every outbound path uses."""
    from chalicelib.screening.screen import Purpose, screen_number

    result = screen_number(phone, Purpose.OUTBOUND_SERVICE)
    return result.may_dial, result.reason.value


def open_missed_callback_ticket(record: CallbackBookingRecord, contact_id: str | None) -> str:
    from chalicelib.tickets.lifecycle import open_ticket
    from chalicelib.tickets.opening_plan import TicketRequest

    category = record.reason if record.reason in _TICKET_CATEGORIES else "inquiry"
    ticket = open_ticket(
        TicketRequest(
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
    actions: list[Action] = [
        CallbackBookingRecord.attempts.set(attempt),
        CallbackBookingRecord.status.set(CALLING),
        CallbackBookingRecord.contact_id.remove(),
        CallbackBookingRecord.updated_at.set(now),
    ]
    return writes.update_if(
        record,
        actions,
        CallbackBookingRecord.status.is_in(*DIALLABLE) & (CallbackBookingRecord.attempts == attempt - 1),
    )


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
    find_contact: FindContact | None = None,
    open_ticket: Callable[[CallbackBookingRecord, str | None], str] | None = None,
) -> AttemptResult:
    """What the scheduled ``fire_callback`` Lambda does for ``{"bookingId", "attempt"}``: carries
    out the plan ``attempt_plan.plan_attempt`` makes from the booking.

    Raises ``telephony.LinesBusy`` when Connect has no line now (the intent is marked not done):
    the Scheduler redelivers, and the redelivery dials with the same ClientToken.
    """
    now = now or clock.utcnow()
    try:
        record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    except CallbackBookingRecord.DoesNotExist:
        return AttemptResult(booking_id, attempt, "skipped", detail="no such booking")
    if record.follow_up:
        _follow_up(record, settings, now, open_ticket)
    booking = BookingState(
        record.status, int(record.attempts or 0), record.contact_id, _slot_end(record, settings)
    )
    plan = plan_attempt(booking, attempt, now)
    if plan.step is Step.RECOVER:
        recovered = _recover_call(record, attempt, settings, now, find_contact, open_ticket)
        if recovered is not None:
            return recovered
        plan = plan_attempt(booking, attempt, now, earlier_call_not_placed=True)
    if plan.step is Step.DUPLICATE:
        return AttemptResult(booking_id, attempt, "duplicate", record.contact_id, plan.detail)
    if plan.step is Step.SKIP:
        return AttemptResult(booking_id, attempt, "skipped", detail=plan.detail)
    if plan.step is Step.EXPIRE:
        _give_up(record, "late", settings, now, open_ticket=open_ticket)
        return AttemptResult(booking_id, attempt, "expired", detail=plan.detail)
    may_call, reason = (screen or screen_for_callback)(record.phone)
    if not may_call:
        if record.status in DIALLABLE or record.status == CALLING:
            _finish(record, REFUSED, reason, now)
        return AttemptResult(booking_id, attempt, "refused", detail=reason)
    if plan.claim and not _claim(record, attempt, now):
        return AttemptResult(booking_id, attempt, "duplicate", detail="attempt already placed")
    return _dial(record, attempt, settings, now, place_call)


def _dial(
    record: CallbackBookingRecord,
    attempt: int,
    settings: CallbackSettings,
    now: datetime,
    place_call: PlaceCall | None,
) -> AttemptResult:
    """Record the intent of the claimed attempt's call, then place it (at most once)."""
    from chalicelib import telephony

    booking_id = record.booking_id
    key = call_intent(booking_id, attempt)
    intent = effects.begin(key, {"origin": "callback", "origin_id": booking_id, "attempt": str(attempt)}, now)
    if not intent.fresh:  # another delivery is dialling this very attempt right now
        return AttemptResult(booking_id, attempt, "duplicate", detail="attempt being placed")
    call = telephony.OutboundCall(
        destination=record.phone,
        attributes={
            "bookingId": record.booking_id,
            "bookingReference": bookings.reference(record),
            "bookingReason": record.reason or "",
            "language": record.language,
            "customerSummary": customer_summary(record.phone),
            "queueArn": telephony.NOT_SET,
            "callbackAttempt": str(attempt),
            "dialIntent": key,
        },
        client_token=client_token(booking_id, attempt),
        contact_flow_id=settings.callback_flow_id or None,
        queue_id=telephony.queue_id(settings.queue),
        name=f"Callback {bookings.reference(record)}",
        ring_timeout_s=30,
    )
    try:
        contact_id = (place_call or telephony.start_outbound_call)(call)
    except telephony.LinesBusy:
        effects.not_done(key, now, "lines busy")
        raise
    except telephony.CallNotPermitted as refused:
        effects.not_done(key, now, refused.code)
        _finish(record, REFUSED, refused.code, now)
        return AttemptResult(booking_id, attempt, "refused", detail=refused.code)
    effects.done(key, contact_id, now)
    _save_contact(record, attempt, contact_id)
    return AttemptResult(booking_id, attempt, "dialled", contact_id)


def _recover_call(
    record: CallbackBookingRecord,
    attempt: int,
    settings: CallbackSettings,
    now: datetime,
    find_contact: FindContact | None,
    open_ticket: Callable[[CallbackBookingRecord, str | None], str] | None,
) -> AttemptResult | None:
    """Settle an attempt an earlier delivery claimed; None when its call surely was not placed."""
    booking_id = record.booking_id
    key = call_intent(booking_id, attempt)
    intent = effects.get(key)
    if intent is None or intent.status == effects.NOT_DONE:
        return None  # the intent is written before the call: no intent, no call
    found = None
    if intent.status == effects.PENDING:
        from chalicelib import contact_search

        found = (find_contact or contact_search.find_contact)(key, intent.started_at, now)
    recovery, contact_id = effects.plan_recovery(intent, found=found, now=now, settle=CALL_SETTLE)
    if recovery is effects.Recovery.ADOPT and contact_id:
        effects.done(key, contact_id, now)
        _save_contact(record, attempt, contact_id)
        return AttemptResult(booking_id, attempt, "reconciled", contact_id, "the earlier call was found")
    if recovery is effects.Recovery.WAIT:
        scheduling.schedule_recheck(booking_id, intent.started_at + CALL_SETTLE, settings, attempt)
        return AttemptResult(booking_id, attempt, "waiting", detail="the earlier call is not listed yet")
    if recovery is effects.Recovery.GIVE_UP:
        effects.gave_up(key, now, "no contact found for the intent")
        _give_up(record, UNCONFIRMED, settings, now, open_ticket=open_ticket)
        return AttemptResult(booking_id, attempt, UNCONFIRMED, detail="the call cannot be confirmed")
    return AttemptResult(booking_id, attempt, "duplicate", detail="attempt already settled")


def _save_contact(record: CallbackBookingRecord, attempt: int, contact_id: str) -> bool:
    """Tie the contact to the attempt it was placed for, unless the booking moved on already."""
    return writes.update_if(
        record,
        [CallbackBookingRecord.contact_id.set(contact_id)],
        (CallbackBookingRecord.status == CALLING)
        & (CallbackBookingRecord.attempts == attempt)
        & CallbackBookingRecord.contact_id.does_not_exist(),
    )


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

    Only the call the booking is waiting on counts; a duplicated event finds it already applied
    (and finishes the follow-up work an earlier delivery of it left undone).
    """
    now = now or clock.utcnow()
    record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    if record.follow_up and record.contact_id == contact_id:
        _follow_up(record, settings, now, open_ticket)
        return str(record.status)
    if record.status != CALLING or record.contact_id != contact_id:
        return str(record.status)
    if outcome == "answered":
        _settle(record, COMPLETED, outcome, now)
        return COMPLETED
    attempt = int(record.attempts or 1)
    retry_at = now + timedelta(minutes=settings.retry_minutes)
    ends_at = _slot_end(record, settings)
    if attempt < settings.max_attempts and retry_at < ends_at:
        retry: list[Action] = [
            CallbackBookingRecord.follow_up.set(FOLLOW_UP_SCHEDULE),
            CallbackBookingRecord.retry_at.set(retry_at),
            CallbackBookingRecord.schedule_name.set(
                scheduling.callback_schedule_name(booking_id, attempt + 1)
            ),
        ]
        if not _settle(record, RETRYING, outcome, now, also=retry):
            return str(CallbackBookingRecord.get(booking_id, consistent_read=True).status)
        _follow_up(record, settings, now, open_ticket)
        return RETRYING
    _give_up(record, outcome, settings, now, open_ticket=open_ticket)
    return MISSED


def _settle(
    record: CallbackBookingRecord,
    status: str,
    outcome: str,
    now: datetime,
    also: list[Action] | None = None,
) -> bool:
    """Move from ``calling`` to ``status`` once (the first of duplicated events wins)."""
    if not writes.update_if(
        record,
        [
            CallbackBookingRecord.status.set(status),
            CallbackBookingRecord.outcome.set(outcome),
            CallbackBookingRecord.updated_at.set(now),
            *(also or []),
        ],
        (CallbackBookingRecord.status == CALLING)
        & (CallbackBookingRecord.contact_id == (record.contact_id or "")),
    ):
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
    open_ticket: Callable[[CallbackBookingRecord, str | None], str] | None = None,
) -> None:
    """Finally missed: one ticket (idempotent per contact), one SMS, the holds released.

    The status and the work it owes are one write; the work itself is redone until done.
    """
    if not writes.update_if(
        record,
        [
            CallbackBookingRecord.status.set(MISSED),
            CallbackBookingRecord.outcome.set(outcome),
            CallbackBookingRecord.follow_up.set(FOLLOW_UP_TICKET),
            CallbackBookingRecord.updated_at.set(now),
        ],
        CallbackBookingRecord.status.is_in(CALLING, *DIALLABLE),
    ):
        record.refresh(consistent_read=True)  # another delivery gave up; finish what it left
    if record.follow_up:
        _follow_up(record, settings, now, open_ticket)


def _follow_up(
    record: CallbackBookingRecord,
    settings: CallbackSettings,
    now: datetime,
    open_ticket: Callable[[CallbackBookingRecord, str | None], str] | None,
) -> None:
    """Do the work the booking's last status change owes, step by step; each step is idempotent
    and clears itself with a conditional write, so a crash anywhere is finished by a redelivery."""
    step = record.follow_up
    if step == FOLLOW_UP_SCHEDULE and record.retry_at is not None:
        scheduling.schedule_call(record.booking_id, record.retry_at, settings, int(record.attempts or 1) + 1)
        _next_step(record, FOLLOW_UP_SCHEDULE, None)
        return
    if step == FOLLOW_UP_TICKET:
        ticket_id = (open_ticket or open_missed_callback_ticket)(
            record, record.contact_id or f"missed-{record.booking_id}"
        )
        _next_step(record, FOLLOW_UP_TICKET, FOLLOW_UP_SMS, CallbackBookingRecord.ticket_id.set(ticket_id))
        step = record.follow_up
    if step == FOLLOW_UP_SMS:
        from chalicelib import messaging

        bookings.release_holds(record)
        messaging.send_once(
            f"callback-missed#{record.booking_id}",
            record.phone,
            bookings.notification_text(record, "missed", settings),
            now,
        )
        _next_step(record, FOLLOW_UP_SMS, None)


def _next_step(record: CallbackBookingRecord, done: str, after: str | None, *more: Action) -> None:
    """``done`` is done: move ``follow_up`` to ``after`` (None: nothing left), once."""
    step = CallbackBookingRecord.follow_up.set(after) if after else CallbackBookingRecord.follow_up.remove()
    if not writes.update_if(record, [step, *more], CallbackBookingRecord.follow_up == done):
        record.refresh(consistent_read=True)


def send_reminder(booking_id: str, settings: CallbackSettings, *, now: datetime | None = None) -> bool:
    """What ``send_callback_reminder`` does: one SMS per booking and slot, only while it is pending.

    Raises when the SMS could not be sent, so Lambda's retries (then the dead-letter queue) have it.
    """
    from chalicelib import messaging

    now = now or clock.utcnow()
    try:
        record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    except CallbackBookingRecord.DoesNotExist:
        return False
    if record.status != bookings.PENDING or parse_slot_key(record.starts_at) <= now:
        return False
    sent = messaging.send_once(
        f"callback-reminder#{booking_id}#{record.starts_at}",
        record.phone,
        bookings.notification_text(record, "reminder", settings),
        now,
    )
    if sent.status != "sent" or sent.message_id is None:
        return False
    return writes.update_if(
        record,
        [CallbackBookingRecord.reminder_sent.set(True)],
        CallbackBookingRecord.reminder_sent == False,  # noqa: E712 (a DynamoDB condition)
    )  # False: an earlier delivery sent it


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
    if matches:
        booking_id = matches[0].booking_id
    else:
        # The event may beat the dialler's write of the contact id (or that write failed): the
        # call's own attributes name its intent, which names the booking and the attempt.
        adopted = adopt_contact(str(contact_id), options.get("now") or clock.utcnow())
        if adopted is None:
            return False
        booking_id = adopted
    if "now" not in options:
        # A retry is timed from when the call ended, which the event says (it may arrive late).
        options["now"] = _event_time(detail.get("disconnectTimestamp"))
    record_outcome(booking_id, str(contact_id), outcome, settings, **options)
    return True


def adopt_contact(contact_id: str, now: datetime) -> str | None:
    """Tie an API-initiated contact nobody recorded to the callback attempt that placed it;
    returns the booking id (None when the contact is not a callback's)."""
    found = effects.call_intent_of_contact(contact_id, "callback")
    if found is None:
        return None
    key, intent = found
    booking_id, attempt = intent.subject["origin_id"], int(intent.subject.get("attempt") or 1)
    effects.done(key, contact_id, now)
    try:
        record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    except CallbackBookingRecord.DoesNotExist:
        return None
    _save_contact(record, attempt, contact_id)
    return booking_id


def _event_time(raw: object) -> datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None
