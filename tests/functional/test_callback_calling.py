"""The callback Lambda, the reminder, SMS codes and the IVR's key-press booking, on in-process moto."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib import messaging
from chalicelib.callbacks import bookings, calling, ivr, scheduling, verification
from chalicelib.callbacks.bookings import BookingRequest
from chalicelib.errors import Forbidden, TooManyRequests
from chalicelib.telephony import LinesBusy
from tests.callbacks_support import FIRST_SLOT, MONDAY_MORNING, last_code_sent_to, sms_sent_to, week_settings

NOW = MONDAY_MORNING
AT_SLOT = FIRST_SLOT + timedelta(seconds=5)
PHONE = "+12125550142"


@pytest.fixture
def settings(aws: None):
    scheduling.forget_client()
    messaging.forget_client()
    yield week_settings(CALLBACK_MAX_ATTEMPTS="2")
    scheduling.forget_client()
    messaging.forget_client()


class FakeConnect:
    def __init__(self) -> None:
        self.calls: list[Any] = []
        self.busy = False

    def __call__(self, call: Any) -> str:
        if self.busy:
            raise LinesBusy("LimitExceededException: quota full")
        self.calls.append(call)
        return f"contact-{len(self.calls)}"


def _allowed(phone: str) -> tuple[bool, str]:
    return True, "not_listed"


def _booked(settings) -> str:
    return bookings.book(
        BookingRequest(phone=PHONE, starts_at=FIRST_SLOT, reason="fault"), settings, now=NOW
    ).booking_id


def test_the_call_carries_the_booking_for_the_agent_and_a_token_per_attempt(settings) -> None:
    connect = FakeConnect()
    booking_id = _booked(settings)
    result = calling.fire_callback(booking_id, 1, settings, now=AT_SLOT, place_call=connect, screen=_allowed)
    assert result.action == "dialled"
    [call] = connect.calls
    assert call.destination == PHONE
    assert call.client_token == f"callback-{booking_id}-1"
    assert call.attributes["bookingReason"] == "fault"
    assert "customerSummary" in call.attributes and all(isinstance(v, str) for v in call.attributes.values())


def test_when_connect_has_no_line_the_redelivery_dials_with_the_same_token(settings) -> None:
    connect = FakeConnect()
    booking_id = _booked(settings)
    connect.busy = True
    with pytest.raises(LinesBusy):
        calling.fire_callback(booking_id, 1, settings, now=AT_SLOT, place_call=connect, screen=_allowed)
    connect.busy = False
    result = calling.fire_callback(booking_id, 1, settings, now=AT_SLOT, place_call=connect, screen=_allowed)
    assert result.action == "dialled" and connect.calls[0].client_token == f"callback-{booking_id}-1"
    again = calling.fire_callback(booking_id, 1, settings, now=AT_SLOT, place_call=connect, screen=_allowed)
    assert again.action == "duplicate" and len(connect.calls) == 1


def test_a_cancelled_booking_is_not_called(settings) -> None:
    connect = FakeConnect()
    booking_id = _booked(settings)
    bookings.cancel(booking_id, settings, now=NOW)
    result = calling.fire_callback(booking_id, 1, settings, now=AT_SLOT, place_call=connect, screen=_allowed)
    assert result.action == "skipped" and connect.calls == []


def test_a_duplicated_contact_event_opens_one_ticket(settings) -> None:
    connect = FakeConnect()
    tickets: list[str] = []

    def open_ticket(record: Any, contact_id: str | None) -> str:
        tickets.append(str(contact_id))
        return "T-1"

    booking_id = _booked(settings)
    for attempt, minute in ((1, 0), (2, 6)):
        at = AT_SLOT + timedelta(minutes=minute)
        calling.fire_callback(booking_id, attempt, settings, now=at, place_call=connect, screen=_allowed)
        for _ in range(2):  # every event delivered twice
            calling.record_outcome(
                booking_id,
                f"contact-{attempt}",
                "no_answer",
                settings,
                now=at + timedelta(seconds=40),
                open_ticket=open_ticket,
            )
    assert tickets == ["contact-2"]
    assert bookings.get_booking(booking_id).status == "missed"


def test_the_reminder_is_sent_once_and_only_for_a_pending_booking(settings) -> None:
    booking_id = _booked(settings)
    before = NOW + timedelta(minutes=30)
    assert calling.send_reminder(booking_id, settings, now=before)
    assert not calling.send_reminder(booking_id, settings, now=before)
    assert "Reminder" in sms_sent_to(PHONE)[-1]


def test_contact_events_say_how_the_call_ended() -> None:
    disconnected = {"eventType": "DISCONNECTED"}
    assert (
        calling.outcome_from_contact_event({**disconnected, "agentInfo": {"connectedToAgentTimestamp": "x"}})
        == "answered"
    )
    assert (
        calling.outcome_from_contact_event(
            {**disconnected, "answeringMachineDetectionStatus": "VOICEMAIL_BEEP"}
        )
        == "voicemail"
    )
    assert (
        calling.outcome_from_contact_event({**disconnected, "connectedToSystemTimestamp": "x"}) == "hung_up"
    )
    assert calling.outcome_from_contact_event(disconnected) == "no_answer"
    assert calling.outcome_from_contact_event({"eventType": "QUEUED"}) is None


def test_a_code_is_stored_only_as_a_hash_and_checks_out(settings) -> None:
    from chalicelib.tables import CallbackVerificationRecord

    sent = verification.send_code(PHONE, "zh-CN", settings, now=NOW)
    text = sms_sent_to(PHONE)[-1]
    code = last_code_sent_to(PHONE)
    stored = CallbackVerificationRecord.get(f"code#{sent.verification_id}")
    assert code not in (stored.code_hash or "") and "验证码" in text
    assert verification.confirm_code(sent.verification_id, code, settings, now=NOW) == PHONE


def test_an_expired_code_is_refused(settings) -> None:
    sent = verification.send_code(PHONE, "en-US", settings, now=NOW)
    with pytest.raises(Forbidden, match="expired"):
        verification.confirm_code(sent.verification_id, "123456", settings, now=NOW + timedelta(minutes=11))


def test_codes_per_number_are_limited_over_a_rolling_hour(settings) -> None:
    for minute in (0, 20, 40):
        verification.send_code(PHONE, "en-US", settings, now=NOW + timedelta(minutes=minute))
    with pytest.raises(TooManyRequests):
        verification.send_code(PHONE, "en-US", settings, now=NOW + timedelta(minutes=59))
    verification.send_code(PHONE, "en-US", settings, now=NOW + timedelta(minutes=61))


def _connect_event(parameters: dict[str, str], caller: str = PHONE) -> dict[str, Any]:
    return {
        "Name": "ContactFlowEvent",
        "Details": {
            "ContactData": {
                "ContactId": "c-1",
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "CustomerEndpoint": {"Address": caller, "Type": "TELEPHONE_NUMBER"},
                "Attributes": {"language": "zh-CN"},
            },
            "Parameters": parameters,
        },
    }


def test_the_ivr_offers_slots_and_books_the_one_the_caller_presses(settings) -> None:
    offer = ivr.offer_callback_slots(_connect_event({"count": "3"}), settings, now=NOW)
    assert offer["offered"] == "3" and offer["existingBookingId"] == "none"  # the flow compares it
    assert offer["slot1Label"] == "3月2日 周一 09:00"
    assert all(isinstance(value, str) for value in offer.values())

    booked = ivr.book_callback_slot(
        _connect_event({"digit": "2", "offeredSlots": offer["offeredSlots"]}), settings, now=NOW
    )
    assert booked["booked"] == "true"
    assert bookings.get_booking(booked["bookingId"]).starts_at == offer["slot2"]
    assert bookings.get_booking(booked["bookingId"]).channel == "ivr"


def test_a_caller_with_a_pending_callback_is_offered_to_move_it_not_a_second_one(settings) -> None:
    booking_id = _booked(settings)
    offer = ivr.offer_callback_slots(_connect_event({}), settings, now=NOW)
    assert offer["existingBookingId"] == booking_id and offer["booked"] == "false"
    again = ivr.book_callback_slot(
        _connect_event({"digit": "3", "offeredSlots": offer["offeredSlots"]}), settings, now=NOW
    )
    assert again == {"booked": "false", "failure": "already_booked", "existingBookingId": booking_id}
    moved = ivr.book_callback_slot(
        _connect_event({"digit": "3", "offeredSlots": offer["offeredSlots"], "moveBookingId": booking_id}),
        settings,
        now=NOW,
    )
    assert moved["booked"] == "true" and bookings.get_booking(booking_id).starts_at == offer["slot3"]


def test_a_key_that_was_not_offered_books_nothing(settings) -> None:
    offer = ivr.offer_callback_slots(_connect_event({"count": "2"}), settings, now=NOW)
    answer = ivr.book_callback_slot(
        _connect_event({"digit": "7", "offeredSlots": offer["offeredSlots"]}), settings, now=NOW
    )
    assert answer["booked"] == "false" and answer["failure"] == "invalid_choice"
