"""Booked callbacks end to end: HTTP API on the local stack, schedules fired by the local runner,
calls placed through the Connect simulator (over its HTTP API), outcomes from its contact events."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import boto3
import pytest
import requests

from chalicelib.callbacks import scheduling
from infra.flows.resources import CALLBACK_QUEUE
from local.callback_driver import CallbackCentre
from local.connect_simulator import Party
from local.staff_directory import demo_headers
from tests.callbacks_support import api, book, booking, free_slots, sms_sent_to

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["api"]  # the fixture, shared with the other callback end-to-end tests


@pytest.fixture
def centre(api: str) -> Iterator[CallbackCentre]:
    with CallbackCentre.open(api) as centre:
        yield centre


def schedule(name: str) -> dict[str, Any] | None:
    scheduler = boto3.client("scheduler")
    try:
        return dict(scheduler.get_schedule(Name=name, GroupName=os.environ["SCHEDULE_GROUP"]))
    except scheduler.exceptions.ResourceNotFoundException:
        return None


def test_a_booked_callback_rings_the_customer_at_the_slot_and_reaches_an_agent(
    centre: CallbackCentre,
) -> None:
    phone = "+12125550161"
    centre.sim.script_callee(phone, Party.answers(after_s=3))
    made = book(centre.api, phone, reason="order")
    assert "Callback booked" in sms_sent_to(phone)[-1]

    centre.at_slot(made)

    [call] = centre.calls_to(phone)
    assert call.attributes["bookingId"] == made["id"]
    assert call.attributes["bookingReason"] == "order"
    assert call.queue_name == CALLBACK_QUEUE
    assert call.agent_connected_at is not None
    after = booking(centre.api, made["id"])
    assert (after["status"], after["outcome"], after["attempts"]) == ("completed", "answered", 1)


def test_a_schedule_delivered_twice_calls_only_once(centre: CallbackCentre) -> None:
    phone = "+12125550162"
    centre.sim.script_callee(phone, Party.answers(after_s=3))
    made = book(centre.api, phone)
    first = centre.runner.invoke("fire_callback", {"bookingId": made["id"], "attempt": 1})
    again = centre.runner.invoke("fire_callback", {"bookingId": made["id"], "attempt": 1})
    assert (first["action"], again["action"]) == ("dialled", "duplicate")
    assert len(centre.calls_to(phone)) == 1


def test_a_blacklisted_number_is_not_called_back(centre: CallbackCentre) -> None:
    phone = "+12125550163"
    made = book(centre.api, phone)
    listed = requests.put(
        f"{centre.api}/blacklist/%2B12125550163",
        json={"list": "block", "reason": "abusive calls"},
        headers=demo_headers(centre.api, "supervisor"),
        timeout=30,
    )
    assert listed.status_code in (200, 201), listed.text

    centre.at_slot(made)

    assert centre.calls_to(phone) == []
    after = booking(centre.api, made["id"])
    assert (after["status"], after["outcome"]) == ("refused", "blacklisted")


def test_a_missed_callback_is_retried_within_the_slot_then_becomes_a_ticket(centre: CallbackCentre) -> None:
    phone = "+12125550164"
    centre.sim.script_callee(phone, Party.no_answer())
    made = book(centre.api, phone, reason="complaint")

    centre.at_slot(made)
    assert len(centre.calls_to(phone)) == 1
    assert booking(centre.api, made["id"])["status"] == "retrying"
    retry = schedule(scheduling.callback_schedule_name(made["id"], 2))
    assert retry is not None and json.loads(retry["Target"]["Input"]) == {
        "bookingId": made["id"],
        "attempt": 2,
    }

    centre.sim.clock.advance(5 * 60)
    centre.deliver()

    assert len(centre.calls_to(phone)) == 2
    after = booking(centre.api, made["id"])
    assert (after["status"], after["outcome"], after["attempts"]) == ("missed", "no_answer", 2)
    ticket = requests.get(
        f"{centre.api}/tickets/{after['ticketId']}", headers=demo_headers(centre.api, "agent"), timeout=30
    ).json()
    assert ticket["channel"] == "callback" and ticket["category"] == "complaint"
    assert "could not reach you" in sms_sent_to(phone)[-1]
    # the customer may book again once the callback is over
    book(centre.api, phone)


def test_cancelling_over_http_deletes_the_schedule_and_nothing_rings(centre: CallbackCentre) -> None:
    phone = "+12125550165"
    made = book(centre.api, phone)
    assert schedule(scheduling.callback_schedule_name(made["id"])) is not None

    cancelled = requests.delete(f"{centre.api}/callbacks/bookings/{made['id']}", timeout=30)

    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert schedule(scheduling.callback_schedule_name(made["id"])) is None
    centre.at_slot(made)
    assert centre.calls_to(phone) == []


def test_moving_over_http_moves_the_schedule_to_the_new_slot(centre: CallbackCentre) -> None:
    phone = "+12125550166"
    slots = free_slots(centre.api)
    made = book(centre.api, phone, slots[0]["startsAt"])
    later = slots[4]["startsAt"]

    moved = requests.patch(f"{centre.api}/callbacks/bookings/{made['id']}", json={"slot": later}, timeout=30)

    assert moved.status_code == 200, moved.text
    assert moved.json()["startsAt"] == later
    current = schedule(scheduling.callback_schedule_name(made["id"]))
    assert current is not None and current["ScheduleExpression"] == f"at({later[:-1]})"
