"""What a delivery of the scheduled callback does for attempt ``n`` of a booking: a pure decision.

``calling.fire_callback`` reads the booking, asks ``plan_attempt`` and carries the plan out (the
claim, the intent, the call, the ticket). Deciding here, from plain facts, keeps every branch
testable without moto:

>>> from datetime import datetime, timedelta
>>> nine = datetime(2026, 1, 5, 9, 0)
>>> plan_attempt(BookingState("booked", 0, None, nine + timedelta(minutes=30)), 1, nine)
AttemptPlan(step=<Step.DIAL: 'dial'>, detail='', claim=True)
>>> plan_attempt(BookingState("calling", 1, "contact-7", nine + timedelta(minutes=30)), 1, nine).step
<Step.DUPLICATE: 'duplicate'>
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from chalicelib.callbacks.bookings import PENDING

if TYPE_CHECKING:
    from datetime import datetime

CALLING = "calling"
RETRYING = "retrying"
#: Statuses from which an attempt may start.
DIALLABLE = (PENDING, RETRYING)


class Step(Enum):
    SKIP = "skipped"  # the booking is no longer waiting for a call
    DUPLICATE = "duplicate"  # another delivery placed (or settled) this attempt
    RECOVER = "recover"  # an earlier delivery claimed it but saved no contact: settle its call first
    EXPIRE = "expired"  # the slot is over: give up with a ticket
    DIAL = "dial"  # screen the number and call


@dataclass(frozen=True)
class BookingState:
    """The facts of a booking that the decision reads."""

    status: str
    attempts: int  # the attempts claimed so far
    contact_id: str | None  # the contact saved for the last claimed attempt
    slot_end: datetime


@dataclass(frozen=True)
class AttemptPlan:
    step: Step
    detail: str = ""
    #: DIAL: take the attempt with a conditional write first (False: this delivery re-dials an
    #: attempt claimed earlier whose call was surely never placed).
    claim: bool = False


def plan_attempt(
    booking: BookingState, attempt: int, now: datetime, *, earlier_call_not_placed: bool = False
) -> AttemptPlan:
    """What to do for ``attempt``; ``earlier_call_not_placed`` once a RECOVER found no call."""
    if booking.attempts >= attempt:
        if booking.status != CALLING or booking.attempts != attempt or booking.contact_id:
            return AttemptPlan(Step.DUPLICATE, "attempt already placed")
        if not earlier_call_not_placed:
            return AttemptPlan(Step.RECOVER)
    elif booking.status not in DIALLABLE:
        return AttemptPlan(Step.SKIP, f"booking is {booking.status}")
    if now >= booking.slot_end:
        return AttemptPlan(Step.EXPIRE, "the slot is over")
    return AttemptPlan(Step.DIAL, claim=booking.attempts < attempt)
