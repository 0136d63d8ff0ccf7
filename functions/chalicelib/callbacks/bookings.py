"""Booking, moving and cancelling callbacks: each is ONE DynamoDB transaction.

A booking takes, all or nothing: a place in the slot (conditional increment below capacity), the
booking item, the customer's ``queue#`` hold (one pending callback per queue) and ``slot#`` hold
(never two calls at the same time), and, from the web, the SMS verification it consumes. So a
slot never takes more than its capacity however many requests race for it, and a customer never
holds overlapping bookings. Cancel and move give the place back in the same kind of transaction.
Schedules (``scheduling``) follow the committed change; their handlers re-read the booking.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib import clock
from chalicelib.callbacks import scheduling
from chalicelib.callbacks.settings import CallbackSettings
from chalicelib.callbacks.slots import Slot, bookable_slot, free_slots, label, parse_slot_key, slot_key
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.phone import mask
from chalicelib.tables import (
    CallbackBookingRecord,
    CallbackHoldRecord,
    CallbackSlotRecord,
    CallbackVerificationRecord,
    writes,
)

PENDING = "booked"
CANCELLED = "cancelled"
#: A customer-facing reason is short free text; the page offers a list.
MAX_REASON_LENGTH = 200
#: Bookings (personal data) are deleted this long after their slot.
RETENTION = timedelta(days=90)
_CONTENTION_RETRIES = 6


class SlotFull(Conflict):
    """The slot has no room left; ``next_slots`` are the nearest ones that do."""

    code = "slot_full"

    def __init__(self, message: str, next_slots: list[Slot]) -> None:
        super().__init__(message)
        self.next_slots = next_slots


class AlreadyBooked(Conflict):
    """The customer already holds a pending callback (same queue, or the same time)."""

    code = "already_booked"

    def __init__(self, message: str, booking_id: str | None, *, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.booking_id = booking_id


@dataclass(frozen=True)
class BookingRequest:
    phone: str  # E.164, already verified (SMS code) or identified (caller id)
    starts_at: datetime
    reason: str = ""
    language: str = "en-US"
    customer_time_zone: str | None = None
    channel: str = "web"  # web | ivr
    verification_id: str | None = None


def _commit_with_retries(build: Any) -> tuple[writes.LabelledTransaction, dict[str, str]]:
    """Run the transaction ``build()`` makes; retry DynamoDB's transaction conflicts (contention)."""
    for attempt in range(_CONTENTION_RETRIES):
        transaction = build()
        try:
            transaction.commit()
            return transaction, {}
        except TransactWriteError as error:
            failed = transaction.failed(error)
            if not failed:
                raise
            if set(failed.values()) <= {writes.TRANSACTION_CONFLICT, writes.THROTTLED}:
                time.sleep(random.uniform(0.01, 0.05) * (2**attempt))
                continue
            return transaction, failed
    raise Conflict("the booking system is busy; please try again", code="busy")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _hold_is_free(now: datetime) -> Condition:
    free: Condition = CallbackHoldRecord.hold.does_not_exist() | (CallbackHoldRecord.expires_at < _utc(now))
    return free


def _holds_of(record: CallbackBookingRecord) -> tuple[str, str]:
    return f"queue#{record.queue}", f"slot#{record.starts_at}"


def _existing_booking_id(phone: str, hold: str) -> str | None:
    try:
        return CallbackHoldRecord.get(phone, hold, consistent_read=True).booking_id
    except CallbackHoldRecord.DoesNotExist:
        return None


def _take_place(
    transaction: writes.LabelledTransaction, queue: str, slot: Slot, settings: CallbackSettings
) -> None:
    """Add to ``transaction`` a place in ``slot``, taken only while the slot has room: a full slot is
    never overbooked, however many requests race for it."""
    transaction.add(
        "update",
        "slot",
        CallbackSlotRecord(queue, slot.key),
        actions=[
            CallbackSlotRecord.booked.add(1),
            CallbackSlotRecord.capacity.set(settings.capacity),
            CallbackSlotRecord.expires_at.set(_utc(slot.ends_at + timedelta(days=1))),
        ],
        condition=CallbackSlotRecord.booked.does_not_exist()
        | (CallbackSlotRecord.booked < settings.capacity),
    )


