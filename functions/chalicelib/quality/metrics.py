"""What ``GET /metrics`` (and ``callctl report``) return: counters and KPIs per day and in total,
for the whole centre and per queue, agent or campaign.

    {"from": "2026-11-19", "to": "2026-11-25", "dimension": "queue",
     "overall": {"counters": {...}, "kpis": {...}, "days": [{"day", "counters", "kpis"}, ...]},
     "rows": [{"name": "<queue id>", "label": "fault", "counters", "kpis", "days"}, ...]}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.errors import InvalidInput
from chalicelib.quality import aggregates
from chalicelib.quality.facts import SERVICE_LEVEL_S
from chalicelib.quality.kpis import kpis, summed

DIMENSIONS = ("queue", "agent", "campaign", "all")
MAX_DAYS = 366
DEFAULT_DAYS = 7


def _day(raw: str | None, name: str, default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"'{name}' must be a day as YYYY-MM-DD, got {raw!r}") from None


def day_range(raw_from: str | None, raw_to: str | None, today: date | None = None) -> tuple[str, str]:
    """Validated (from, to); by default the last 7 days up to today in the centre's time zone."""
    today = today or datetime.now(aggregates.business_zone()).date()
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


def metrics_report(
    dimension: str = "queue",
    raw_from: str | None = None,
    raw_to: str | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    if dimension not in DIMENSIONS:
        raise InvalidInput(f"dimension must be one of {', '.join(DIMENSIONS)}; got {dimension!r}")
    day_from, day_to = day_range(raw_from, raw_to, today)
    labels = dict(labels if labels is not None else (queue_labels() if dimension == "queue" else {}))
    rows: list[dict[str, Any]] = []
    if dimension != "all":
        grouped: dict[str, list[aggregates.DayCounters]] = {}
        for row in aggregates.read_dimension(dimension, day_from, day_to):
            grouped.setdefault(row.name, []).append(row)
        for name in sorted(grouped):
            rows.append({"name": name, "label": labels.get(name, name), **_block(grouped[name])})
    return {
        "from": day_from,
        "to": day_to,
        "dimension": dimension,
        "serviceLevelSeconds": SERVICE_LEVEL_S,
        "overall": _block(aggregates.read_scope("all", day_from, day_to)),
        "rows": rows,
    }
