"""Booking a callback slot: capacity under concurrency, one booking per customer, cancel and move."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from chalicelib.callbacks import bookings, scheduling
from chalicelib.callbacks.bookings import AlreadyBooked, BookingRequest, SlotFull
from chalicelib.callbacks.slots import free_slots, slot_key
from chalicelib.errors import InvalidInput
from chalicelib.tables import CallbackSlotRecord
from tests.callbacks_support import FIRST_SLOT, MONDAY_MORNING, week_settings

NOW = MONDAY_MORNING


@pytest.fixture(autouse=True)
def atomic_dynamodb() -> None:
    from local.serial_dynamodb import serialize_dynamodb

    serialize_dynamodb()


@pytest.fixture
def settings(aws: None):
    scheduling.forget_client()
    yield week_settings()
    scheduling.forget_client()


def _request(phone: str, start=FIRST_SLOT, **more) -> BookingRequest:
    return BookingRequest(phone=phone, starts_at=start, reason="fault", **more)


@pytest.mark.slow  # fifty racing threads
def test_fifty_concurrent_bookings_fill_a_slot_of_three_and_the_rest_hear_it_is_full(settings) -> None:
    phones = [f"+1212555{n:04d}" for n in range(100, 150)]
    start = threading.Barrier(len(phones))

    def attempt(phone: str) -> object:
        start.wait()
        try:
            return bookings.book(_request(phone), settings, now=NOW)
        except SlotFull as full:
            return full

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        outcomes = list(pool.map(attempt, phones))

    booked = [o for o in outcomes if not isinstance(o, SlotFull)]
    refused = [o for o in outcomes if isinstance(o, SlotFull)]
    assert len(booked) == 3
    assert len(refused) == 47
    assert CallbackSlotRecord.get(settings.queue, slot_key(FIRST_SLOT)).booked == 3
    for full in refused:
        assert full.code == "slot_full"
        assert full.next_slots and full.next_slots[0].starts_at == FIRST_SLOT + timedelta(minutes=30)


def test_a_full_slot_is_no_longer_offered(settings) -> None:
    for n in range(3):
        bookings.book(_request(f"+1212555010{n}"), settings, now=NOW)
    offered = [slot.starts_at for slot in free_slots(settings, NOW, limit=3)]
    assert FIRST_SLOT not in offered
    assert offered[0] == FIRST_SLOT + timedelta(minutes=30)


def test_a_customer_cannot_hold_two_pending_callbacks_for_the_same_queue(settings) -> None:
    first = bookings.book(_request("+12125550142"), settings, now=NOW)
    with pytest.raises(AlreadyBooked) as refused:
        bookings.book(_request("+12125550142", FIRST_SLOT + timedelta(hours=2)), settings, now=NOW)
    assert refused.value.booking_id == first.booking_id
    assert CallbackSlotRecord.get(settings.queue, slot_key(FIRST_SLOT)).booked == 1


def test_a_customer_cannot_be_called_by_two_queues_at_the_same_time(aws: None) -> None:
    sales, support = week_settings(CALLBACK_QUEUE="sales"), week_settings(CALLBACK_QUEUE="support")
    bookings.book(_request("+12125550142"), sales, now=NOW)
    with pytest.raises(AlreadyBooked) as refused:
        bookings.book(_request("+12125550142"), support, now=NOW)
    assert refused.value.code == "overlapping_booking"


def test_a_booking_schedules_its_call_at_the_slot_and_a_reminder_before(settings) -> None:
    record = bookings.book(_request("+12125550142"), settings, now=NOW)
    call = scheduling.describe(scheduling.callback_schedule_name(record.booking_id), settings)
    reminder = scheduling.describe(scheduling.reminder_schedule_name(record.booking_id), settings)
    assert call is not None and reminder is not None
    assert call["ScheduleExpression"] == "at(2026-03-02T01:00:00)"
    assert call["Target"]["Arn"].endswith("fire_callback")
    assert json.loads(call["Target"]["Input"]) == {"bookingId": record.booking_id, "attempt": 1}
    assert reminder["ScheduleExpression"] == "at(2026-03-02T00:30:00)"


def test_cancelling_frees_the_place_and_deletes_the_schedules(settings) -> None:
    record = bookings.book(_request("+12125550142"), settings, now=NOW)
    cancelled = bookings.cancel(record.booking_id, settings, now=NOW)
    assert cancelled.status == "cancelled"
    assert CallbackSlotRecord.get(settings.queue, slot_key(FIRST_SLOT)).booked == 0
    assert scheduling.describe(scheduling.callback_schedule_name(record.booking_id), settings) is None
    assert scheduling.describe(scheduling.reminder_schedule_name(record.booking_id), settings) is None
    # cancelling again changes nothing, and the customer may book again
    assert bookings.cancel(record.booking_id, settings, now=NOW).status == "cancelled"
    assert CallbackSlotRecord.get(settings.queue, slot_key(FIRST_SLOT)).booked == 0
    bookings.book(_request("+12125550142"), settings, now=NOW)


def test_moving_a_booking_moves_its_place_and_its_schedule(settings) -> None:
    record = bookings.book(_request("+12125550142"), settings, now=NOW)
    later = FIRST_SLOT + timedelta(hours=3)
    moved = bookings.reschedule(record.booking_id, later, settings, now=NOW)
    assert moved.starts_at == slot_key(later)
    assert CallbackSlotRecord.get(settings.queue, slot_key(FIRST_SLOT)).booked == 0
    assert CallbackSlotRecord.get(settings.queue, slot_key(later)).booked == 1
    call = scheduling.describe(scheduling.callback_schedule_name(record.booking_id), settings)
    assert call is not None and call["ScheduleExpression"] == "at(2026-03-02T04:00:00)"


def test_moving_into_a_full_slot_keeps_the_booking_where_it_was(settings) -> None:
    later = FIRST_SLOT + timedelta(hours=1)
    for n in range(3):
        bookings.book(_request(f"+1212555010{n}", later), settings, now=NOW)
    record = bookings.book(_request("+12125550142"), settings, now=NOW)
    with pytest.raises(SlotFull):
        bookings.reschedule(record.booking_id, later, settings, now=NOW)
    assert bookings.get_booking(record.booking_id).starts_at == slot_key(FIRST_SLOT)
    assert CallbackSlotRecord.get(settings.queue, slot_key(later)).booked == 3
    assert CallbackSlotRecord.get(settings.queue, slot_key(FIRST_SLOT)).booked == 1


def test_a_time_outside_opening_hours_or_too_soon_cannot_be_booked(settings) -> None:
    with pytest.raises(InvalidInput, match="outside hours"):
        bookings.book(_request("+12125550142", FIRST_SLOT + timedelta(hours=10)), settings, now=NOW)
    with pytest.raises(InvalidInput, match="too soon"):
        bookings.book(_request("+12125550142"), settings, now=FIRST_SLOT - timedelta(minutes=5))
