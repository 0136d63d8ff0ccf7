"""Bookable slots: the callback queue's opening hours cut into fixed-length slots, minus closures.

Slots are computed, not stored: a slot's key is its start in UTC (``2026-01-05T01:30:00Z``); only
slots somebody booked have a counter item. Hours and closures are in the business time zone; the
customer sees each slot in their own.

    for slot in free_slots(settings, now=clock.utcnow(), limit=3):
        print(slot.key, slot.free)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from chalicelib.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Iterator

    from chalicelib.callbacks.settings import CallbackSettings

_KEY_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ZH_DAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    capacity: int
    booked: int = 0

    @property
    def key(self) -> str:
        return slot_key(self.starts_at)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)

    def to_dict(self, customer_zone: ZoneInfo | None = None, language: str = "en-US") -> dict[str, object]:
        zone = customer_zone or ZoneInfo("UTC")
        return {
            "startsAt": self.key,
            "endsAt": slot_key(self.ends_at),
            "localStart": self.starts_at.astimezone(zone).isoformat(),
            "localEnd": self.ends_at.astimezone(zone).isoformat(),
            "label": label(self.starts_at, zone, language),
            "free": self.free,
        }


def slot_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_KEY_FORMAT)


def parse_slot_key(raw: object) -> datetime:
    """``2026-01-05T01:30:00Z`` (any ISO-8601 instant with an offset) -> aware UTC datetime."""
    if not isinstance(raw, str) or not raw:
        raise InvalidInput("slot must be the slot's start, e.g. 2026-01-05T01:30:00Z", code="invalid_slot")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"slot {raw!r} is not an ISO-8601 time", code="invalid_slot") from None
    if moment.tzinfo is None:
        raise InvalidInput(f"slot {raw!r} needs a time zone offset (or Z)", code="invalid_slot")
    return moment.astimezone(UTC)


def label(starts_at: datetime, zone: ZoneInfo, language: str) -> str:
    """How a person hears or reads the slot: ``Monday 5 January, 10:30`` / ``1月5日 周一 10:30``."""
    local = starts_at.astimezone(zone)
    if language == "zh-CN":
        return f"{local.month}月{local.day}日 {_ZH_DAYS[local.weekday()]} {local:%H:%M}"
    return f"{_EN_DAYS[local.weekday()]} {local.day} {local:%B}, {local:%H:%M}"


def _closed(settings: CallbackSettings, local_start: datetime, local_end: datetime) -> bool:
    return any(c.start < local_end and local_start < c.end for c in settings.closures)


def _day_slots(settings: CallbackSettings, day: date) -> Iterator[tuple[datetime, datetime]]:
    """The slots of one business day as aware UTC (start, end), in order."""
    length = settings.slot_minutes
    midnight = datetime(day.year, day.month, day.day)
    for opens, closes in settings.hours.get(day.weekday(), ()):
        minute = opens
        while minute + length <= closes:
            local_start = midnight + timedelta(minutes=minute)
            local_end = local_start + timedelta(minutes=length)
            minute += length
            if _closed(settings, local_start, local_end):
                continue
            start = local_start.replace(tzinfo=settings.time_zone)
            # A local time the clocks skip over (daylight saving) does not exist: no slot then.
            if start.astimezone(UTC).astimezone(settings.time_zone).replace(tzinfo=None) != local_start:
                continue
            yield start.astimezone(UTC), local_end.replace(tzinfo=settings.time_zone).astimezone(UTC)


def bookable_window(settings: CallbackSettings, now: datetime) -> tuple[datetime, datetime]:
    """Slots starting in [earliest, latest) may be booked now."""
    return now + timedelta(minutes=settings.min_notice_minutes), now + timedelta(days=settings.horizon_days)


def slot_times(
    settings: CallbackSettings, earliest: datetime, latest: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Every slot starting in [earliest, latest), in order (UTC)."""
    day = earliest.astimezone(settings.time_zone).date()
    last_day = latest.astimezone(settings.time_zone).date()
    while day <= last_day:
        for start, end in _day_slots(settings, day):
            if earliest <= start < latest:
                yield start, end
        day += timedelta(days=1)


def bookable_slot(settings: CallbackSettings, starts_at: datetime, now: datetime) -> Slot:
    """The slot starting at ``starts_at`` if a customer may book it now; otherwise a clear 4xx."""
    earliest, latest = bookable_window(settings, now)
    if starts_at < earliest:
        raise InvalidInput("that slot has passed or starts too soon to book", code="slot_unavailable")
    if starts_at >= latest:
        raise InvalidInput(
            f"slots can be booked at most {settings.horizon_days} days ahead", code="slot_unavailable"
        )
    day = starts_at.astimezone(settings.time_zone).date()
    for start, end in _day_slots(settings, day):
        if start == starts_at:
            return Slot(start, end, settings.capacity)
    raise InvalidInput(
        "no callback slot starts at that time (outside hours or closed)", code="slot_unavailable"
    )


def free_slots(
    settings: CallbackSettings,
    now: datetime,
    *,
    limit: int = 20,
    after: datetime | None = None,
    queue: str | None = None,
) -> list[Slot]:
    """The next ``limit`` slots with room, from ``after`` (default: the earliest bookable)."""
    from chalicelib.tables import CallbackSlotRecord

    earliest, latest = bookable_window(settings, now)
    if after is not None and after > earliest:
        earliest = after
    if earliest >= latest:
        return []
    booked = {
        record.starts_at: int(record.booked or 0)
        for record in CallbackSlotRecord.query(
            queue or settings.queue,
            CallbackSlotRecord.starts_at.between(slot_key(earliest), slot_key(latest)),
        )
    }
    found: list[Slot] = []
    for start, end in slot_times(settings, earliest, latest):
        slot = Slot(start, end, settings.capacity, booked.get(slot_key(start), 0))
        if slot.free > 0:
            found.append(slot)
            if len(found) >= limit:
                break
    return found