def _leave_current_slot(
    record: CallbackBookingRecord, changes: Sequence[Action], released_holds: dict[str, str], now: datetime
) -> writes.LabelledTransaction:
    """The part cancel and move share: a transaction that applies ``changes`` to a pending booking
    (label ``booking``) and gives its place in its current slot back (``old_slot``); the caller adds
    what else it does.

    The booking changes only while it is still pending at the slot it was read at, so of two racing
    changes one fails: a booking never gives its place back twice. ``released_holds`` (label -> hold)
    are deleted unless another booking has taken them since.
    """
    transaction = writes.LabelledTransaction(CallbackSlotRecord)
    for part, hold in released_holds.items():
        transaction.add(
            "delete",
            part,
            CallbackHoldRecord(record.phone, hold),
            condition=CallbackHoldRecord.hold.does_not_exist()
            | (CallbackHoldRecord.booking_id == record.booking_id),
        )
    transaction.add(
        "update",
        "booking",
        record,
        actions=[*changes, CallbackBookingRecord.updated_at.set(now)],
        condition=(CallbackBookingRecord.status == PENDING)
        & (CallbackBookingRecord.starts_at == record.starts_at),
    )
    transaction.add(
        "update",
        "old_slot",
        CallbackSlotRecord(record.queue, record.starts_at),
        actions=[CallbackSlotRecord.booked.add(-1)],
        condition=CallbackSlotRecord.booked > 0,
    )
    return transaction


def validated_reason(raw: object) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str) or len(raw) > MAX_REASON_LENGTH:
        raise InvalidInput(
            f"reason must be text of at most {MAX_REASON_LENGTH} characters", code="invalid_reason"
        )
    return raw.strip()


def pending_booking(phone: str, queue: str, now: datetime | None = None) -> CallbackBookingRecord | None:
    """The customer's pending callback for ``queue``, if any (what the IVR offers to move)."""
    now = now or clock.utcnow()
    try:
        hold = CallbackHoldRecord.get(phone, f"queue#{queue}", consistent_read=True)
    except CallbackHoldRecord.DoesNotExist:
        return None
    if hold.expires_at < now:
        return None
    try:
        record = CallbackBookingRecord.get(hold.booking_id, consistent_read=True)
    except CallbackBookingRecord.DoesNotExist:
        return None
    return record if record.status == PENDING else None


def book(
    request: BookingRequest, settings: CallbackSettings, *, now: datetime | None = None
) -> CallbackBookingRecord:
    """Book the slot in one transaction, then schedule the call and its reminder."""
    now = now or clock.utcnow()
    slot = bookable_slot(settings, request.starts_at, now)
    booking_id = uuid.uuid4().hex
    queue = settings.queue
    record = CallbackBookingRecord(
        booking_id,
        phone=request.phone,
        queue=queue,
        starts_at=slot.key,
        ends_at=slot_key(slot.ends_at),
        reason=request.reason,
        language=request.language,
        customer_time_zone=request.customer_time_zone,
        channel=request.channel,
        status=PENDING,
        attempts=0,
        schedule_name=scheduling.callback_schedule_name(booking_id),
        created_at=now,
        updated_at=now,
        expires_at=_utc(slot.ends_at + RETENTION),
    )
    queue_hold, slot_hold = _holds_of(record)

    def build() -> writes.LabelledTransaction:
        transaction = writes.LabelledTransaction(CallbackSlotRecord)
        transaction.add(
            "save", "booking", record, condition=CallbackBookingRecord.booking_id.does_not_exist()
        )
        for part, hold in (("queue_hold", queue_hold), ("slot_hold", slot_hold)):
            item = CallbackHoldRecord(
                request.phone, hold, booking_id=booking_id, expires_at=_utc(slot.ends_at)
            )
            transaction.add("save", part, item, condition=_hold_is_free(now))
        _take_place(transaction, queue, slot, settings)
        if request.verification_id:
            transaction.add(
                "update",
                "verification",
                CallbackVerificationRecord("code#" + request.verification_id),
                actions=[CallbackVerificationRecord.used_by.set(booking_id)],
                condition=CallbackVerificationRecord.used_by.does_not_exist()
                & (CallbackVerificationRecord.verified == True)  # noqa: E712 (a DynamoDB condition)
                & (CallbackVerificationRecord.phone == request.phone),
            )
        return transaction

    _, failed = _commit_with_retries(build)
    if failed:
        _refuse_booking(failed, request, settings, slot, now)
    try:
        scheduling.schedule_booking(booking_id, slot.starts_at, settings, now)
    except Exception:
        # No schedule, no call: give the place back rather than keep a booking nobody will honour.
        cancel(booking_id, settings, now=now, tell_customer=False)
        raise
    notify(record, "booked", settings)
    return record


