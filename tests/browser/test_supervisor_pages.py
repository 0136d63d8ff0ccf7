"""The supervisors' pages in headless Chromium (Debian's) on the local stack.

A supervisor opens the live floor during a simulated rush (one fault agent signed in, several
callers queued in the simulator) and the page shows what the simulator holds: callers waiting,
the longest wait, agents by state and time in state. Then they open the KPIs for a range, and
every figure on the page equals ``GET /metrics`` for the same range (every page of it).
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import requests

from local.workspace_session import call_in, chromium_available, signed_in
from tests.quality_support import DAY, day_events

if TYPE_CHECKING:
    from collections.abc import Iterator

    from local.connect_simulator import ConnectSimulator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

RUSH_CALLERS = ("+12125550181", "+12125550182", "+12125550183", "+12125550184")
FLOOR_REFRESH_MS = 3000  # REFRESH_MS in web/src/pages/supervisor/FloorPage.tsx
ON_DUTY = "li.na"  # the only agent signed in: a fault desk agent


@contextlib.contextmanager
def rush_simulator(stack: Any) -> Iterator[ConnectSimulator]:
    """A Connect simulator behind the running stack, with the dev stage's staff (in the agent
    directory) and only ``ON_DUTY`` signed in; its contact events feed the KPIs; our clock is its."""
    from chalicelib import agents, clock, telephony
    from chalicelib.quality.tracking import track_contact_event
    from infra.staff import directory_entries, load_staff
    from local.connect_simulator import ConnectApiServer, ConnectSimulator, install_contact_centre
    from local.connect_simulator.agents import OFFLINE
    from local.connect_simulator.function_app import load_chalice_app
    from local.connect_simulator.setup import connect_environment, install_staff
    from local.environment import temporary_environment

    sim = ConnectSimulator()
    install_contact_centre(sim, load_chalice_app())
    staff = load_staff("dev")
    user_ids = install_staff(sim, staff)
    for username, entry in directory_entries(staff, user_ids).items():
        agents.put_agent(username, entry)
    for username, user_id in user_ids.items():
        if username != ON_DUTY:
            sim.put_user_status(user_id, sim.instance_id, sim.roster.status_id(OFFLINE))

    def count(event: dict[str, Any]) -> None:  # the quality Lambda's EventBridge rule
        track_contact_event(event)

    sim.on_event(count)
    server = ConnectApiServer(sim).start()
    previous_source = clock.source
    try:
        with temporary_environment(connect_environment(sim, server.endpoint)):
            telephony.forget_client()
            clock.source = sim.clock.time
            sim.run_in_background(speed=30.0)
            yield sim
    finally:
        sim.stop_background()
        clock.source = previous_source
        server.stop()
        telephony.forget_client()


@pytest.fixture(scope="module")
def rush(local_stack: Any) -> Iterator[ConnectSimulator]:
    with rush_simulator(local_stack) as sim:
        yield sim


def _supervisor() -> Any:
    from local.staff_directory import demo_person

    return demo_person("supervisor")


def _headers(api: str) -> dict[str, str]:
    from local.staff_directory import demo_headers

    return demo_headers(api, "supervisor")


def _run_until_queued(sim: ConnectSimulator, contact_ids: list[str], waiting: int) -> None:
    """Move the simulator's clock a second at a time until the callers went through the IVR and
    ``waiting`` of them wait in the fault queue (at most ten virtual minutes)."""
    fault = sim.queue_arn("fault")
    for _ in range(600):
        if (
            all(sim.contacts[c].queued_at is not None for c in contact_ids)
            and int(sim.queue_metrics(fault)["Queue"]["Size"]) == waiting
        ):
            return
        sim.advance(1)
    raise AssertionError([sim.transcript(c).render() for c in contact_ids])


def _cell(row: Any, field: str) -> Any:
    return row.locator(f'[data-field="{field}"]')


def test_the_live_floor_shows_the_rush_as_the_simulator_holds_it(
    local_stack: Any, rush: ConnectSimulator, browser: Any
) -> None:
    sim = rush
    supervisor = _supervisor()
    page = signed_in(browser, local_stack.api_url, supervisor.username, supervisor.password)
    page.clock.install()  # the page's timers on a clock the test can move on (it still flows)
    page.get_by_role("navigation").get_by_role("link", name="Live floor").click()
    page.locator("#floor-queues").wait_for()

    sim.stop_background()  # the rush runs on the simulator's clock, then holds still while the
    # page and the simulator are compared
    contact_ids = [call_in(sim, caller, presses=("1",)) for caller in RUSH_CALLERS]
    _run_until_queued(sim, contact_ids, waiting=len(RUSH_CALLERS) - 1)  # li.na takes one
    sim.advance(5)  # ... after the last caller has waited a few seconds
    fault_arn = sim.queue_arn("fault")
    held = sim.queue_metrics(fault_arn)["Queue"]
    li_na = sim.roster.agent(ON_DUTY)
    seconds_in_state = int(sim.clock.time() - li_na.state_since)
    held_at = datetime.fromtimestamp(sim.clock.time(), UTC).isoformat()  # the API's clock is the sim's

    # The page refreshes on its own every few seconds: let one period pass on its clock and wait
    # for its snapshot of the held rush (a refresh asked before the stop may have read the queues
    # before it and the agents after).
    page.clock.fast_forward(FLOOR_REFRESH_MS)
    page.locator(f'#floor-updated time[datetime="{held_at}"]').wait_for(timeout=20_000)
    row = page.locator('#floor-queues tr[data-queue="fault"]')
    assert _cell(row, "waiting").inner_text() == held["Size"]
    agent_row = page.locator(f'#floor-agents tr[data-agent="{li_na.user_id}"]')
    assert _cell(agent_row, "secondsInState").get_attribute("data-value") == str(seconds_in_state)
    assert _cell(row, "longestWaitSeconds").get_attribute("data-value") == held["OldestContactAge"]
    assert int(held["OldestContactAge"]) > 0
    assert _cell(row, "agentsOnline").inner_text() == "1"
    assert _cell(row, "agentsAvailable").inner_text() == "0"
    assert _cell(row, "agentsOnContact").inner_text() == "1"
    # Every other queue is empty; the only agent on the floor is li.na, on the first caller.
    for other in page.locator("#floor-queues tbody tr").all():
        if other.get_attribute("data-queue") != "fault":
            assert _cell(other, "waiting").inner_text() == "0"
    assert page.locator("#floor-agents tbody tr").count() == 1
    assert agent_row.locator("th").inner_text() == "Na Li"  # the directory's name
    assert _cell(agent_row, "state").inner_text() in {"Incoming", "On contact"}
    assert li_na.contact_id is not None
    assert li_na.contact_id[:8] in _cell(agent_row, "contactId").inner_text()
    # The same numbers come from the API the page reads.
    floor = requests.get(f"{local_stack.api_url}/floor", headers=_headers(local_stack.api_url), timeout=30)
    fault = next(queue for queue in floor.json()["queues"] if queue["name"] == "fault")
    assert (fault["waiting"], fault["longestWaitSeconds"]) == (
        int(held["Size"]),
        int(held["OldestContactAge"]),
    )
    page.context.close()
    sim.run_in_background(speed=30.0)


def _all_pages(api: str, dimension: str, day_from: str, day_to: str) -> dict[str, Any]:
    query = f"from={day_from}&to={day_to}&dimension={dimension}&limit=1"  # one row a page: follow them
    first = requests.get(f"{api}/metrics?{query}", headers=_headers(api), timeout=30).json()
    rows, following = list(first["rows"]), first["next"]
    while following:
        more = requests.get(
            f"{api}/metrics?{query}&next={following}", headers=_headers(api), timeout=30
        ).json()
        rows += more["rows"]
        following = more["next"]
    return {**first, "rows": rows}


def _shown(page: Any) -> dict[str, dict[str, str]]:
    """Row name -> metric -> the raw value the page shows (``data-value``), read in one call
    (three round trips to the browser per cell took a second)."""
    return dict(
        page.evaluate(
            """() => {
                const table = {};
                for (const cell of document.querySelectorAll('#kpi-table td[data-metric]')) {
                    const row = cell.parentElement.getAttribute('data-row') || '';
                    table[row] = table[row] || {};
                    table[row][cell.getAttribute('data-metric') || ''] = cell.getAttribute('data-value') || '';
                }
                return table;
            }"""
        )
    )


def _expected(report: dict[str, Any]) -> dict[str, dict[str, str]]:
    def raw(value: Any) -> str:
        return "null" if value is None else json.dumps(value)

    table = {"all": {name: raw(value) for name, value in report["overall"]["kpis"].items()}}
    for row in report["rows"]:
        table[row["name"]] = {name: raw(value) for name, value in row["kpis"].items()}
    return table


def _numbers(table: dict[str, dict[str, str]]) -> dict[str, dict[str, float | None]]:
    return {
        row: {name: None if value == "null" else float(value) for name, value in values.items()}
        for row, values in table.items()
    }


def test_the_kpis_on_the_page_equal_get_metrics_for_the_same_range(
    local_stack: Any, rush: ConnectSimulator, browser: Any
) -> None:
    from chalicelib.quality.tracking import track_contact_event

    api = local_stack.api_url
    for event in day_events():  # a worked day (tests/quality_support.py) among today's calls
        track_contact_event(event)
    day_to = (date.fromisoformat(DAY) + timedelta(days=6)).isoformat()
    supervisor = _supervisor()
    page = signed_in(browser, api, supervisor.username, supervisor.password)
    page.goto(f"{api}/console/#/kpis")
    page.locator("#kpi-from").fill(DAY)
    page.locator("#kpi-to").fill(day_to)

    for dimension in ("queue", "agent"):
        page.locator("#kpi-dimension").select_option(dimension)
        page.get_by_role("button", name="Show").click()
        page.locator(f'#kpi-report[data-dimension="{dimension}"][data-from="{DAY}"]').wait_for()
        report = _all_pages(api, dimension, DAY, day_to)
        assert len(report["rows"]) >= 2
        assert _numbers(_shown(page)) == _numbers(_expected(report))
        # The trend chart draws the centre's days; the CSV holds the same rows.
        csv = page.locator("#export-csv").get_attribute("data-csv") or ""
        assert {line.split(",")[1] for line in csv.splitlines()[1:]} == {"all"} | {
            row["name"] for row in report["rows"]
        }
    # The trend chart draws the centre's days of the KPI chosen.
    page.locator("#chart-metric").select_option("service_level")
    days = _all_pages(api, "agent", DAY, day_to)["overall"]["days"]
    points = page.evaluate(
        """() => [...document.querySelectorAll('#chart-trend circle')]
              .map(point => [point.getAttribute('data-label'), point.getAttribute('data-value')])"""
    )
    drawn = {label: float(value or "nan") for label, value in points}
    assert drawn == {
        d["day"]: d["kpis"]["service_level"] for d in days if d["kpis"]["service_level"] is not None
    }
    assert drawn

    # Drill down: agent a1's contacts of the worked day.
    page.locator('#kpi-table tr[data-row="a1"] button').click()
    page.locator('#drill-down tr[data-contact="C1"]').wait_for()
    assert page.locator("#drill-down tr[data-contact]").count() == 2  # C1 and C4
    page.context.close()


def test_a_supervisor_works_through_a_complaint_alert_and_it_was_published(
    local_stack: Any, rush: ConnectSimulator, browser: Any
) -> None:
    import os

    import boto3

    from chalicelib.notifications import ALERTS_TOPIC_ENV

    api = local_stack.api_url
    sqs = boto3.client("sqs")
    inbox = sqs.create_queue(QueueName="supervisor-inbox")["QueueUrl"]
    inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    boto3.client("sns").subscribe(
        TopicArn=os.environ[ALERTS_TOPIC_ENV],
        Protocol="sqs",
        Endpoint=inbox_arn,
        Attributes={"RawMessageDelivery": "true"},
    )
    body = {
        "phone": "+12125550189",
        "category": "complaint",
        "channel": "phone",
        "subject": "Promised refund never came",
    }
    ticket = requests.post(f"{api}/tickets", json=body, headers=_headers(api), timeout=30).json()["id"]

    supervisor = _supervisor()
    page = signed_in(browser, api, supervisor.username, supervisor.password)
    page.get_by_role("navigation").get_by_role("link", name="Alerts").click()
    item = page.locator(f'#alerts-list-complaint_ticket li[data-alert="complaint_ticket:{ticket}"]')
    item.get_by_text("Promised refund never came").wait_for()
    item.get_by_role("button", name="Acknowledge").click()
    page.locator(f'li[data-alert="complaint_ticket:{ticket}"][data-status="acknowledged"]').wait_for()
    item.get_by_role("button", name="Resolve").click()
    item.wait_for(state="detached")

    listed = requests.get(f"{api}/alerts", headers=_headers(api), timeout=30).json()["alerts"]
    assert f"complaint_ticket:{ticket}" not in {alert["id"] for alert in listed}
    published = [
        json.loads(message["Body"])
        for message in sqs.receive_message(QueueUrl=inbox, MaxNumberOfMessages=10).get("Messages", [])
    ]
    assert [message["id"] for message in published if message["subject"] == ticket] == [
        f"complaint_ticket:{ticket}"
    ]
    page.context.close()
