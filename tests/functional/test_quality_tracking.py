"""The KPI Lambda's logic against moto: the hand-worked day (tests/quality_support.py) through the
real store, duplicated and out of order; ratings, repeats, callbacks, campaigns; EMF lines."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.quality import aggregates, metrics, tracking
from chalicelib.tables import CallbackBookingRecord, ContactRatingRecord, TicketRecord
from tests.quality_support import (
    DAY,
    QUEUE_FAULT,
    RATINGS,
    contact_event,
    day_events,
    epoch,
    scrambled_with_duplicates,
)

pytestmark = pytest.mark.usefixtures("aws")

#: C1 and C4 are the same customer (C4 half an hour later: C1 was not resolved first time).
CALLERS = {"C1": "+12125550142", "C2": "+12125550143", "C3": "+12125550144", "C4": "+12125550142"}


@pytest.fixture(autouse=True)
def callers(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """DescribeContact's CustomerEndpoint, as Connect would answer it."""
    monkeypatch.setattr(tracking, "customer_number", lambda contact_id: CALLERS.get(contact_id))
    monkeypatch.setattr(aggregates, "business_zone", lambda: UTC)


def rate(contact_id: str, rating: int) -> None:
    ContactRatingRecord(contact_id, rating=rating, rated_at=datetime.now(UTC)).save()


def report(dimension: str) -> dict[str, Any]:
    return metrics.metrics_report(dimension, DAY, DAY, labels={QUEUE_FAULT: "fault"})


def row(dimension: str, name: str) -> dict[str, Any]:
    return next(r for r in report(dimension)["rows"] if r["name"] == name)


def test_the_scrambled_duplicated_day_gives_the_hand_worked_kpis(capsys: pytest.CaptureFixture[str]) -> None:
    for contact_id, rating in RATINGS.items():
        rate(contact_id, rating)
    for event in scrambled_with_duplicates():
        tracking.track_contact_event(event)

    overall = report("queue")["overall"]
    assert overall["kpis"]["abandonment_rate"] == 0.25
    assert overall["kpis"]["service_level"] == 0.5
    assert overall["kpis"]["average_handle_time_s"] == 220
    assert overall["kpis"]["satisfaction_average"] == 3.6667
    assert overall["kpis"]["first_contact_resolution"] == 0.6667  # C2, C4 of C1, C2, C4
    assert overall["counters"]["contacts"] == 5
    assert [day["day"] for day in overall["days"]] == [DAY]
    fault = row("queue", QUEUE_FAULT)
    assert fault["label"] == "fault"
    assert (fault["counters"]["queued"], fault["counters"]["abandoned"]) == (3, 1)
    assert row("agent", "a1")["kpis"]["average_handle_time_s"] == 270

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    stage_wide = [line for line in lines if "Queue" not in line]
    assert sum(line.get("Abandoned", 0) for line in stage_wide) == 1
    assert sum(line.get("Queued", 0) for line in stage_wide) == 4
    assert lines[0]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "ContactCentre/Quality"


def test_a_low_ivr_rating_opens_one_follow_up_ticket_for_a_supervisor() -> None:
    rate("C2", 2)
    events = [e for e in day_events() if e["detail"]["contactId"] == "C2"]
    first = [tracking.track_contact_event(e) for e in events][-1]
    again = tracking.track_contact_event(events[-1])
    assert first is not None and again is not None
    assert first.follow_up_ticket and first.follow_up_ticket == again.follow_up_ticket
    ticket = TicketRecord.get(first.follow_up_ticket)
    assert ticket.category == "complaint" and "2/5" in ticket.subject
    assert ticket.phone == CALLERS["C2"]


def test_a_repeat_contact_processed_before_the_first_still_marks_the_first() -> None:
    c1 = [e for e in day_events() if e["detail"]["contactId"] == "C1"]
    c4 = [e for e in day_events() if e["detail"]["contactId"] == "C4"]
    for event in c4 + c1:  # the later contact's events first
        tracking.track_contact_event(event)
    counters = report("all")["overall"]["counters"]
    assert (counters["fcr_eligible"], counters["fcr_repeated"]) == (2, 1)


def test_concurrent_events_of_one_contact_are_each_counted_once() -> None:
    from local.serial_dynamodb import serialize_dynamodb

    serialize_dynamodb()
    events = [e for e in day_events() if e["detail"]["contactId"] in {"C1", "C3"}] * 3
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(tracking.track_contact_event, events))
    counters = report("all")["overall"]["counters"]
    assert (counters["queued"], counters["answered"], counters["abandoned"], counters["handled"]) == (
        2,
        1,
        1,
        1,
    )
    assert counters["handle_time_s"] == 300


def test_a_kept_callback_counts_once_and_sends_one_sms_survey(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import messaging

    sent: list[tuple[str, str]] = []

    def send_sms(phone: str, text: str) -> str:
        sent.append((phone, text))
        return "m-1"

    monkeypatch.setattr(messaging, "send_sms", send_sms)
    booking = CallbackBookingRecord(
        "B1",
        queue="callbacks",
        phone="+12125550177",
        starts_at="2026-11-25T09:00:00Z",
        status="completed",
        contact_id="K1",
        created_at=datetime.now(UTC),
        updated_at=datetime.now(UTC),
    )
    booking.save()
    times = {
        "started": "09:00:00",
        "queue": "cbq",
        "queued": "09:00:10",
        "agent": "a1",
        "agent_at": "09:00:20",
        "ended": "09:02:00",
        "method": "API",
    }
    for _ in range(2):
        tracking.track_contact_event(contact_event("DISCONNECTED", "K1", **times))
    counters = report("all")["overall"]
    assert (counters["counters"]["callbacks_due"], counters["counters"]["callbacks_kept"]) == (1, 1)
    assert counters["kpis"]["callback_kept_rate"] == 1
    assert len(sent) == 1 and "1" in sent[0][1] and "5" in sent[0][1] and "http" not in sent[0][1]


def test_campaign_outcomes_reported_twice_count_once() -> None:
    for _ in range(2):
        tracking.note_campaign_outcome(
            "X1", "spring", "+12125550150", "key_pressed", sms_sent=False, at=epoch("12:00:00")
        )
        tracking.note_campaign_outcome(
            "X2", "spring", "+12125550151", "no_answer", sms_sent=True, at=epoch("12:00:00")
        )
        tracking.note_campaign_outcome(
            "X3", "spring", "+12125550151", "voicemail", sms_sent=True, at=epoch("13:00:00")
        )
    spring = row("campaign", "spring")["counters"]
    assert (spring["campaign_calls"], spring["campaign_answered"], spring["campaign_key_pressed"]) == (
        3,
        1,
        1,
    )
    assert spring["campaign_sms"] == 1
