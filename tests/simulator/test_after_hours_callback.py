"""After hours, a caller books a callback by key press: the real inbound flow and booking functions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import messaging
from chalicelib.callbacks import bookings, scheduling, settings
from chalicelib.callbacks.slots import free_slots, parse_slot_key
from chalicelib.tables.callbacks import CallbackBookingRecord
from chalicelib.tables.tickets import TicketRecord
from local.connect_simulator import Party
from local.connect_simulator.function_app import load_chalice_app
from local.connect_simulator.lambdas import local_lambda_arn
from tests.callbacks_support import CALLBACK_ENV
from tests.simulator.conftest import CALLER, ContactCentre, now

BOOK_KEY = "2"  # the after-hours menu's callback option


@pytest.fixture
def closed(centre: ContactCentre, monkeypatch: pytest.MonkeyPatch) -> Iterator[ContactCentre]:
    """The contact centre after hours, with callback slots bookable around the clock."""
    for name, value in CALLBACK_ENV.items():
        monkeypatch.setenv(name, value)
    scheduling.forget_client()
    messaging.forget_client()
    centre.close()
    yield centre
    scheduling.forget_client()
    messaging.forget_client()


def _bookings_of(phone: str) -> list[CallbackBookingRecord]:
    return [
        record for record in CallbackBookingRecord.by_phone.query(phone) if record.status == bookings.PENDING
    ]


def test_an_after_hours_caller_books_the_first_offered_slot_by_key_press(closed: ContactCentre) -> None:
    call = closed.call_in(Party.answers(presses=[BOOK_KEY, "1"]))

    [booking] = _bookings_of(CALLER)
    assert booking.starts_at == call.contact.attributes["callbackOfferedSlots"].split(",")[0]
    assert booking.channel == "ivr"
    label = call.contact.attributes["callbackSlot"]
    assert label and label in call.said()[-1]
    assert bookings.reference(booking) in call.said()[-1]
    assert call.functions()[-2:] == ["offer_callback_slots", "book_callback_slot"]
    assert call.contact.disconnect_reason == "CONTACT_FLOW_DISCONNECT"


def test_a_caller_holding_a_callback_is_offered_to_move_it_and_no_second_one_is_booked(
    closed: ContactCentre,
) -> None:
    current = settings.current()
    held = bookings.book(
        bookings.BookingRequest(phone=CALLER, starts_at=free_slots(current, now(), limit=1)[0].starts_at),
        current,
    )
    call = closed.call_in(Party.answers(presses=[BOOK_KEY, "1", "3"]))

    assert any("already have a callback booked" in said for said in call.said())
    offered = call.contact.attributes["callbackOfferedSlots"].split(",")
    assert held.starts_at not in offered  # "moving" to the slot already held would change nothing
    third = offered[2]
    [booking] = _bookings_of(CALLER)
    assert booking.booking_id == held.booking_id
    assert booking.starts_at == third != held.starts_at
    assert "moved to" in call.said()[-1]


def test_a_caller_who_keeps_the_callback_they_hold_changes_nothing(closed: ContactCentre) -> None:
    current = settings.current()
    held = bookings.book(
        bookings.BookingRequest(phone=CALLER, starts_at=free_slots(current, now(), limit=1)[0].starts_at),
        current,
    )
    call = closed.call_in(Party.answers(presses=[BOOK_KEY, "2"]))

    [booking] = _bookings_of(CALLER)
    assert (booking.booking_id, booking.starts_at) == (held.booking_id, held.starts_at)
    assert "stays as booked" in call.said()[-1]
    assert "book_callback_slot" not in call.functions()


def test_with_no_free_slot_the_caller_may_ask_to_be_called_back_instead(
    closed: ContactCentre, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALLBACK_HOURS", json.dumps({}))  # the callback queue never opens
    call = closed.call_in(Party.answers(presses=[BOOK_KEY, "1"]))

    assert any("no callback times free" in said for said in call.said())
    assert _bookings_of(CALLER) == []
    ticket = TicketRecord.get(call.contact.attributes["ticketId"])
    assert (ticket.phone, ticket.channel) == (CALLER, "phone")


def test_a_key_that_was_not_offered_is_asked_again_then_the_caller_is_let_go(closed: ContactCentre) -> None:
    call = closed.call_in(Party.answers(presses=[BOOK_KEY, "7", "7"]))

    assert sum("Sorry, I did not get that" in said for said in call.said()) == 1
    assert "book_callback_slot" not in call.functions()
    assert _bookings_of(CALLER) == []
    assert "Goodbye" in call.said()[-1]
    assert "ticketId" not in call.contact.attributes


def test_a_slot_taken_while_the_caller_chose_is_apologised_for_and_the_rest_offered(
    closed: ContactCentre,
) -> None:
    real_book = load_chalice_app().handler_map["book_callback_slot"]
    taken: list[str] = []

    def somebody_books_first(event: dict[str, Any], context: Any) -> Any:
        if not taken:
            parameters = event["Details"]["Parameters"]
            slot = parameters["offeredSlots"].split(",")[int(parameters["digit"]) - 1]
            current = settings.current()
            for n in range(current.capacity):
                phone = f"+121255501{50 + n}"
                bookings.book(bookings.BookingRequest(phone=phone, starts_at=parse_slot_key(slot)), current)
            taken.append(slot)
        return real_book(event, context)

    closed.sim.lambdas.register(local_lambda_arn("book_callback_slot"), somebody_books_first)
    call = closed.call_in(Party.answers(presses=[BOOK_KEY, "1", "1"]))

    assert any("has just been taken" in said for said in call.said())
    [booking] = _bookings_of(CALLER)
    assert booking.starts_at != taken[0]
    assert call.contact.attributes["callbackSlot"] in call.said()[-1]


def test_a_chinese_speaking_caller_hears_the_slots_in_chinese(closed: ContactCentre) -> None:
    from chalicelib import customers

    customers.put_customer(CALLER, {"name": "Li Lei", "tier": "normal", "language": "zh-CN"})
    call = closed.call_in(Party.answers(presses=[BOOK_KEY, "1"]))

    assert any("请按3" in said and "月" in said for said in call.said())
    assert "回电" in call.said()[-1]
    assert [booking.language for booking in _bookings_of(CALLER)] == ["zh-CN"]
