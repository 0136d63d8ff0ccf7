"""Contacts that find every line taken wait in the waiting room; one safety wake-up guards them."""

from __future__ import annotations

import json

import pytest

from chalicelib import waiting_room
from chalicelib.dialler import Dialler
from chalicelib.pacing import Limits, Pacer
from chalicelib.resources import DIALLER_QUEUE_ENV
from tests.campaign.support import create_queues, queued_bodies

T0 = 1_800_000_000.0
PHONES = [f"+1212555{n:04d}" for n in range(150, 155)]


@pytest.fixture
def room(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALLER_MAX_CONCURRENT_CALLS", "2")
    monkeypatch.setenv("QUEUE_MAX_DELAY_S", "0")  # delayed messages readable at once; they carry not_before
    create_queues()


def _wake_ups(bodies: list[dict]) -> list[dict]:
    return [body for body in bodies if body.get("wake")]


def _woken_phones(bodies: list[dict]) -> list[str]:
    return [phone for body in bodies if not body.get("wake") for phone in body["phones"]]


def test_a_thousand_parks_arm_a_single_safety_wake_up(room: None) -> None:
    for n, phone in enumerate(PHONES):
        waiting_room.park("c1", [phone], 1, T0 + n)
    queued = queued_bodies(DIALLER_QUEUE_ENV)
    assert (
        len(_wake_ups(queued)) == 1 and _wake_ups(queued)[0]["not_before"] == T0 + waiting_room.SAFETY_WAKE_S
    )
    assert waiting_room.waiting() == len(PHONES)


def test_the_safety_wake_up_wakes_one_contact_per_free_line_oldest_first_and_re_arms(room: None) -> None:
    for n, phone in enumerate(PHONES):
        waiting_room.park("c1", [phone], 1, T0 + n)
    queued_bodies(DIALLER_QUEUE_ENV)
    now = T0 + waiting_room.SAFETY_WAKE_S
    assert waiting_room.on_safety_wake(2, now) == 2
    queued = queued_bodies(DIALLER_QUEUE_ENV)
    assert _woken_phones(queued) == PHONES[:2]
    assert [body["not_before"] for body in _wake_ups(queued)] == [now + waiting_room.SAFETY_WAKE_S]


def test_with_every_line_busy_the_safety_wake_up_wakes_nobody_and_stays_armed(room: None) -> None:
    waiting_room.park("c1", PHONES, 1, T0)
    queued_bodies(DIALLER_QUEUE_ENV)
    assert waiting_room.on_safety_wake(0, T0 + 60) == 0
    queued = queued_bodies(DIALLER_QUEUE_ENV)
    assert _woken_phones(queued) == [] and len(_wake_ups(queued)) == 1
    assert waiting_room.waiting() == len(PHONES)


def test_the_alarm_is_not_re_armed_once_nobody_waits(room: None) -> None:
    waiting_room.park("c1", PHONES[:2], 1, T0)
    queued_bodies(DIALLER_QUEUE_ENV)
    waiting_room.on_safety_wake(5, T0 + 60)
    queued = queued_bodies(DIALLER_QUEUE_ENV)
    assert sorted(_woken_phones(queued)) == sorted(PHONES[:2]) and _wake_ups(queued) == []
    waiting_room.park("c1", PHONES[2:3], 1, T0 + 70)  # the next park arms it again
    assert len(_wake_ups(queued_bodies(DIALLER_QUEUE_ENV))) == 1


def test_a_line_whose_call_end_was_lost_is_given_back_at_the_safety_wake_up(room: None) -> None:
    held = Pacer(clock=lambda: T0)
    scopes = [("instance", Limits(2, 5)), ("campaign#c1", Limits(2, 5))]
    assert held.try_acquire("c1#+12125550140#1", scopes).granted
    assert held.try_acquire("c1#+12125550141#1", scopes).granted
    waiting_room.park("c1", PHONES[:1], 1, T0)
    queued_bodies(DIALLER_QUEUE_ENV)

    later = T0 + held.lease_seconds + 1  # neither DISCONNECTED event ever came
    dialler = Dialler(clock=lambda: later, pacer=Pacer(clock=lambda: later))
    dialler.handle_message({"wake": True, "not_before": later})
    assert held.in_progress("instance") == 0 and held.in_progress("campaign#c1") == 0
    assert _woken_phones(queued_bodies(DIALLER_QUEUE_ENV)) == PHONES[:1]


def test_parked_contacts_spread_over_partitions_and_wake_oldest_first_across_them(room: None) -> None:
    from chalicelib.tables import PacingRecord

    phones = [f"+1212555{n:04d}" for n in range(160, 184)]
    for n, phone in enumerate(reversed(phones)):  # parked newest number first: order is by time
        waiting_room.park("c1", [phone], 1, T0 + n)
    used = {partition for partition in waiting_room.PARTITIONS if any(PacingRecord.query(partition, limit=1))}
    assert len(used) > 1 and waiting_room.SCOPE not in used  # no single partition takes every park
    assert waiting_room.waiting() == len(phones)
    queued_bodies(DIALLER_QUEUE_ENV)
    assert waiting_room.wake(5) == 5
    assert _woken_phones(queued_bodies(DIALLER_QUEUE_ENV)) == list(reversed(phones))[:5]
    assert waiting_room.waiting() == len(phones) - 5


def test_contacts_parked_in_the_unsharded_partition_of_an_earlier_release_still_wake(room: None) -> None:
    from chalicelib.campaigns.audience import dialler_message
    from chalicelib.tables import PacingRecord

    PacingRecord(
        waiting_room.SCOPE, f"{T0 - 1:017.6f}#00#old", body=json.dumps(dialler_message("c1", [PHONES[0]], 1))
    ).save()
    waiting_room.park("c1", PHONES[1:2], 1, T0)
    assert waiting_room.anyone_waiting() and waiting_room.waiting() == 2
    queued_bodies(DIALLER_QUEUE_ENV)
    assert waiting_room.wake(2) == 2
    assert _woken_phones(queued_bodies(DIALLER_QUEUE_ENV)) == PHONES[:2]
    assert not waiting_room.anyone_waiting()