def _refuse_booking(
    failed: dict[str, str], request: BookingRequest, settings: CallbackSettings, slot: Slot, now: datetime
) -> None:
    if "verification" in failed:
        raise Conflict(
            "this code has already confirmed a booking, or was not verified; ask for a new code",
            code="verification_used",
        )
    if "queue_hold" in failed:
        existing = _existing_booking_id(request.phone, f"queue#{settings.queue}")
        raise AlreadyBooked(
            "you already have a callback booked; move or cancel it instead of booking another", existing
        )
    if "slot_hold" in failed:
        existing = _existing_booking_id(request.phone, f"slot#{slot.key}")
        raise AlreadyBooked("you already have a callback at that time", existing, code="overlapping_booking")
    if "slot" in failed:
        raise SlotFull(
            "that slot is full; please choose another time",
            free_slots(settings, now, limit=5, after=slot.ends_at),
        )
    raise Conflict("the booking could not be made; please try again", code="busy")


def get_booking(booking_id: str) -> CallbackBookingRecord:
    if not isinstance(booking_id, str) or not booking_id.isalnum():
        raise NotFound("no such booking", code="booking_not_found")
    try:
        return CallbackBookingRecord.get(booking_id, consistent_read=True)
    except CallbackBookingRecord.DoesNotExist:
        raise NotFound("no such booking", code="booking_not_found") from None


def _ensure_changeable(record: CallbackBookingRecord, now: datetime, action: str) -> None:
    if record.status != PENDING:
        raise Conflict(f"a {record.status} callback cannot be {action}", code="booking_not_pending")
    if parse_slot_key(record.starts_at) <= now:
        raise Conflict(
            f"the callback time has come; it can no longer be {action}", code="booking_not_pending"
        )


def cancel(
    booking_id: str, settings: CallbackSettings, *, now: datetime | None = None, tell_customer: bool = True
) -> CallbackBookingRecord:
    """Cancel a pending booking and give its place back (idempotent: cancelling twice is fine)."""
    now = now or clock.utcnow()
    record = get_booking(booking_id)
    if record.status == CANCELLED:
        return record
    _ensure_changeable(record, now, "cancelled")
    queue_hold, slot_hold = _holds_of(record)

    def build() -> writes.LabelledTransaction:
        released = {"queue_hold": queue_hold, "slot_hold": slot_hold}
        return _leave_current_slot(record, [CallbackBookingRecord.status.set(CANCELLED)], released, now)

    _, failed = _commit_with_retries(build)
    if failed:
        current = get_booking(booking_id)
        if current.status == CANCELLED:
            return current
        raise Conflict("the booking changed meanwhile; reload and try again", code="booking_changed")
    scheduling.unschedule_booking(booking_id, settings, tuple(filter(None, [record.schedule_name])))
    if tell_customer:
        notify(record, "cancelled", settings)
    return get_booking(booking_id)


