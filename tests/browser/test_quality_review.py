"""Quality review (质检) in headless Chromium on the local stack.

Callers ring the fault line; the dev stage's fault agents answer (the simulator's agents accept
an offered call on their own); the flows record the calls and the simulator writes each
recording to the instance's recordings bucket where Connect would. A supervisor opens the
quality page, picks one of an agent's sampled calls, plays its recording (the audio element
loads it through the pre-signed link), reads what happened on the call, scores it with the
centre's criteria, and the score is the agent's QA score in GET /metrics and on the page.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

import pytest
import requests

from local.workspace_session import call_in, chromium_available, signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

CALLERS = ("+12125550181", "+12125550182", "+12125550183", "+12125550184")
SPEED = 60.0


@contextlib.contextmanager
def recorded_contact_centre(stack: Any) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """A Connect simulator with the product's flows, the dev stage's staff signed in and in the
    directory, recordings going to the local recordings bucket, and the contact events it sends
    collected (the test delivers them to the KPI function, as EventBridge would)."""
    from chalicelib import agents, clock, telephony
    from infra.staff import directory_entries, load_staff
    from local.connect_simulator import ConnectApiServer, ConnectSimulator, install_contact_centre
    from local.connect_simulator.function_app import load_chalice_app
    from local.connect_simulator.setup import connect_environment, install_staff
    from local.environment import temporary_environment
    from local.stack import provision_recordings_bucket

    sim = ConnectSimulator()
    staff = load_staff("dev")
    install_contact_centre(sim, load_chalice_app(), owner_wait_s=staff.owner_wait_s)
    for username, entry in directory_entries(staff, install_staff(sim, staff)).items():
        agents.put_agent(username, entry)
    sim.recording_storage = provision_recordings_bucket()
    events: list[dict[str, Any]] = []
    sim.on_event(events.append)
    server = ConnectApiServer(sim).start()
    real_time = clock.source
    queues = {entry.queue for profile in staff.routing_profiles.values() for entry in profile.queues}
    # CDK gives the functions the queues' ids by name (reports name queues by it)
    queue_ids = {name: sim.queue_arn(name).rsplit("/", 1)[-1] for name in sorted(queues)}
    try:
        with temporary_environment(
            {**connect_environment(sim, server.endpoint), "CONNECT_QUEUE_IDS": json.dumps(queue_ids)}
        ):
            telephony.forget_client()
            clock.source = sim.clock.time  # the API's "today" is the simulated calls' day
            sim.run_in_background(speed=SPEED)
            yield sim, events
    finally:
        sim.stop_background()
        server.stop()
        clock.source = real_time
        telephony.forget_client()


def _headers(api: str, role: str) -> dict[str, str]:
    from local.staff_directory import demo_headers

    return demo_headers(api, role)


@pytest.fixture(scope="module")
def reviewed_calls(local_stack: Any) -> Iterator[Any]:
    """Four recorded fault calls, answered and ended, their events tracked."""
    from chalicelib.quality.tracking import track_contact_event

    with recorded_contact_centre(local_stack) as (sim, events):
        sim.stop_background()  # the calls run to their end on the simulator's clock, not in real time
        placed = [call_in(sim, phone, presses=("1",), talk_s=8.0) for phone in CALLERS]
        sim.run_until_idle(max_seconds=3600)
        assert all(contact_id in sim.recordings for contact_id in placed), [
            sim.transcript(contact_id).render() for contact_id in placed
        ]
        sim.run_in_background(speed=SPEED)
        for event in list(events):
            track_contact_event(event)
        yield sim


def test_a_supervisor_plays_a_sampled_calls_recording_scores_it_and_sees_it_in_the_agents_kpis(
    local_stack: Any, reviewed_calls: Any, browser: Any
) -> None:
    from local.staff_directory import demo_person

    sim = reviewed_calls
    api = local_stack.api_url
    supervisor = demo_person("supervisor")
    assert supervisor.username == "supervisor1"
    page = signed_in(browser, api, supervisor.username, supervisor.password)
    page.goto(f"{api}/console/#/quality")

    table = page.locator("table.qa-agent").first
    table.wait_for()
    agent_id = table.get_attribute("data-agent")
    agent_name = table.locator(".qa-agent-name").inner_text()
    assert agent_name and agent_name != agent_id  # the agent by name, from the directory
    assert table.locator(".qa-agent-score").inner_text() == "\N{EN DASH}"
    contact_id = table.locator("button.qa-open").first.inner_text()
    assert sim.contacts[contact_id].routed_agent == agent_id
    table.locator("button.qa-open").first.click()

    audio = page.locator("#qa-recording")
    audio.wait_for()
    page.wait_for_function(
        "() => { const a = document.querySelector('#qa-recording');"
        " return a !== null && a.readyState >= 2 && a.duration > 0; }"
    )
    duration = page.evaluate("document.querySelector('#qa-recording').duration")
    contact = sim.contacts[contact_id]
    recorded_s = contact.ended_at - (contact.recording.started_at or contact.started_at)
    assert duration == pytest.approx(min(recorded_s, 30.0), abs=0.05)
    assert page.evaluate("document.querySelector('#qa-recording').play().then(() => true)")

    events = page.locator("#qa-events li")
    assert page.locator("#qa-events li[data-kind=agent]").inner_text().endswith(f"connected to {agent_name}")
    assert any(text.endswith("queued in fault") for text in events.all_inner_texts())
    assert events.last.get_attribute("data-kind") == "ended"

    form = page.locator("#qa-scoring")
    form.locator("select[name=resolution]").select_option("2")  # weight 35: 17.5 points lost
    form.locator("select[name=courtesy]").select_option("3")  # weight 15: 3.75 points lost
    form.locator("textarea[name=notes]").fill("Right fix, rushed the explanation")
    form.get_by_role("button", name="Save the review").click()
    page.locator("#qa-saved").get_by_text("79").wait_for()  # 100 - 17.5 - 3.75 = 78.75

    review = requests.get(
        f"{api}/quality/reviews/{contact_id}", headers=_headers(api, "supervisor"), timeout=30
    )
    day = review.json()["day"]
    assert review.json()["score"] == 79 and review.json()["ratings"]["resolution"] == 2
    metrics = requests.get(
        f"{api}/metrics?from={day}&to={day}&dimension=agent", headers=_headers(api, "supervisor"), timeout=30
    ).json()
    row = next(row for row in metrics["rows"] if row["name"] == agent_id)
    assert row["label"] == agent_name
    assert (row["counters"]["qa_reviews"], row["kpis"]["qa_score"]) == (1, 79.0)
    table.locator(".qa-agent-score").get_by_text("79.0").wait_for()

    # The KPIs page (floor's) shows every column GET /metrics returns: the QA score among them.
    page.goto(f"{api}/console/#/kpis")
    page.locator("#kpi-from").fill(day)
    page.locator("#kpi-to").fill(day)
    page.locator("#kpi-dimension").select_option("agent")
    page.locator("form.toolbar button[type=submit]").click()
    cell = page.locator(f'#kpi-table tr[data-row="{agent_id}"] td[data-metric="qa_score"]')
    cell.wait_for()
    assert cell.get_attribute("data-value") == "79" and cell.inner_text() == "79"
    assert page.locator('#kpi-table th[data-column="qa_score"]').inner_text() == "QA score (0-100)"
    page.context.close()


def test_an_agent_gets_no_recording_link(local_stack: Any, reviewed_calls: Any) -> None:
    sim = reviewed_calls
    api = local_stack.api_url
    contact_id = next(iter(sim.recordings))
    refused = requests.get(
        f"{api}/quality/recordings/{contact_id}", headers=_headers(api, "agent"), timeout=30
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    allowed = requests.get(
        f"{api}/quality/recordings/{contact_id}", headers=_headers(api, "supervisor"), timeout=30
    )
    assert allowed.status_code == 200
    audio = requests.get(allowed.json()["url"], timeout=30)
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF" and audio.content[8:12] == b"WAVE"
