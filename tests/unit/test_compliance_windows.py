"""Calling windows in the callee's own time zone, across zones and DST changes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from chalicelib.campaigns.compliance import Contact, Refusal, dial_decision
from chalicelib.campaigns.compliance import callee as callee_module
from tests.unit.campaign_builders import campaign, utc

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

NEW_YORK = "+12125550142"
SAN_FRANCISCO = "+14155550142"
MIAMI = "+13055550142"  # Florida area code, fictional 555-01xx line
BEIJING = "+8613800138021"
LONDON = "+442079460123"  # Ofcom's drama range


@pytest.fixture
def every_number_maps_to(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[tuple[str, ...]], None]]:
    """Pretend phonenumbers places every number in the given zones (cached callees forgotten)."""

    def pretend(zones: tuple[str, ...]) -> None:
        monkeypatch.setattr(callee_module, "_zones_for", lambda parsed: zones)
        callee_module.forget_cached_callees()

    yield pretend
    callee_module.forget_cached_callees()


def test_a_pacific_number_is_not_called_at_0759_local_but_is_at_0800() -> None:
    wide = campaign(calling_window={"start": "06:00", "end": "23:00"})
    # 2026-06-10 is summer time: 08:00 PDT is 15:00 UTC
    early = dial_decision(SAN_FRANCISCO, wide, utc(2026, 6, 10, 14, 59))
    assert (early.allowed, early.reason) == (False, Refusal.OUTSIDE_WINDOW)
    assert early.next_allowed_at == utc(2026, 6, 10, 15, 0)
    assert "America/Los_Angeles" in early.detail

    on_time = dial_decision(SAN_FRANCISCO, wide, utc(2026, 6, 10, 15, 0))
    assert on_time.allowed
    assert on_time.rule_pack == "us"


def test_the_same_utc_instant_is_before_and_after_0800_across_the_spring_dst_change() -> None:
    wide = campaign(calling_window={"start": "06:00", "end": "23:00"})
    # 15:30 UTC is 07:30 PST on Saturday 7 March 2026 but 08:30 PDT on Sunday 8 March (DST began)
    saturday = dial_decision(SAN_FRANCISCO, wide, utc(2026, 3, 7, 15, 30))
    sunday = dial_decision(SAN_FRANCISCO, wide, utc(2026, 3, 8, 15, 30))
    assert saturday.reason == Refusal.OUTSIDE_WINDOW
    assert saturday.next_allowed_at == utc(2026, 3, 7, 16, 0)
    assert sunday.allowed


def test_the_window_opens_an_hour_later_in_utc_after_the_autumn_dst_change() -> None:
    wide = campaign(calling_window={"start": "06:00", "end": "23:00"})
    # Sunday 1 November 2026 is back on PST: 15:30 UTC is 07:30 local, opening at 16:00 UTC
    decision = dial_decision(SAN_FRANCISCO, wide, utc(2026, 11, 1, 15, 30))
    assert decision.reason == Refusal.OUTSIDE_WINDOW
    assert decision.next_allowed_at == utc(2026, 11, 1, 16, 0)


def test_a_florida_number_is_not_called_at_2030_local_though_new_york_is() -> None:
    wide = campaign(calling_window={"start": "06:00", "end": "23:00"})
    evening = utc(2026, 6, 11, 0, 30)  # 20:30 EDT on 10 June
    florida = dial_decision(MIAMI, wide, evening)
    assert florida.reason == Refusal.OUTSIDE_WINDOW
    assert "Florida" in florida.detail
    assert florida.next_allowed_at == utc(2026, 6, 11, 12, 0)  # 08:00 EDT next morning
    assert dial_decision(NEW_YORK, wide, evening).allowed


def test_any_us_number_stops_at_2100_local_whatever_the_campaign_window_says() -> None:
    late = campaign(calling_window={"start": "06:00", "end": "23:00"})
    decision = dial_decision(NEW_YORK, late, utc(2026, 6, 11, 1, 0))  # 21:00 EDT
    assert decision.reason == Refusal.OUTSIDE_WINDOW
    assert decision.next_allowed_at == utc(2026, 6, 11, 12, 0)


def test_a_china_number_is_not_called_at_2205_for_a_collection_campaign() -> None:
    collection = campaign(purpose="collection", calling_window={"start": "06:00", "end": "23:00"})
    at_2205 = utc(2026, 6, 10, 14, 5)  # 22:05 in Beijing (UTC+8, no DST)
    decision = dial_decision(BEIJING, collection, at_2205)
    assert decision.reason == Refusal.OUTSIDE_WINDOW
    assert decision.rule_pack == "china"
    assert decision.next_allowed_at == utc(2026, 6, 11, 0, 0)  # 08:00 Beijing


def test_a_china_number_may_get_an_informational_call_at_2205_inside_the_campaign_window() -> None:
    informational = campaign(calling_window={"start": "06:00", "end": "23:00"})
    assert dial_decision(BEIJING, informational, utc(2026, 6, 10, 14, 5)).allowed


def test_the_campaign_window_and_days_apply_in_a_country_without_a_rule_pack() -> None:
    weekdays = campaign(
        calling_window={"start": "09:00", "end": "17:00", "days": ["mon", "tue", "wed", "thu", "fri"]}
    )
    friday_evening = utc(2026, 6, 12, 16, 30)  # 17:30 BST on Friday
    decision = dial_decision(LONDON, weekdays, friday_evening)
    assert decision.reason == Refusal.OUTSIDE_WINDOW
    assert decision.rule_pack == "default"
    assert decision.next_allowed_at == utc(2026, 6, 15, 8, 0)  # Monday 09:00 BST


def test_a_time_zone_from_the_audience_overrides_the_one_the_number_suggests() -> None:
    office_hours = campaign(calling_window={"start": "09:00", "end": "17:00"})
    # 03:00 UTC is 23:00 in New York but 11:00 in Shanghai, where this customer lives
    moment = utc(2026, 6, 10, 3, 0)
    assert not dial_decision(Contact(NEW_YORK), office_hours, moment).allowed
    moved = dial_decision(Contact(NEW_YORK, timezone="Asia/Shanghai"), office_hours, moment)
    assert moved.allowed
    assert moved.time_zones == ("Asia/Shanghai",)


def test_a_number_spanning_two_zones_is_called_only_when_both_are_inside_the_window(
    every_number_maps_to: Callable[[tuple[str, ...]], None],
) -> None:
    every_number_maps_to(("America/Los_Angeles", "America/New_York"))
    hours = campaign(calling_window={"start": "09:00", "end": "17:00"})
    # 16:00 UTC: 12:00 in New York, 09:00 in Los Angeles - both open
    assert dial_decision(NEW_YORK, hours, utc(2026, 6, 10, 16, 0)).allowed
    # 15:00 UTC: 11:00 New York, 08:00 Los Angeles - the western zone is still closed
    early = dial_decision(NEW_YORK, hours, utc(2026, 6, 10, 15, 0))
    assert early.reason == Refusal.OUTSIDE_WINDOW
    assert early.next_allowed_at == utc(2026, 6, 10, 16, 0)
    # 21:30 UTC: 17:30 New York (closed), 14:30 Los Angeles - the eastern zone has closed
    late = dial_decision(NEW_YORK, hours, utc(2026, 6, 10, 21, 30))
    assert late.next_allowed_at == utc(2026, 6, 11, 16, 0)


def test_zones_that_never_share_an_open_hour_give_no_next_time(
    every_number_maps_to: Callable[[tuple[str, ...]], None],
) -> None:
    every_number_maps_to(("Pacific/Honolulu", "Asia/Tokyo"))
    hours = campaign(calling_window={"start": "09:00", "end": "12:00"})
    decision = dial_decision(LONDON, hours, utc(2026, 6, 10, 12, 0))
    assert decision.reason == Refusal.OUTSIDE_WINDOW
    assert decision.next_allowed_at is None


def test_a_number_without_a_known_zone_uses_the_campaign_default_or_waits_for_one(
    every_number_maps_to: Callable[[tuple[str, ...]], None],
) -> None:
    every_number_maps_to(())
    unknown = dial_decision(LONDON, campaign(), utc(2026, 6, 10, 12, 0))
    assert unknown.reason == Refusal.UNKNOWN_TIMEZONE
    with_default = campaign(
        calling_window={"start": "09:00", "end": "17:00", "default_timezone": "Europe/London"}
    )
    assert dial_decision(LONDON, with_default, utc(2026, 6, 10, 12, 0)).allowed


def test_a_misspelt_time_zone_in_the_audience_is_refused_not_guessed() -> None:
    decision = dial_decision(
        Contact(NEW_YORK, timezone="America/NewYork"), campaign(), utc(2026, 6, 10, 16, 0)
    )
    assert decision.reason == Refusal.INVALID_TIMEZONE
    assert decision.next_allowed_at is None


def test_a_window_ending_at_midnight_allows_2359() -> None:
    evening = campaign(calling_window={"start": "18:00", "end": "24:00"})
    assert dial_decision(LONDON, evening, utc(2026, 6, 10, 22, 59)).allowed  # 23:59 BST


def test_time_must_be_given_with_its_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        dial_decision(NEW_YORK, campaign(), datetime(2026, 6, 10, 12, 0))
