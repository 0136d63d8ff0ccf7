"""An inbound call through the simulator counted by the KPI Lambda, and the demo's report over HTTP."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

import requests
from rich.console import Console

from chalicelib.quality.aggregates import business_zone
from local.connect_simulator import INBOUND_NUMBER, ConnectSimulator, Party, install_contact_centre
from local.connect_simulator.function_app import load_chalice_app
from local.demo_report import deliver_contact_events, simulator_queue_labels, write_demo_report
from local.staff_directory import demo_headers

if TYPE_CHECKING:
    from pathlib import Path

CALLER = "+12125550161"


def test_a_rated_inbound_call_reaches_the_report_with_its_queue_named(
    local_stack: Any, tmp_path: Path
) -> None:
    sim = ConnectSimulator()
    install_contact_centre(sim, load_chalice_app())
    deliver_contact_events(sim)
    contact_id = sim.place_inbound_call(
        CALLER, Party(answer_after_s=0, presses=("2", "1", "5"), talk_to_agent_s=45), to_number=INBOUND_NUMBER
    )
    sim.run_until_idle()
    contact = sim.contacts[contact_id]
    assert contact.agent_connected_at is not None

    out = io.StringIO()
    html_path = write_demo_report(local_stack.api_url, tmp_path / "report", Console(file=out, width=200))

    assert html_path.exists() and "<svg" in html_path.read_text(encoding="utf-8")
    assert str(html_path) in out.getvalue()
    # The day the contact counts on: when it started, in the centre's time zone (not today in UTC,
    # which is another day for part of every day, and after midnight)
    day = datetime.fromtimestamp(contact.started_at, business_zone()).date().isoformat()
    body = requests.get(
        f"{local_stack.api_url}/metrics",
        params={"from": day, "to": day, "dimension": "queue"},
        headers=demo_headers(local_stack.api_url, "supervisor"),
        timeout=30,
    ).json()
    overall = body["overall"]["counters"]
    assert (overall["queued"], overall["answered"], overall["handled"]) >= (1, 1, 1)
    assert overall["ratings"] >= 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report" / "report.csv").read_text(encoding="utf-8"))))
    queue_rows = {row["label"] for row in rows if row["dimension"] == "queue"}
    assert contact.queue_name in queue_rows and contact.queue_name in simulator_queue_labels().values()
