"""KPIs from a hand-worked day of events (tests/quality_support.py), with the store's arithmetic
run in memory: duplicated and out-of-order events must land on the same numbers."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.quality import events, facts, kpis
from tests.quality_support import (
    DAY,
    QUEUE_FAULT,
    QUEUE_ORDER,
    RATINGS,
    contact_event,
    day_events,
    epoch,
    scrambled_with_duplicates,
)


class InMemoryAggregates:
    """``quality.aggregates`` without DynamoDB: the same fold, the same deltas, added to dicts."""

    def __init__(self) -> None:
        self.contacts: dict[str, tuple[dict[str, Any], facts.Contribution]] = {}
        self.counters: dict[str, dict[str, float]] = {}
        self.writes = 0

    def apply(self, contact_id: str, update: dict[str, Any], at: float) -> facts.Contribution:
        before, applied = self.contacts.get(contact_id, ({}, {}))
        merged, wanted, delta = facts.fold(before, applied, update, at=at)
        if merged != before:
            self.contacts[contact_id] = (merged, wanted)
            self.writes += 1
        for key, changes in delta.items():
            row = self.counters.setdefault(key, {})
            for name, amount in changes.items():
                row[name] = round(row.get(name, 0) + amount, 3)
        return delta

    def event(self, event: dict[str, Any]) -> None:
        update = events.from_event(event)
        assert update is not None
        self.apply(update.contact_id, update.facts, update.at)

    def kpis(self, scope: str) -> dict[str, float | None]:
        return kpis.kpis(self.counters.get(f"{DAY}|{scope}", {}))


def hand_worked(events_in_order: list[dict[str, Any]]) -> InMemoryAggregates:
    store = InMemoryAggregates()
    for event in events_in_order:
        store.event(event)
    for contact_id, rating in RATINGS.items():
        store.apply(contact_id, {"rating": rating}, epoch("23:00:00"))
    return store


@pytest.mark.parametrize("ordering", ["in order", "scrambled with duplicates"])
def test_the_days_kpis_match_the_hand_worked_figures(ordering: str) -> None:
    store = hand_worked(day_events() if ordering == "in order" else scrambled_with_duplicates())

    centre = store.kpis("all")
    assert store.counters[f"{DAY}|all"] == {
        "contacts": 5,
        "queued": 4,
        "answered": 3,
        "answered_in_sl": 2,
        "abandoned": 1,
        "queue_wait_s": 75,
        "handled": 3,
        "handle_time_s": 660,
        "ratings": 3,
        "rating_sum": 11,
        "ratings_good": 2,
    }
    assert centre["abandonment_rate"] == 0.25
    assert centre["service_level"] == 0.5
    assert centre["average_handle_time_s"] == 220
    assert centre["satisfaction_average"] == 3.6667
    assert centre["satisfaction_share_good"] == 0.6667

    fault = store.kpis(f"queue#{QUEUE_FAULT}")
    assert (fault["abandonment_rate"], fault["service_level"], fault["average_handle_time_s"]) == (
        0.3333,
        0.3333,
        210,
    )
    order = store.kpis(f"queue#{QUEUE_ORDER}")
    assert (order["abandonment_rate"], order["service_level"]) == (0, 1)
    a1 = store.kpis("agent#a1")
    assert (a1["average_handle_time_s"], a1["satisfaction_average"]) == (270, 4.5)
    assert store.kpis("agent#a2")["satisfaction_share_good"] == 0


def test_duplicated_events_write_nothing_the_second_time() -> None:
    store = InMemoryAggregates()
    for event in day_events():
        store.event(event)
    writes, counters = store.writes, {k: dict(v) for k, v in store.counters.items()}
    for event in day_events():
        store.event(event)
    assert store.writes == writes
    assert store.counters == counters


def test_a_call_counted_as_abandoned_becomes_answered_when_the_agent_event_arrives_late() -> None:
    store = InMemoryAggregates()
    times = {"started": "11:00:00", "queue": QUEUE_FAULT, "queued": "11:00:05"}
    # A DISCONNECTED that (unusually) lacks the agent: on its own it reads as an abandoned call.
    store.event(contact_event("DISCONNECTED", "C9", ended="11:03:00", **times))
    assert store.counters[f"{DAY}|all"]["abandoned"] == 1
    store.event(contact_event("CONNECTED_TO_AGENT", "C9", agent="a2", agent_at="11:00:15", **times))
    row = store.counters[f"{DAY}|all"]
    assert (row["abandoned"], row["answered"], row["answered_in_sl"], row["handle_time_s"]) == (0, 1, 1, 165)
    assert store.counters[f"{DAY}|agent#a2"]["handled"] == 1


def test_first_contact_resolution_excludes_contacts_followed_by_a_repeat_within_the_window() -> None:
    store = hand_worked(day_events())
    for contact_id in ("C1", "C2", "C4"):
        store.apply(contact_id, {"customer": "same" if contact_id != "C2" else "other"}, epoch("23:00:00"))
    store.apply("C1", {"repeated": True}, epoch("23:00:00"))  # C4 came from C1's customer
    store.apply("C1", {"repeated": True}, epoch("23:30:00"))  # told twice: still one repeat
    assert store.kpis("all")["first_contact_resolution"] == 0.6667  # C2 and C4 of 3 handled


def test_the_first_rating_of_a_contact_counts_and_a_second_does_not_replace_it() -> None:
    store = InMemoryAggregates()
    store.apply("C1", {"rating": 2}, 200.0)
    store.apply("C1", {"rating": 5}, 300.0)
    store.apply("C1", {"rating": 4}, 100.0)  # the earliest-made rating, processed last
    row = store.counters["1970-01-01|all"]
    assert (row["ratings"], row["rating_sum"], row["ratings_good"]) == (1, 4, 1)


def test_callback_kept_rate_counts_each_booking_once_however_many_calls_it_took() -> None:
    store = InMemoryAggregates()
    booking = {"kind": facts.CALLBACK_BOOKING, "initiated_at": epoch("09:00:00")}
    store.apply("callback#B1", {**booking, "callback_kept": False}, epoch("09:01:00"))
    store.apply("callback#B1", {**booking, "callback_kept": True}, epoch("09:06:00"))
    store.apply("callback#B1", {**booking, "callback_kept": False}, epoch("09:07:00"))  # late, stale
    store.apply("callback#B2", {**booking, "callback_kept": False}, epoch("09:01:00"))
    assert store.kpis("all")["callback_kept_rate"] == 0.5


def test_campaign_reach_counts_answered_heard_key_pressed_and_one_sms_per_contact() -> None:
    store = InMemoryAggregates()
    for contact_id, outcome in {
        "X1": "key_pressed",
        "X2": "completed",
        "X3": "no_answer",
        "X4": "hung_up_early",
        "X5": "voicemail",
    }.items():
        for _ in range(2):  # every outcome reported twice
            store.apply(contact_id, {"campaign": "spring", "campaign_outcome": outcome}, epoch("12:00:00"))
    for _ in range(2):  # X3 and its retry X5 both report the contact's one SMS
        store.apply(
            "campaign-sms#spring#p3",
            {"kind": facts.CAMPAIGN_SMS, "campaign": "spring", "sms_sent": True},
            epoch("12:00:00"),
        )
    row = store.counters[f"{DAY}|campaign#spring"]
    assert (row["campaign_calls"], row["campaign_answered"], row["campaign_heard"]) == (5, 3, 2)
    assert (row["campaign_key_pressed"], row["campaign_sms"]) == (1, 1)
    assert store.kpis("campaign#spring")["campaign_answered_rate"] == 0.6


def test_rates_with_nothing_to_divide_by_are_none_not_zero() -> None:
    assert kpis.kpis({})["abandonment_rate"] is None
    assert kpis.kpis({"queued": 2})["abandonment_rate"] == 0


def test_an_unknown_fact_is_refused() -> None:
    with pytest.raises(ValueError):
        facts.merge({}, {"mood": "happy"}, at=0.0)
