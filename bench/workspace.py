"""Screen-pop latency: a contact offered to a signed-in agent → the customer 360 rendered.

On the local stack with the Connect simulator and Debian's Chromium: ``CALLS`` warning-listed VIP
customers with an open ticket call one after another; each is offered to the agent's softphone
(the agent desk stamps the offer) and the console records when the 360 is in the page (its
``window.screenPopTimings``). Prints ``workspace.screen_pop_p50`` / ``workspace.screen_pop_p95``
(ms; the target is p95 ≤ 1,000 ms) and ``workspace.screen_pops`` (how many were measured).
``BENCH_SCREEN_POPS`` sets the number of calls (default 30).
"""

from __future__ import annotations

import os
import statistics
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.report import BenchReport

CALLS = int(os.environ.get("BENCH_SCREEN_POPS", "30"))


def _caller(n: int) -> str:
    return f"+1212555{100 + n:04d}"  # +1 212 555 01xx: fictional


def measure_screen_pops(stack: Any, calls: int) -> list[float]:
    """Offer → rendered (ms) for ``calls`` successive calls to one signed-in agent."""
    from local.staff_directory import demo_headers, demo_person
    from local.workspace_session import (
        call_in,
        console_browser,
        finish_contact,
        hire_fault_agent,
        seed_flagged_vip,
        signed_in,
        softphone_simulator,
    )

    api = stack.api_url
    supervisor = demo_headers(api, "supervisor")
    agent = demo_person("agent")
    hire_fault_agent(api, supervisor, agent.username, agent.name)
    callers = [seed_flagged_vip(api, supervisor, _caller(n)) for n in range(calls)]
    with softphone_simulator(stack) as sim, console_browser() as browser:
        page = signed_in(browser, api, agent.username, agent.password)
        page.get_by_text("Waiting for a contact").first.wait_for()
        for n, caller in enumerate(callers):
            call_in(sim, caller.phone, talk_s=120)
            page.wait_for_function(f"(window.screenPopTimings || []).length > {n}", timeout=30_000)
            finish_contact(page)
        timings: list[dict[str, float]] = page.evaluate("window.screenPopTimings")
        page.context.close()
    return [timing["renderedAt"] - timing["offeredAt"] for timing in timings]


def run(report: BenchReport) -> None:
    from local.console_site import ensure_console_bundle
    from local.stack import LocalStack
    from local.workspace_session import chromium_available

    if not chromium_available():
        print("bench workspace: skipped (Debian's chromium is not installed)", flush=True)
        return
    ensure_console_bundle()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    with LocalStack() as stack:
        latencies = sorted(measure_screen_pops(stack, CALLS))
    report.figure("workspace.screen_pops", len(latencies), "contacts")
    report.figure("workspace.screen_pop_p50", statistics.median(latencies), "ms")
    report.figure("workspace.screen_pop_p95", latencies[int(0.95 * (len(latencies) - 1))], "ms")
