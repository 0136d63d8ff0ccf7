"""``callctl flow run``: every valid probe flow (tests/flows/probes) runs to an end, nothing unsupported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callctl.main import app
from infra.flows.language import DOCUMENTED_ACTION_TYPES
from infra.flows.language.documents import load_flow_document
from local.connect_simulator.offline import RunOptions, run_flow

PROBES = Path(__file__).resolve().parents[1] / "flows" / "probes"
VALID = json.loads((PROBES / "manifest.json").read_text())["valid"]
ENDINGS = {
    "disconnected",
    "queued",
    "transferred_to_flow",
    "transferred_to_phone",
    "flow_ended",
    "module_returned",
}


@pytest.mark.parametrize(("name", "flow_type"), sorted(VALID.items()))
def test_each_valid_probe_runs_to_an_end_with_nothing_unsupported(name: str, flow_type: str) -> None:
    result = CliRunner().invoke(
        app, ["flow", "run", str(PROBES / "valid" / name), "--type", flow_type, "--json"]
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report
    assert report["ended"] in ENDINGS
    assert report["unsupported"] == []
    assert report["path"][0] == load_flow_document(PROBES / "valid" / name).content["StartAction"]


def test_every_action_of_every_probe_runs_when_the_flow_starts_there() -> None:
    """The probes hold every documented action type; starting at each one runs each handler."""
    seen: set[str] = set()
    for name, flow_type in VALID.items():
        content = load_flow_document(PROBES / "valid" / name).content
        for action in content["Actions"]:
            report = run_flow(
                {**content, "StartAction": action["Identifier"]}, RunOptions(flow_type=flow_type)
            )
            assert report.ok, (name, action["Identifier"], report.error, report.unsupported)
            seen.add(action["Type"])
    assert seen >= DOCUMENTED_ACTION_TYPES


def test_the_json_names_the_stubbed_references_and_what_was_said() -> None:
    result = CliRunner().invoke(
        app,
        [
            "flow",
            "run",
            str(PROBES / "valid" / "inbound-main.describe.json"),
            "--keys",
            "1",
            "--attribute",
            "language=en-US",
            "--lambda-response",
            '{"tier": "gold"}',
            "--json",
        ],
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["said"] and all(isinstance(line, str) for line in report["said"])
    assert report["attributes"]["language"] == "en-US"
    assert {entry["kind"] for entry in report["stubbed"]} >= {"queue"}


def test_options_that_cannot_be_read_exit_2(tmp_path: Path) -> None:
    probe = str(PROBES / "valid" / "campaign.json")
    runner = CliRunner()
    assert runner.invoke(app, ["flow", "run", probe, "--lambda-response", "{not json"]).exit_code == 2
    assert runner.invoke(app, ["flow", "run", probe, "--attribute", "novalue"]).exit_code == 2
    (tmp_path / "broken.json").write_text("{")
    assert runner.invoke(app, ["flow", "run", str(tmp_path / "broken.json")]).exit_code == 2
