"""Listing open tickets against reading one customer, over HTTP on the local stack.

300 open tickets spread over every open status (and a few resolved ones, which the list leaves
out); ``GET /tickets?status=open&limit=25`` and ``GET /customers/{phone}`` are each timed 40 times,
alternating, in the same run. ``tickets.open_list_vs_customer_read`` is the ratio of their p95s:
listing a page of open tickets is one query, so it should cost about what one read costs.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from bench.report import BenchReport

OPEN_TICKETS = 300
SAMPLES = 40
PHONE = "+12125550142"


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[int(0.95 * (len(ordered) - 1))]


def run(report: BenchReport) -> None:
    from local.stack import LocalStack

    with LocalStack() as stack:
        _run(report, stack.api_url)


def _seed() -> None:
    from chalicelib.tickets import TicketRequest, open_ticket, update_ticket

    steps = {
        0: [],
        1: [{"assignee": "ann"}],
        2: [{"assignee": "ann"}, {"status": "in_progress"}],
        3: [{"assignee": "ann"}, {"status": "in_progress"}, {"status": "waiting_on_customer"}],
        4: [{"assignee": "ann"}, {"status": "resolved"}],  # not open: never listed
    }
    for n in range(OPEN_TICKETS + OPEN_TICKETS // 4):
        ticket = open_ticket(
            TicketRequest(
                phone=f"+12125550{100 + n % 100}",
                category="inquiry",
                channel="web",
                actor="bench",
                subject=f"question {n}",
            )
        )
        for change in steps[n % 5]:
            update_ticket(ticket.ticket_id, change, actor="ann")


def _run(report: BenchReport, api: str) -> None:
    from chalicelib.agents import put_agent
    from local.staff_directory import staff_session

    session = staff_session(api, "agent")
    put_agent("ann", {"name": "Ann", "skills": ["inquiry"], "connect_user_id": "user-ann", "active": True})
    session.put(f"{api}/customers/{quote(PHONE)}", json={"name": "Ada Example", "tier": "top"}, timeout=30)
    _seed()
    listing: list[float] = []
    reading: list[float] = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        page = session.get(f"{api}/tickets", params={"status": "open", "limit": "25"}, timeout=30)
        listing.append(time.perf_counter() - started)
        assert page.status_code == 200 and len(page.json()["items"]) == 25, page.text
        started = time.perf_counter()
        customer = session.get(f"{api}/customers/{quote(PHONE)}", timeout=30)
        reading.append(time.perf_counter() - started)
        assert customer.status_code == 200, customer.text
    report.figure("tickets.open_list_p95_ms", _p95(listing) * 1000, "ms")
    report.figure("tickets.customer_read_p95_ms", _p95(reading) * 1000, "ms")
    report.figure("tickets.open_list_vs_customer_read", _p95(listing) / _p95(reading), "ratio")
