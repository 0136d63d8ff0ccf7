"""The end of ``make demo``: the quality report for the demo's calls, written like ``callctl report``.

``write_demo_report(api_url, out_dir, console)`` inside a running ``LocalStack``: it finds the
days the demo's contacts counted on (the demo runs on virtual clocks, so not necessarily today),
fetches ``GET /metrics`` over HTTP per queue, agent and campaign, writes ``report.html`` and
``report.csv`` into ``out_dir``, prints the headline KPIs and returns the HTML page's path.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests
from rich.console import Console

#: The simulator's queue ids are uuid5(NAMESPACE, "queue:<name>"): name them in the report.
_SIMULATOR_NAMESPACE = uuid.UUID("8c6f4f2e-3b1a-4f7d-9a0e-2d5b7c9e1f30")


def simulator_queue_labels() -> dict[str, str]:
    from infra.flows.resources import CALLBACK_QUEUE, CATEGORIES, GENERAL_QUEUE, OUTBOUND_QUEUE

    names = (*CATEGORIES, GENERAL_QUEUE, CALLBACK_QUEUE, OUTBOUND_QUEUE)
    return {str(uuid.uuid5(_SIMULATOR_NAMESPACE, f"queue:{name}")): name for name in names}


def days_with_figures() -> tuple[str, str] | None:
    """First and last day the whole centre has counters on (newest days kept)."""
    from chalicelib.quality.aggregates import read_scope

    days = [row.day for row in read_scope("all", "0000-01-01", "9999-12-31")]
    if not days:
        return None
    last = max(days)
    first = max(min(days), (date.fromisoformat(last) - timedelta(days=365)).isoformat())
    return first, last


def deliver_contact_events(sim: Any) -> None:
    """Hand ``sim``'s contact events to the app's EventBridge-rule handlers (the KPI Lambda among
    them) as they happen, as the rules CDK deploys would."""
    from local.connect_simulator.function_app import load_chalice_app
    from local.runner import LocalRunner

    runner = LocalRunner(load_chalice_app(), clock=sim.clock)

    def deliver(event: dict[str, Any]) -> None:
        runner.publish(event)
        runner.deliver_events()

    sim.on_event(deliver)


def write_demo_report(api_url: str, out_dir: Path, console: Console) -> Path:
    from callctl.report import all_pages, write_report

    console.rule("Quality report")
    found = days_with_figures()
    if found is None:
        from chalicelib import clock
        from chalicelib.quality.aggregates import business_zone

        today = clock.today(business_zone()).isoformat()  # the product's day, on the virtual clock
        found = (today, today)
        console.print("  no contact was counted yet: the report will be empty", highlight=False)
    day_from, day_to = found

    from local.staff_directory import demo_headers

    def get_page(params: dict[str, str]) -> Mapping[str, Any]:
        response = requests.get(
            f"{api_url}/metrics", params=params, headers=demo_headers(api_url, "supervisor"), timeout=30
        )
        if response.status_code >= 400:
            raise RuntimeError(f"GET /metrics failed: {response.status_code} {response.text}")
        return dict(response.json())

    def fetch(dimension: str, first: str, last: str) -> Mapping[str, Any]:
        return all_pages(get_page, dimension, first, last)

    html_path, csv_path = write_report(fetch, day_from, day_to, out_dir, labels=simulator_queue_labels())
    overall = fetch("all", day_from, day_to)["overall"]
    counters, kpis = overall["counters"], overall["kpis"]
    console.print(
        f"  {day_from} to {day_to}: {int(counters.get('contacts', 0))} contacts, "
        f"{int(counters.get('queued', 0))} queued, {int(counters.get('abandoned', 0))} abandoned, "
        f"{int(counters.get('campaign_calls', 0))} campaign calls, "
        f"{int(counters.get('callbacks_kept', 0))}/{int(counters.get('callbacks_due', 0))} callbacks kept",
        highlight=False,
    )
    shown = ("abandonment_rate", "service_level", "average_handle_time_s", "satisfaction_average")
    console.print("  " + ", ".join(f"{key}={kpis.get(key)}" for key in shown), highlight=False)
    console.print(f"  CSV: {csv_path}", highlight=False)
    console.print(f"  [bold]report: {html_path}[/]", highlight=False)
    return html_path
