"""The reminder's reschedule key offers a callback slot: the outbound flow and the real booking functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chalicelib import messaging
from chalicelib.callbacks import bookings, scheduling
from chalicelib.tables.callbacks import CallbackBookingRecord
from local.connect_simulator import Party
from tests.callbacks_support import CALLBACK_ENV
from tests.simulator.conftest import CALLER, ContactCentre

if TYPE_CHECKING:
    from collections.abc import Iterator

RESCHEDULE = {"menuKeys": "1239", "rescheduleKey": "1", "repeatKey": "9", "agentKey": "3"}


@pytest.fixture
def bookable(centre: ContactCentre, monkeypatch: pytest.MonkeyPatch) -> Iterator[ContactCentre]:
    for name, value in CALLBACK_ENV.items():
        monkeypatch.setenv(name, value)
    scheduling.forget_client()
    messaging.forget_client()
    yield centre
    scheduling.forget_client()
    messaging.forget_client()


def _pending(phone: str) -> list[CallbackBookingRecord]:
    return [r for r in CallbackBookingRecord.by_phone.query(phone) if r.status == bookings.PENDING]


def test_the_reschedule_key_books_the_callee_a_callback_slot(bookable: ContactCentre) -> None:
    call = bookable.remind(Party.answers(presses=["1", "1"]), **RESCHEDULE)

    attributes = call.contact.attributes
    assert (attributes["pressedKey"], attributes["menuResult"], attributes["rescheduled"]) == (
        "1",
        "key",
        "true",
    )
    [booking] = _pending(CALLER)
    assert booking.booking_id == attributes["callbackBookingId"]
    assert booking.starts_at == attributes["callbackOfferedSlots"].split(",")[0]
    assert attributes["callbackSlot"] in call.said()[-1]
    assert call.functions() == ["offer_callback_slots", "book_callback_slot"]


def test_a_callee_who_lets_the_offer_pass_books_nothing_and_hears_goodbye(bookable: ContactCentre) -> None:
    call = bookable.remind(Party.answers(presses=["1"]), **RESCHEDULE)
    assert _pending(CALLER) == []
    assert call.contact.attributes["rescheduled"] == "true"
    assert "Goodbye" in call.said()[-1]
