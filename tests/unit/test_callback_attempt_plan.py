"""What a delivery of the scheduled callback decides for an attempt (callbacks.attempt_plan), no moto."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chalicelib.callbacks.attempt_plan import (
    CALLING,
    RETRYING,
    AttemptPlan,
    BookingState,
    Step,
    plan_attempt,
)
from chalicelib.callbacks.bookings import PENDING

NINE = datetime(2026, 1, 5, 9, 0)
SLOT_END = NINE + timedelta(minutes=30)


def _booking(status: str, attempts: int, contact_id: str | None = None) -> BookingState:
    return BookingState(status, attempts, contact_id, SLOT_END)


@pytest.mark.parametrize("status", [PENDING, RETRYING])
def test_the_next_attempt_of_a_waiting_booking_is_claimed_and_dialled(status: str) -> None:
    assert plan_attempt(_booking(status, 0), 1, NINE) == AttemptPlan(Step.DIAL, claim=True)
    assert plan_attempt(_booking(status, 1), 2, NINE) == AttemptPlan(Step.DIAL, claim=True)


@pytest.mark.parametrize("status", ["completed", "missed", "refused", "cancelled"])
def test_a_booking_no_longer_waiting_is_skipped(status: str) -> None:
    assert plan_attempt(_booking(status, 0), 1, NINE) == AttemptPlan(Step.SKIP, f"booking is {status}")


def test_an_attempt_with_its_contact_saved_is_a_duplicate_never_a_second_call() -> None:
    assert plan_attempt(_booking(CALLING, 1, "contact-1"), 1, NINE).step is Step.DUPLICATE


def test_an_attempt_already_followed_by_a_later_one_or_settled_is_a_duplicate() -> None:
    assert plan_attempt(_booking(CALLING, 2), 1, NINE).step is Step.DUPLICATE
    assert plan_attempt(_booking(RETRYING, 1), 1, NINE).step is Step.DUPLICATE
    assert plan_attempt(_booking("completed", 1), 1, NINE).step is Step.DUPLICATE


def test_a_claimed_attempt_without_a_contact_recovers_the_earlier_call_first() -> None:
    claimed = _booking(CALLING, 1)
    assert plan_attempt(claimed, 1, NINE) == AttemptPlan(Step.RECOVER)
    # no call was placed for it: dial again, under the claim already held
    assert plan_attempt(claimed, 1, NINE, earlier_call_not_placed=True) == AttemptPlan(Step.DIAL, claim=False)


def test_a_delivery_at_or_after_the_slot_end_gives_up() -> None:
    assert plan_attempt(_booking(PENDING, 0), 1, SLOT_END) == AttemptPlan(Step.EXPIRE, "the slot is over")
    late_recovery = plan_attempt(_booking(CALLING, 1), 1, SLOT_END, earlier_call_not_placed=True)
    assert late_recovery.step is Step.EXPIRE
    assert plan_attempt(_booking(PENDING, 0), 1, SLOT_END - timedelta(seconds=1)).step is Step.DIAL


def test_a_duplicate_is_told_apart_before_the_slot_end_is_looked_at() -> None:
    assert plan_attempt(_booking(CALLING, 1, "contact-1"), 1, SLOT_END).step is Step.DUPLICATE
    assert plan_attempt(_booking("completed", 0), 1, SLOT_END).step is Step.SKIP
