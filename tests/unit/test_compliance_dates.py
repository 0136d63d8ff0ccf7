"""Holidays, restricted dates and campaign start/end dates, in the callee's local calendar."""

from __future__ import annotations

from chalicelib.campaigns.compliance import Refusal, dial_decision
from chalicelib.campaigns.definition import load_campaign_file
from tests.unit.campaign_builders import CAMPAIGNS_DIR, campaign, utc

NEW_YORK = "+12125550121"
SAN_FRANCISCO = "+14155550142"
BEIJING = "+8613800138021"


def loan_reminder():
    return load_campaign_file(CAMPAIGNS_DIR / "loan-repayment-reminder.yaml")


def test_nobody_in_the_us_gets_a_loan_reminder_on_christmas_day() -> None:
    decision = dial_decision(NEW_YORK, loan_reminder(), utc(2026, 12, 25, 15))  # 10:00 EST
    assert decision.reason == Refusal.RESTRICTED_DATE
    assert "Christmas Day" in decision.detail
    assert decision.next_allowed_at == utc(2026, 12, 26, 14)  # Saturday 09:00 EST


def test_a_holiday_for_one_country_does_not_stop_calls_to_another() -> None:
    assert dial_decision(BEIJING, loan_reminder(), utc(2026, 12, 25, 3)).allowed  # 11:00 in Beijing


def test_spring_festival_is_skipped_for_china_numbers_only() -> None:
    festival = dial_decision(BEIJING, loan_reminder(), utc(2027, 2, 8, 3))
    assert festival.reason == Refusal.RESTRICTED_DATE
    assert festival.next_allowed_at == utc(2027, 2, 12, 1)  # Friday 12 Feb, 09:00 Beijing
    assert dial_decision(NEW_YORK, loan_reminder(), utc(2027, 2, 8, 15)).allowed


def test_a_restricted_date_is_the_callee_local_date() -> None:
    # 03:00 UTC on the 25th is still the 24th, 22:00, in New York: outside hours, not Christmas.
    decision = dial_decision(NEW_YORK, loan_reminder(), utc(2026, 12, 25, 3))
    assert decision.reason == Refusal.OUTSIDE_WINDOW
    assert decision.next_allowed_at == utc(2026, 12, 26, 14)  # skips Christmas Day


def test_a_bare_date_restricts_every_country() -> None:
    for number, moment in ((NEW_YORK, utc(2027, 1, 1, 15)), (BEIJING, utc(2027, 1, 1, 3))):
        assert dial_decision(number, loan_reminder(), moment).reason == Refusal.RESTRICTED_DATE


def test_before_its_start_date_a_campaign_waits_for_the_first_day_window() -> None:
    june = campaign(schedule={"start_date": "2026-06-15"}, calling_window={"start": "09:00", "end": "17:00"})
    decision = dial_decision(SAN_FRANCISCO, june, utc(2026, 6, 10, 18))
    assert decision.reason == Refusal.CAMPAIGN_NOT_STARTED
    assert decision.next_allowed_at == utc(2026, 6, 15, 16)  # 09:00 PDT on the 15th


def test_the_end_date_is_inclusive_and_callee_local() -> None:
    june = campaign(schedule={"start_date": "2026-06-01", "end_date": "2026-06-30"})
    moment = utc(2026, 7, 1, 1)  # 18:00 on 30 June in San Francisco, 09:00 on 1 July in Beijing
    assert dial_decision(SAN_FRANCISCO, june, moment).allowed
    over = dial_decision(BEIJING, june, moment)
    assert (over.reason, over.next_allowed_at) == (Refusal.CAMPAIGN_ENDED, None)


def test_a_contact_that_cannot_be_reached_before_the_end_date_gets_no_next_time() -> None:
    last_day = campaign(
        schedule={"start_date": "2026-06-01", "end_date": "2026-06-30"},
        calling_window={"start": "09:00", "end": "17:00"},
    )
    decision = dial_decision(SAN_FRANCISCO, last_day, utc(2026, 7, 1, 0, 30))  # 17:30 PDT, 30 June
    assert decision.reason == Refusal.OUTSIDE_WINDOW
    assert decision.next_allowed_at is None
