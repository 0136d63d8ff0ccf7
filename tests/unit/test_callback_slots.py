"""Slots from opening hours, slot length, closures and time zones; settings read from the environment."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.callbacks.settings import SettingsError, from_environment
from chalicelib.callbacks.slots import bookable_slot, label, slot_times
from chalicelib.errors import InvalidInput
from tests.callbacks_support import FIRST_SLOT, MONDAY_MORNING, week_settings


def _day(settings, day: datetime) -> list[datetime]:
    return [start for start, _ in slot_times(settings, day, day + timedelta(days=1))]


def test_a_day_is_cut_into_slots_between_opening_and_closing_in_business_time() -> None:
    starts = _day(week_settings(), MONDAY_MORNING)
    assert len(starts) == 18  # 09:00-18:00 in 30-minute slots
    assert starts[0] == FIRST_SLOT  # 09:00 in Shanghai
    assert starts[-1].astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M") == "17:30"


def test_a_holiday_and_a_closure_take_their_slots_away() -> None:
    settings = week_settings(
        CALLBACK_CLOSURES=json.dumps(["2026-03-02", {"start": "2026-03-03T12:00", "end": "2026-03-03T14:00"}])
    )
    assert _day(settings, MONDAY_MORNING) == []
    tuesday = [
        s.astimezone(settings.time_zone).strftime("%H:%M")
        for s in _day(settings, MONDAY_MORNING + timedelta(days=1))
    ]
    assert "11:30" in tuesday and "12:00" not in tuesday and "13:30" not in tuesday and "14:00" in tuesday


def test_days_without_hours_are_closed_and_split_hours_leave_a_lunch_break() -> None:
    settings = week_settings(CALLBACK_HOURS=json.dumps({"MONDAY": [["09:00", "12:00"], ["13:00", "14:00"]]}))
    monday = [s.astimezone(settings.time_zone).strftime("%H:%M") for s in _day(settings, MONDAY_MORNING)]
    assert monday == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:00", "13:30"]
    assert _day(settings, MONDAY_MORNING + timedelta(days=1)) == []


def test_a_local_time_skipped_by_daylight_saving_is_not_offered() -> None:
    settings = week_settings(
        BUSINESS_TIME_ZONE="America/New_York", CALLBACK_HOURS=json.dumps({"SUNDAY": ["01:00", "04:00"]})
    )
    spring_forward = datetime(2026, 3, 8, 5, 0, tzinfo=UTC)  # Sunday 00:00 in New York
    local = [s.astimezone(settings.time_zone).strftime("%H:%M") for s in _day(settings, spring_forward)]
    assert local == ["01:00", "01:30", "03:00", "03:30"]


def test_the_customer_sees_the_slot_in_their_own_zone_and_language() -> None:
    assert label(FIRST_SLOT, ZoneInfo("Europe/London"), "en-US") == "Monday 2 March, 01:00"
    assert label(FIRST_SLOT, ZoneInfo("Asia/Shanghai"), "zh-CN") == "3月2日 周一 09:00"


def test_only_a_real_slot_inside_the_booking_window_can_be_booked() -> None:
    settings = week_settings()
    assert bookable_slot(settings, FIRST_SLOT, MONDAY_MORNING).ends_at == FIRST_SLOT + timedelta(minutes=30)
    with pytest.raises(InvalidInput):
        bookable_slot(settings, FIRST_SLOT + timedelta(minutes=10), MONDAY_MORNING)  # not on the grid
    with pytest.raises(InvalidInput):
        bookable_slot(settings, FIRST_SLOT + timedelta(days=15), MONDAY_MORNING)  # beyond the horizon


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CALLBACK_HOURS", '{"FUNDAY": ["09:00", "18:00"]}'),
        ("CALLBACK_HOURS", '{"MONDAY": ["18:00", "09:00"]}'),
        ("CALLBACK_HOURS", '{"MONDAY": ["9am", "6pm"]}'),
        ("CALLBACK_CLOSURES", '["not a date"]'),
        ("CALLBACK_SLOT_MINUTES", "7"),
        ("CALLBACK_SLOT_CAPACITY", "0"),
        ("BUSINESS_TIME_ZONE", "Mars/Olympus"),
    ],
)
def test_a_malformed_setting_is_refused_with_its_name(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        from_environment({name: value})


def test_defaults_apply_when_nothing_is_set() -> None:
    settings = from_environment({})
    assert (settings.slot_minutes, settings.capacity, settings.reminder_minutes) == (30, 3, 60)
    assert settings.time_zone.key == "Asia/Shanghai"
    assert settings.hours[0] == ((9 * 60, 18 * 60),) and 5 not in settings.hours