def reschedule(
    booking_id: str, new_start: datetime, settings: CallbackSettings, *, now: datetime | None = None
) -> CallbackBookingRecord:
    """Move a pending booking to another slot in one transaction; its schedules move with it."""
    now = now or clock.utcnow()
    record = get_booking(booking_id)
    _ensure_changeable(record, now, "moved")
    slot = bookable_slot(settings, new_start, now)
    if slot.key == record.starts_at:
        return record
    queue_hold, old_slot_hold = _holds_of(record)
    new_slot_hold = f"slot#{slot.key}"
    mine = CallbackHoldRecord.booking_id == booking_id

    def build() -> writes.LabelledTransaction:
        moved_to = [
            CallbackBookingRecord.starts_at.set(slot.key),
            CallbackBookingRecord.ends_at.set(slot_key(slot.ends_at)),
            CallbackBookingRecord.reminder_sent.set(False),
            CallbackBookingRecord.expires_at.set(_utc(slot.ends_at + RETENTION)),
        ]
        transaction = _leave_current_slot(record, moved_to, {"old_slot_hold": old_slot_hold}, now)
        hold_expiry = _utc(slot.ends_at)
        transaction.add(
            "save",
            "slot_hold",
            CallbackHoldRecord(record.phone, new_slot_hold, booking_id=booking_id, expires_at=hold_expiry),
            condition=_hold_is_free(now),
        )
        transaction.add(
            "save",
            "queue_hold",
            CallbackHoldRecord(record.phone, queue_hold, booking_id=booking_id, expires_at=hold_expiry),
            condition=CallbackHoldRecord.hold.does_not_exist() | mine,
        )
        _take_place(transaction, record.queue, slot, settings)
        return transaction

    _, failed = _commit_with_retries(build)
    if "slot" in failed:
        raise SlotFull(
            "that slot is full; please choose another time",
            free_slots(settings, now, limit=5, after=slot.ends_at),
        )
    if "slot_hold" in failed:
        raise AlreadyBooked(
            "you already have a callback at that time",
            _existing_booking_id(record.phone, new_slot_hold),
            code="overlapping_booking",
        )
    if failed:
        raise Conflict("the booking changed meanwhile; reload and try again", code="booking_changed")
    scheduling.schedule_booking(booking_id, slot.starts_at, settings, now)
    moved = get_booking(booking_id)
    notify(moved, "moved", settings)
    return moved


def release_holds(record: CallbackBookingRecord) -> None:
    """The callback is over (answered or finally missed): the customer may book again."""
    for hold in _holds_of(record):
        # False: a hold taken over after expiry is not ours to delete
        writes.delete_if(
            CallbackHoldRecord(record.phone, hold), CallbackHoldRecord.booking_id == record.booking_id
        )


def notification_text(record: CallbackBookingRecord, key: str, settings: CallbackSettings) -> str:
    """The SMS ``key`` (booked, reminder, missed ...) about this booking, in the customer's language."""
    from chalicelib.callbacks import messages

    when = label(parse_slot_key(record.starts_at), customer_zone(record, settings), record.language)
    return messages.text(
        key, record.language, when=when, reference=reference(record), link=manage_link(record)
    )


def notify(record: CallbackBookingRecord, key: str, settings: CallbackSettings) -> None:
    """Best effort: an SMS that cannot be sent must not undo a committed change."""
    from chalicelib import messaging
    from chalicelib.observability import get_logger

    text = notification_text(record, key, settings)
    try:
        messaging.send_sms(record.phone, text)
    except Exception as error:
        get_logger().warning(
            "callback SMS not sent", extra={"booking": record.booking_id, "error": str(error)}
        )


def reference(record: CallbackBookingRecord) -> str:
    """The short reference read to and by people (SMS, agent screen)."""
    return record.booking_id[:8].upper()


def customer_zone(record: CallbackBookingRecord, settings: CallbackSettings) -> ZoneInfo:
    """The zone the customer booked in (their browser's), else the business's."""
    if record.customer_time_zone:
        try:
            return ZoneInfo(record.customer_time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return settings.time_zone


def manage_link(record: CallbackBookingRecord) -> str:
    """Where the customer sees, moves or cancels the booking (the booking id is the capability)."""
    base = os.environ.get("PUBLIC_API_URL", "").rstrip("/")
    return f"{base}/book?booking={record.booking_id}"


def to_dict(record: CallbackBookingRecord, settings: CallbackSettings) -> dict[str, Any]:
    zone = customer_zone(record, settings)
    starts_at = parse_slot_key(record.starts_at)
    ends_at = (
        parse_slot_key(record.ends_at)
        if record.ends_at
        else starts_at + timedelta(minutes=settings.slot_minutes)
    )
    return {
        "id": record.booking_id,
        "reference": reference(record),
        "status": record.status,
        "queue": record.queue,
        "phone": mask(record.phone),
        "startsAt": record.starts_at,
        "endsAt": slot_key(ends_at),
        "localStart": starts_at.astimezone(zone).isoformat(),
        "localEnd": ends_at.astimezone(zone).isoformat(),
        "label": label(starts_at, zone, record.language),
        "timeZone": zone.key,
        "reason": record.reason,
        "language": record.language,
        "channel": record.channel,
        "attempts": int(record.attempts or 0),
        "outcome": record.outcome,
        "ticketId": record.ticket_id,
        "createdAt": record.created_at.isoformat(),
    }
