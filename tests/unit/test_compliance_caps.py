"""Attempt caps over rolling windows: per campaign, per 24 h, US collection, Florida."""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.campaigns.compliance import CallAttempt, Refusal, dial_decision
from tests.unit.campaign_builders import campaign, utc

NEW_YORK = "+12125550142"
MIAMI = "+13055550142"
LONDON = "+442079460123"


def attempts(campaign_id: str, *moments: datetime, purpose: str | None = None) -> list[CallAttempt]:
    return [CallAttempt(moment, campaign_id, purpose) for moment in moments]


def test_a_contact_called_max_attempts_times_is_never_called_again_by_that_campaign() -> None:
    three = campaign(retries={"max_attempts": 3, "delay_minutes": 0})
    history = attempts("test-campaign", utc(2026, 6, 1, 12), utc(2026, 6, 2, 12), utc(2026, 6, 3, 12))
    decision = dial_decision(LONDON, three, utc(2026, 6, 10, 12), history)
    assert (decision.reason, decision.next_allowed_at) == (Refusal.CAP_REACHED, None)
    other_campaign = attempts("another-campaign", *(a.at for a in history))
    assert dial_decision(LONDON, three, utc(2026, 6, 10, 12), other_campaign).allowed


def test_the_24_hour_cap_rolls_rather_than_resetting_at_midnight() -> None:
    two_a_day = campaign(retries={"max_attempts": 10, "delay_minutes": 0, "max_attempts_per_24h": 2})
    history = attempts("test-campaign", utc(2026, 6, 10, 22), utc(2026, 6, 10, 23))
    after_midnight = dial_decision(LONDON, two_a_day, utc(2026, 6, 11, 1), history)
    assert after_midnight.reason == Refusal.CAP_REACHED
    assert after_midnight.next_allowed_at == utc(2026, 6, 11, 22)
    assert dial_decision(LONDON, two_a_day, utc(2026, 6, 11, 22), history).allowed


def test_the_retry_delay_holds_the_next_call_back() -> None:
    hourly = campaign(retries={"max_attempts": 5, "delay_minutes": 60})
    history = attempts("test-campaign", utc(2026, 6, 10, 12, 0))
    decision = dial_decision(LONDON, hourly, utc(2026, 6, 10, 12, 30), history)
    assert decision.reason == Refusal.RETRY_DELAY
    assert decision.next_allowed_at == utc(2026, 6, 10, 13, 0)


def test_us_debt_collection_allows_seven_attempts_in_seven_days_across_collection_campaigns() -> None:
    collection = campaign(purpose="collection")
    start = utc(2026, 6, 1, 14)  # 10:00 EDT
    mine = attempts("test-campaign", *(start + timedelta(days=day) for day in range(4)))
    other_collector = attempts(
        "card-arrears", *(start + timedelta(days=day, hours=2) for day in range(3)), purpose="collection"
    )
    marketing = attempts("birthday-greeting", start + timedelta(days=5), purpose="marketing")
    history = mine + other_collector + marketing
    now = utc(2026, 6, 6, 16)  # 12:00 EDT, five days later
    decision = dial_decision(NEW_YORK, collection, now, history)
    assert decision.reason == Refusal.CAP_REACHED
    assert "7 call attempts in 7 days" in decision.detail
    assert decision.next_allowed_at == start + timedelta(days=7)  # when the first attempt ages out
    assert dial_decision(NEW_YORK, collection, now, mine + marketing).allowed


def test_the_collection_cap_does_not_apply_to_an_informational_campaign() -> None:
    informational = campaign()
    start = utc(2026, 6, 1, 14)
    history = attempts("test-campaign", *(start + timedelta(hours=12 * i) for i in range(8)))
    assert dial_decision(NEW_YORK, informational, utc(2026, 6, 6, 16), history).allowed


def test_a_florida_number_gets_at_most_three_calls_in_24_hours_from_all_campaigns() -> None:
    parcel = campaign()
    history = (
        attempts("test-campaign", utc(2026, 6, 10, 13))  # 09:00 EDT
        + attempts("birthday-greeting", utc(2026, 6, 10, 15), purpose="marketing")
        + attempts("loan-repayment-reminder", utc(2026, 6, 10, 17), purpose="collection")
    )
    decision = dial_decision(MIAMI, parcel, utc(2026, 6, 10, 19), history)  # 15:00 EDT
    assert decision.reason == Refusal.CAP_REACHED
    assert "Florida" in decision.detail
    assert decision.next_allowed_at == utc(2026, 6, 11, 13)  # the 09:00 call is 24 h old
    assert dial_decision(NEW_YORK, parcel, utc(2026, 6, 10, 19), history).allowed


def test_a_cap_that_lifts_at_night_waits_for_the_window_to_open() -> None:
    two_a_day = campaign(
        calling_window={"start": "09:00", "end": "18:00"},
        retries={"max_attempts": 10, "delay_minutes": 0, "max_attempts_per_24h": 2},
    )
    history = attempts("test-campaign", utc(2026, 6, 10, 19), utc(2026, 6, 10, 20))  # 20:00, 21:00 BST
    # the 24 h cap lifts at 19:00 UTC next day (20:00 BST), after the window closed: next morning
    decision = dial_decision(LONDON, two_a_day, utc(2026, 6, 11, 10), history)
    assert decision.reason == Refusal.CAP_REACHED
    assert decision.next_allowed_at == utc(2026, 6, 12, 8)  # 09:00 BST on the 12th
