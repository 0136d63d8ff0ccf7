"""A year of KPIs for 50 agents through ``GET /metrics`` and the pages ``callctl report`` follows.

The quality counters of 366 days for 50 agents, 6 queues and 4 campaigns are written as the
KPI Lambda writes them (the same items, shards and index partitions, ``quality.aggregates``), on
the local stack's moto. The report is then read through the Chalice app's route, a page at a
time, for each dimension. ``metrics.year_50_agents_mb`` is the largest single response (Lambda
refuses more than 6 MB); the run checks the report is complete: every agent, every day.
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.report import BenchReport

AGENTS = 50
QUEUES = 6
CAMPAIGNS = 4
DAYS = 366
LAST_DAY = date(2026, 11, 29)


def run(report: BenchReport) -> None:
    from local.aws import EmulatedAws

    aws = EmulatedAws().start()
    try:
        _run(report)
    finally:
        aws.stop()


def _seed(days: list[str]) -> int:
    from chalicelib.quality import aggregates
    from chalicelib.tables import QualityAggregateRecord

    scopes = (
        [f"agent#agent-{n:02d}" for n in range(AGENTS)]
        + [f"queue#queue-{n}" for n in range(QUEUES)]
        + [f"campaign#campaign-{n}" for n in range(CAMPAIGNS)]
    )
    written = 0
    with QualityAggregateRecord.batch_write() as writer:
        for number, day in enumerate(days):
            for scope in scopes:
                dimension = scope.split("#", 1)[0]
                writer.save(
                    _counters(scope, day, dimension, aggregates.index_partition(dimension, scope), number)
                )
                written += 1
            for shard in aggregates.stored_scopes("all"):
                writer.save(
                    _counters(shard, day, "all", aggregates.index_partition("all", "all"), number, "all")
                )
                written += 1
    return written


def _counters(stored: str, day: str, dimension: str, partition: str, number: int, scope: str = "") -> Any:
    from chalicelib.tables import QualityAggregateRecord

    return QualityAggregateRecord(
        stored,
        day,
        dimension=partition,
        day_scope=f"{day}#{scope or stored}",
        contacts=40 + number % 7,
        queued=38,
        answered=35,
        answered_in_sl=30,
        abandoned=3,
        queue_wait_s=600,
        handled=35,
        handle_time_s=9000,
        ratings=10,
        rating_sum=42,
        ratings_good=8,
        fcr_eligible=30,
        fcr_repeated=4,
        campaign_calls=5,
        campaign_answered=3,
    )


def _run(report: BenchReport) -> None:
    from chalice.test import Client

    from callctl.report import all_pages
    from chalicelib.tables import QualityAggregateRecord
    from local.connect_simulator.function_app import load_chalice_app
    from tests.staff_support import role_headers

    days = [(LAST_DAY - timedelta(days=offset)).isoformat() for offset in reversed(range(DAYS))]
    _seed(days)
    # moto answers an index query by looking at every item of the table: slow, not wrong. Give
    # it time rather than time out (DynamoDB reads only the partition).
    QualityAggregateRecord.Meta.read_timeout_seconds = 600  # type: ignore[attr-defined]
    QualityAggregateRecord._connection = None
    largest = 0
    pages = 0
    started = time.perf_counter()
    with Client(load_chalice_app()) as client:

        def get_page(params: dict[str, str]) -> dict[str, Any]:
            nonlocal largest, pages
            query = "&".join(f"{name}={value}" for name, value in params.items())
            # The report is a supervisor's (the route refuses anonymous callers).
            headers = {"Content-Type": "application/json", **role_headers("supervisor")}
            response = client.http.get(f"/metrics?{query}", headers=headers)
            assert response.status_code == 200, response.body[:300]
            largest = max(largest, len(response.body))
            pages += 1
            return dict(json.loads(response.body))

        agents = all_pages(get_page, "agent", days[0], days[-1])
        for dimension in ("queue", "campaign"):
            all_pages(get_page, dimension, days[0], days[-1])
    elapsed = time.perf_counter() - started
    complete = len(agents["rows"]) == AGENTS and all(len(row["days"]) == DAYS for row in agents["rows"])
    assert complete, "the agent report is missing rows or days"
    assert len(agents["overall"]["days"]) == DAYS
    report.figure("metrics.year_50_agents_mb", largest / 1e6, "MB")
    report.figure("metrics.year_50_agents_pages", pages, "pages")
    report.figure("metrics.year_50_agents_s", elapsed, "s")
    report.figure("metrics.year_50_agents_complete", 1.0 if complete else 0.0, "bool")
