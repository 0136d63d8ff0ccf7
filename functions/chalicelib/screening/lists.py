"""The screening lists and their entries: names, aliases, expiry. Pure: no I/O.

A number can be on several lists at once; each list holds at most one entry per number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from chalicelib.errors import InvalidInput


class ScreeningList(StrEnum):
    BLOCK = "block"  # refuse inbound, never dial
    WARN = "warn"  # answer, but flag the contact for the agent
    DNC = "dnc"  # do not call: never dial; inbound allowed
    OPTOUT = "optout"  # replied STOP / 退订 or opted out with the messaging service: never market


# What people write in CSV files and requests for each list.
_ALIASES: dict[str, ScreeningList] = {
    "blacklist": ScreeningList.BLOCK,
    "blocked": ScreeningList.BLOCK,
    "blocklist": ScreeningList.BLOCK,
    "warning": ScreeningList.WARN,
    "watch": ScreeningList.WARN,
    "do_not_call": ScreeningList.DNC,
    "donotcall": ScreeningList.DNC,
    "opt_out": ScreeningList.OPTOUT,
    "opted_out": ScreeningList.OPTOUT,
    "unsubscribe": ScreeningList.OPTOUT,
    "stop": ScreeningList.OPTOUT,
    "退订": ScreeningList.OPTOUT,
}


def list_named(raw: str) -> ScreeningList:
    """The list a user means: ``"do-not-call"``, ``"DNC"`` and ``"dnc"`` are the same list."""
    key = (raw or "").strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ScreeningList(key)
    except ValueError:
        pass
    if key in _ALIASES:
        return _ALIASES[key]
    names = ", ".join(item.value for item in ScreeningList)
    raise InvalidInput(f"unknown list {raw!r}: use one of {names}", code="unknown_list")


def parse_expiry(raw: str | None, now: datetime) -> datetime | None:
    """An entry's expiry from ISO text; a bare date means until the end of that day (UTC).

    ``"2026-12-31"`` -> 2027-01-01T00:00:00+00:00; ``""`` -> None (permanent). Raises InvalidInput
    for unreadable or past expiries.
    """
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            expires = datetime.combine(date.fromisoformat(text), time(), UTC) + timedelta(days=1)
        else:
            expires = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(
            f"expires_at {text!r} is not an ISO 8601 date or time", code="invalid_expiry"
        ) from exc
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    if expires <= now:
        raise InvalidInput(f"expires_at {text!r} is already in the past", code="invalid_expiry")
    return expires.astimezone(UTC)


@dataclass(frozen=True)
class ListEntry:
    """Why a number is on one list, who put it there and until when."""

    list: ScreeningList
    reason: str
    source: str
    added_by: str
    added_at: datetime
    expires_at: datetime | None = None

    def is_active(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now

    def to_item(self) -> dict[str, str]:
        """The stored map (strings only, so it fits a schemaless DynamoDB map)."""
        item = {
            "reason": self.reason,
            "source": self.source,
            "added_by": self.added_by,
            "added_at": self.added_at.isoformat(),
        }
        if self.expires_at is not None:
            item["expires_at"] = self.expires_at.isoformat()
        return item

    @classmethod
    def from_item(cls, list_name: str, item: Mapping[str, Any]) -> ListEntry:
        expires = item.get("expires_at")
        return cls(
            list=ScreeningList(list_name),
            reason=str(item.get("reason", "")),
            source=str(item.get("source", "")),
            added_by=str(item.get("added_by", "")),
            added_at=datetime.fromisoformat(str(item["added_at"])),
            expires_at=datetime.fromisoformat(str(expires)) if expires else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The API's view of the entry."""
        return {
            "list": self.list.value,
            "reason": self.reason,
            "source": self.source,
            "added_by": self.added_by,
            "added_at": self.added_at.isoformat(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }


def entries_from_item(lists: Mapping[str, Any]) -> dict[ScreeningList, ListEntry]:
    """Decode a stored ``lists`` map, skipping names this code no longer knows."""
    known = {item.value for item in ScreeningList}
    return {
        ScreeningList(name): ListEntry.from_item(name, entry)
        for name, entry in lists.items()
        if name in known and isinstance(entry, Mapping)
    }


def active(entries: Mapping[ScreeningList, ListEntry], now: datetime) -> dict[ScreeningList, ListEntry]:
    """Only the entries still in force: an expired entry has no effect, whatever TTL has not yet deleted."""
    return {name: entry for name, entry in entries.items() if entry.is_active(now)}


def expiry_of_item(entries: Iterable[ListEntry]) -> datetime | None:
    """When the whole item may go (TTL): the latest expiry, or never if any entry is permanent."""
    latest: datetime | None = None
    for entry in entries:
        if entry.expires_at is None:
            return None
        latest = entry.expires_at if latest is None else max(latest, entry.expires_at)
    return latest
