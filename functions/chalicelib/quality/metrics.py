"""What ``GET /metrics`` (and ``callctl report``) return: counters and KPIs per day and in total,
for the whole centre and per queue, agent, team, campaign or channel, a page of rows at a time.

    {"from": "2026-11-19", "to": "2026-11-25", "dimension": "queue",
     "overall": {"counters": {...}, "kpis": {...}, "days": [{"day", "counters", "kpis"}, ...]},
     "rows": [{"name": "<queue id>", "label": "fault", "counters", "kpis", "days"}, ...],
     (agent rows: "name" the Connect user id, "label" the agent's name from the directory;
      team rows: the agent rows added up per team of the directory, all on the first page)
     "next": "<cursor>" | null}

A page holds whole rows (every day of a scope) up to ``PAGE_BYTES``, far inside Lambda's 6 MB
response limit; ``overall`` comes with the first page. ``next`` resumes in the same index
partition after the last row's name, and only for the same dimension and days.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.errors import InvalidInput
from chalicelib.quality import aggregates
from chalicelib.quality.facts import SERVICE_LEVEL_S
from chalicelib.quality.kpis import kpis, summed

DIMENSIONS = ("queue", "agent", "team", "campaign", "channel", "all")
#: The team of agents the directory gives no team.
NO_TEAM = "none"
MAX_DAYS = 366
DEFAULT_DAYS = 7
#: A page stops adding rows past this many bytes of JSON (a row is at most a year of days,
#: about 0.3 MB), so every response stays well under Lambda's 6 MB.
PAGE_BYTES = 3_000_000


def _day(raw: str | None, name: str, default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"'{name}' must be a day as YYYY-MM-DD, got {raw!r}") from None


def day_range(raw_from: str | None, raw_to: str | None, today: date | None = None) -> tuple[str, str]:
    """Validated (from, to); by default the last 7 days up to today in the centre's time zone."""
    today = today or clock.today(aggregates.business_zone())
    day_to = _day(raw_to, "to", today)
    day_from = _day(raw_from, "from", day_to - timedelta(days=DEFAULT_DAYS - 1))
    if day_from > day_to:
        raise InvalidInput("'from' must not be after 'to'")
    if (day_to - day_from).days >= MAX_DAYS:
        raise InvalidInput(f"ask for at most {MAX_DAYS} days at a time")
    return day_from.isoformat(), day_to.isoformat()


def queue_labels(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Queue id -> queue name, from ``CONNECT_QUEUE_IDS`` (name -> id, set by CDK)."""
    from chalicelib.telephony import queue_ids

    return {queue_id: name for name, queue_id in queue_ids(env).items()}


def _default_labels(dimension: str) -> dict[str, str]:
    """Queues by their names, agents by the directory's names (rows are keyed by Connect ids)."""
    if dimension == "queue":
        return queue_labels()
    if dimension == "agent":
        from chalicelib.agents import agent_names

        return agent_names()
    return {}


def _block(rows: list[aggregates.DayCounters]) -> dict[str, Any]:
    by_day: dict[str, list[dict[str, float]]] = {}
    for row in rows:
        by_day.setdefault(row.day, []).append(row.counters)
    days = []
    for day in sorted(by_day):
        counters = summed(by_day[day])
        days.append({"day": day, "counters": counters, "kpis": kpis(counters)})
    total = summed(row.counters for row in rows)
    return {"counters": total, "kpis": kpis(total), "days": days}


def _query_tag(dimension: str, day_from: str, day_to: str) -> str:
    return hashlib.sha256(f"{dimension}|{day_from}|{day_to}".encode()).hexdigest()[:16]


def encode_cursor(dimension: str, day_from: str, day_to: str, partition: int, after: str) -> str:
    raw = {"q": _query_tag(dimension, day_from, day_to), "p": partition, "a": after}
    return base64.urlsafe_b64encode(json.dumps(raw, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token: str, dimension: str, day_from: str, day_to: str) -> tuple[int, str]:
    """(index partition, name after which to resume); a cursor of another query is refused."""
    refused = InvalidInput("next is not a cursor this report issued for these days", code="invalid_cursor")
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        partition, after, tag = data["p"], data["a"], data["q"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise refused from None
    valid = (
        isinstance(partition, int)
        and 0 <= partition < aggregates.INDEX_SHARDS
        and isinstance(after, str)
        and tag == _query_tag(dimension, day_from, day_to)
    )
    if not valid:
        raise refused
    return partition, after


def _page_rows(
    dimension: str, day_from: str, day_to: str, labels: Mapping[str, str], cursor: tuple[int, str], limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """Whole rows in (partition, name) order from ``cursor`` until the page is full."""
    partitions = aggregates.index_partitions(dimension)
    start, after = cursor
    rows: list[dict[str, Any]] = []
    size = 0
    last_partition = start
    for index in range(start, len(partitions)):
        grouped: dict[str, list[aggregates.DayCounters]] = {}
        for row in aggregates.read_partition(partitions[index], day_from, day_to):
            if index != start or row.name > after:
                grouped.setdefault(row.name, []).append(row)
        for name in sorted(grouped):
            if rows and (len(rows) >= limit or size >= PAGE_BYTES):
                following = encode_cursor(dimension, day_from, day_to, last_partition, rows[-1]["name"])
                return sorted(rows, key=lambda row: str(row["name"])), following
            row_out = {"name": name, "label": labels.get(name, name), **_block(grouped[name])}
            rows.append(row_out)
            last_partition = index
            size += len(json.dumps(row_out, separators=(",", ":")))
    return sorted(rows, key=lambda row: str(row["name"])), None


def team_rows(
    day_from: str, day_to: str, teams: Mapping[str, tuple[str, str]] | None = None
) -> list[dict[str, Any]]:
    """The agents' counters added up per directory team (the few teams fit one page)."""
    if teams is None:
        from chalicelib.agents import agent_teams

        teams = agent_teams()
    grouped: dict[str, list[aggregates.DayCounters]] = {}
    labels: dict[str, str] = {}
    for row in aggregates.read_dimension("agent", day_from, day_to):
        key, label = teams.get(row.name, (NO_TEAM, NO_TEAM))
        grouped.setdefault(key, []).append(row)
        labels[key] = label
    return [{"name": key, "label": labels[key], **_block(grouped[key])} for key in sorted(grouped)]


def metrics_report(
    dimension: str = "queue",
    raw_from: str | None = None,
    raw_to: str | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    today: date | None = None,
    cursor: str | None = None,
    limit: int = 1000,
) -> dict[str, Any]:
    if dimension not in DIMENSIONS:
        raise InvalidInput(f"dimension must be one of {', '.join(DIMENSIONS)}; got {dimension!r}")
    day_from, day_to = day_range(raw_from, raw_to, today)
    position = decode_cursor(cursor, dimension, day_from, day_to) if cursor else (0, "")
    labels = dict(labels if labels is not None else _default_labels(dimension))
    rows: list[dict[str, Any]] = []
    following: str | None = None
    if dimension == "team":
        rows = [] if cursor else team_rows(day_from, day_to)
    elif dimension != "all":
        rows, following = _page_rows(dimension, day_from, day_to, labels, position, limit)
    return {
        "from": day_from,
        "to": day_to,
        "dimension": dimension,
        "serviceLevelSeconds": SERVICE_LEVEL_S,
        "overall": None if cursor else _block(aggregates.read_scope("all", day_from, day_to)),
        "rows": rows,
        "next": following,
    }
