"""``callctl flow validate`` as a user runs it on a flow file: exit codes 0, 1 and 2."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from typer.testing import CliRunner

from callctl.main import app
from tests.flows.probe_files import PROBES

if TYPE_CHECKING:
    from pathlib import Path

runner = CliRunner()
VALID = PROBES / "valid"
BROKEN = PROBES / "broken"


def _validate(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["flow", "validate", *args])


def test_a_valid_bare_flow_exits_0() -> None:
    result = _validate(str(VALID / "queue-transfer.json"), "--type", "QUEUE_TRANSFER")
    assert result.exit_code == 0, result.output
    assert "valid QUEUE_TRANSFER flow (5 actions)" in result.output


def test_a_describe_contact_flow_export_is_read_from_its_content_and_its_type() -> None:
    result = _validate(str(VALID / "inbound-main.describe.json"))
    assert result.exit_code == 0, result.output
    assert "valid CONTACT_FLOW flow (20 actions)" in result.output
    result = _validate(str(VALID / "customer-queue.export.json"))  # the export says CUSTOMER_QUEUE
    assert result.exit_code == 0, result.output


def test_a_broken_flow_exits_1_with_one_line_per_violation(tmp_path: Path) -> None:
    content = json.loads((BROKEN / "loop-count-101.json").read_text())
    content["Actions"][0]["Identifier"] = "log:start"
    content["StartAction"] = "log:start"
    flow = tmp_path / "two-problems.json"
    flow.write_text(json.dumps(content))
    result = _validate(str(flow))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(("log:start:", "probe:"))]
    assert lines == [
        "log:start: [identifier] the Identifier contains :, characters not allowed in an Identifier "
        "(https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html)",
        "probe: [parameter-value] LoopCount is 101; it must be at most 100 "
        "(https://docs.aws.amazon.com/connect/latest/devguide/flow-control-actions-loop.html)",
    ]


def test_a_flow_valid_for_its_own_type_exits_1_as_another_type() -> None:
    result = _validate(str(VALID / "customer-whisper.json"), "--type", "CONTACT_FLOW")
    assert result.exit_code == 1
    assert "end: [flow-type] EndFlowExecution is not available in CONTACT_FLOW flows" in result.output


def test_a_file_that_is_not_json_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "flow.json"
    broken.write_text('{"Version": "2019-10-30", ')
    assert _validate(str(broken)).exit_code == 2
    wrapped = tmp_path / "export.json"
    wrapped.write_text(json.dumps({"ContactFlow": {"Name": "x", "Content": "{not json"}}))
    assert _validate(str(wrapped)).exit_code == 2
    assert _validate(str(tmp_path / "missing.json")).exit_code == 2


def test_an_unknown_flow_type_exits_2() -> None:
    result = _validate(str(VALID / "campaign.json"), "--type", "IVR")
    assert result.exit_code == 2
    assert "unknown flow type 'IVR'" in result.output
