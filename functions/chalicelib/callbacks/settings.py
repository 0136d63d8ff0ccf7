"""Callback settings: the one place that names their environment variables, formats and defaults.

CDK sets these from the stage's ``cdk.json`` context; where it sets none the defaults below
apply. The schedules' targets have no default: CDK always sets them, local runs set them from
``local/environment.py``, and a function without them fails when it schedules (naming the
variable) instead of scheduling a local function. JSON formats:

- ``CALLBACK_HOURS``: weekday -> ``["HH:MM", "HH:MM"]`` or a list of such ranges, business time,
  e.g. ``{"MONDAY": ["09:00", "18:00"], "SATURDAY": [["09:00", "12:00"], ["13:00", "17:00"]]}``
  (the same shape as ``business_hours`` in cdk.json; a day not listed is closed).
- ``CALLBACK_CLOSURES``: holidays and closures in business time, each a date (whole day) or a
  range: ``["2026-10-01", {"start": "2026-12-24T12:00", "end": "2026-12-27T00:00"}]``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.settings import BUSINESS_TIME_ZONE_ENV, DEFAULT_BUSINESS_TIME_ZONE, MissingSetting

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")

#: environment variable -> default (strings, as the environment holds them)
ENVIRONMENT: dict[str, str] = {
    BUSINESS_TIME_ZONE_ENV: DEFAULT_BUSINESS_TIME_ZONE,
    "CALLBACK_HOURS": json.dumps({day: ["09:00", "18:00"] for day in WEEKDAYS[:5]}),
    "CALLBACK_CLOSURES": "[]",
    "CALLBACK_SLOT_MINUTES": "30",
    "CALLBACK_SLOT_CAPACITY": "3",
    "CALLBACK_QUEUE": "callback",  # the Connect queue name booked callbacks go to
    "CALLBACK_MIN_NOTICE_MINUTES": "15",  # the earliest slot must start this far ahead
    "CALLBACK_HORIZON_DAYS": "14",  # how far ahead slots are offered
    "CALLBACK_REMINDER_MINUTES": "60",  # SMS reminder lead time; 0 turns reminders off
    "CALLBACK_MAX_ATTEMPTS": "3",  # calls per booking (the first and the retries within the slot)
    "CALLBACK_RETRY_MINUTES": "5",  # wait between a missed call and the retry
    "CALLBACK_CODE_TTL_MINUTES": "10",
    "CALLBACK_CODE_MAX_ATTEMPTS": "5",  # wrong codes before a verification is locked
    "CALLBACK_CODES_PER_HOUR": "3",  # codes sent to one number in any rolling hour
    "CALLBACK_VERIFICATIONS_PER_ADDRESS_PER_HOUR": "30",  # code requests from one client address
    # Countries codes may be texted to (ISO codes, comma-separated): CDK sets the stage's own
    # (cdk.json sms_countries, default the country of its first phone number).
    "CALLBACK_SMS_COUNTRIES": "US",
    "CALLBACK_SMS_BUDGET_PER_HOUR": "200",  # codes texted per hour by the whole stage
    # Targets of the one-time schedules: set by CDK, no default (``CallbackSettings.target``).
    "CALLBACK_FUNCTION_ARN": "",
    "CALLBACK_REMINDER_FUNCTION_ARN": "",
    "SCHEDULER_ROLE_ARN": "",
    "SCHEDULE_GROUP": "default",
    "CALLBACK_FLOW_ID": "",  # empty: the instance's OUTBOUND_FLOW_ID
}


class SettingsError(ValueError):
    """A callback setting is malformed; the message names the variable."""


@dataclass(frozen=True)
class Closure:
    start: datetime  # business-local, naive
    end: datetime


@dataclass(frozen=True)
class CallbackSettings:
    time_zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_BUSINESS_TIME_ZONE))
    #: weekday index (Monday 0) -> opening ranges in business time, as minutes since midnight
    hours: Mapping[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    closures: tuple[Closure, ...] = ()
    slot_minutes: int = 30
    capacity: int = 3
    queue: str = "callback"
    min_notice_minutes: int = 15
    horizon_days: int = 14
    reminder_minutes: int = 60
    max_attempts: int = 3
    retry_minutes: int = 5
    code_ttl_minutes: int = 10
    code_max_attempts: int = 5
    codes_per_hour: int = 3
    verifications_per_address_per_hour: int = 30
    sms_countries: tuple[str, ...] = ("US",)
    sms_budget_per_hour: int = 200
    callback_function_arn: str = ""
    reminder_function_arn: str = ""
    scheduler_role_arn: str = ""
    schedule_group: str = "default"
    callback_flow_id: str = ""

    def target(self, attribute: str) -> str:
        """One of the schedules' ARNs (``callback_function_arn`` ...); raises ``MissingSetting``
        naming its variable when the stack did not set it."""
        value = str(getattr(self, attribute))
        if not value:
            raise MissingSetting(_ARN_VARIABLES[attribute])
        return value


#: CallbackSettings attribute -> the variable that sets it
_ARN_VARIABLES = {
    "callback_function_arn": "CALLBACK_FUNCTION_ARN",
    "reminder_function_arn": "CALLBACK_REMINDER_FUNCTION_ARN",
    "scheduler_role_arn": "SCHEDULER_ROLE_ARN",
}


def _value(env: Mapping[str, str], name: str) -> str:
    return env.get(name) or ENVIRONMENT[name]


def _int(env: Mapping[str, str], name: str, minimum: int = 0) -> int:
    raw = _value(env, name)
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _countries(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    codes = tuple(code.strip().upper() for code in _value(env, name).split(",") if code.strip())
    if not codes or not all(re.fullmatch(r"[A-Z]{2}", code) for code in codes):
        raise SettingsError(f"{name} must list ISO country codes like CN,US; got {_value(env, name)!r}")
    return codes


def _minutes(name: str, raw: Any) -> int:
    if not isinstance(raw, str) or not _HH_MM.match(raw):
        raise SettingsError(f"{name}: times are 'HH:MM', got {raw!r}")
    hours, minutes = raw.split(":")
    return int(hours) * 60 + int(minutes)


def parse_hours(raw: str, name: str = "CALLBACK_HOURS") -> dict[int, tuple[tuple[int, int], ...]]:
    try:
        table = json.loads(raw)
    except ValueError as error:
        raise SettingsError(f"{name} is not JSON: {error}") from None
    if not isinstance(table, dict):
        raise SettingsError(f"{name} must map weekdays to opening hours")
    hours: dict[int, tuple[tuple[int, int], ...]] = {}
    for day, ranges in table.items():
        if str(day).upper() not in WEEKDAYS:
            raise SettingsError(f"{name}: unknown weekday {day!r}")
        if isinstance(ranges, list) and len(ranges) == 2 and all(isinstance(r, str) for r in ranges):
            ranges = [ranges]
        if not isinstance(ranges, list):
            raise SettingsError(f"{name}: {day} must be ['HH:MM', 'HH:MM'] or a list of them")
        parsed = []
        for pair in ranges:
            if not isinstance(pair, list) or len(pair) != 2:
                raise SettingsError(f"{name}: {day} must be ['HH:MM', 'HH:MM'] or a list of them")
            opens, closes = _minutes(name, pair[0]), _minutes(name, pair[1])
            if closes <= opens:
                raise SettingsError(f"{name}: {day} closes before it opens ({pair[0]}-{pair[1]})")
            parsed.append((opens, closes))
        hours[WEEKDAYS.index(str(day).upper())] = tuple(sorted(parsed))
    return hours


def parse_closures(raw: str, name: str = "CALLBACK_CLOSURES") -> tuple[Closure, ...]:
    try:
        entries = json.loads(raw)
    except ValueError as error:
        raise SettingsError(f"{name} is not JSON: {error}") from None
    if not isinstance(entries, list):
        raise SettingsError(f"{name} must be a list of dates or {{'start', 'end'}} ranges")
    closures = []
    for entry in entries:
        try:
            if isinstance(entry, str):
                start = datetime.fromisoformat(date.fromisoformat(entry).isoformat())
                closures.append(Closure(start, start + timedelta(days=1)))
            elif isinstance(entry, dict):
                closure = Closure(
                    datetime.fromisoformat(entry["start"]), datetime.fromisoformat(entry["end"])
                )
                if closure.start.tzinfo or closure.end.tzinfo:
                    raise SettingsError(f"{name}: {entry} must be in business time, without an offset")
                if closure.end <= closure.start:
                    raise SettingsError(f"{name}: {entry} ends before it starts")
                closures.append(closure)
            else:
                raise SettingsError(f"{name}: {entry!r} is neither a date nor a range")
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, SettingsError):
                raise
            raise SettingsError(f"{name}: cannot read {entry!r} ({error})") from None
    return tuple(closures)


def from_environment(env: Mapping[str, str] | None = None) -> CallbackSettings:
    """Read and check every callback setting (``env`` defaults to ``os.environ``)."""
    env = os.environ if env is None else env
    zone_name = _value(env, BUSINESS_TIME_ZONE_ENV)
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"BUSINESS_TIME_ZONE is not an IANA time zone: {zone_name!r}") from None
    slot_minutes = _int(env, "CALLBACK_SLOT_MINUTES", 5)
    if (24 * 60) % slot_minutes:
        raise SettingsError(f"CALLBACK_SLOT_MINUTES must divide a day evenly, got {slot_minutes}")
    return CallbackSettings(
        time_zone=zone,
        hours=parse_hours(_value(env, "CALLBACK_HOURS")),
        closures=parse_closures(_value(env, "CALLBACK_CLOSURES")),
        slot_minutes=slot_minutes,
        capacity=_int(env, "CALLBACK_SLOT_CAPACITY", 1),
        queue=_value(env, "CALLBACK_QUEUE"),
        min_notice_minutes=_int(env, "CALLBACK_MIN_NOTICE_MINUTES"),
        horizon_days=_int(env, "CALLBACK_HORIZON_DAYS", 1),
        reminder_minutes=_int(env, "CALLBACK_REMINDER_MINUTES"),
        max_attempts=_int(env, "CALLBACK_MAX_ATTEMPTS", 1),
        retry_minutes=_int(env, "CALLBACK_RETRY_MINUTES", 1),
        code_ttl_minutes=_int(env, "CALLBACK_CODE_TTL_MINUTES", 1),
        code_max_attempts=_int(env, "CALLBACK_CODE_MAX_ATTEMPTS", 1),
        codes_per_hour=_int(env, "CALLBACK_CODES_PER_HOUR", 1),
        verifications_per_address_per_hour=_int(env, "CALLBACK_VERIFICATIONS_PER_ADDRESS_PER_HOUR", 1),
        sms_countries=_countries(env, "CALLBACK_SMS_COUNTRIES"),
        sms_budget_per_hour=_int(env, "CALLBACK_SMS_BUDGET_PER_HOUR", 1),
        callback_function_arn=_value(env, "CALLBACK_FUNCTION_ARN"),
        reminder_function_arn=_value(env, "CALLBACK_REMINDER_FUNCTION_ARN"),
        scheduler_role_arn=_value(env, "SCHEDULER_ROLE_ARN"),
        schedule_group=_value(env, "SCHEDULE_GROUP"),
        callback_flow_id=env.get("CALLBACK_FLOW_ID", ""),
    )


@lru_cache(maxsize=8)
def _cached(items: tuple[tuple[str, str], ...]) -> CallbackSettings:
    return from_environment(dict(items))


def current() -> CallbackSettings:
    """The settings for this invocation (re-read when the environment changes, e.g. in tests)."""
    return _cached(tuple(sorted((k, v) for k, v in os.environ.items() if k in ENVIRONMENT)))
