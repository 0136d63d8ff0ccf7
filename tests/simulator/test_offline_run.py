"""run_flow (``callctl flow run``): any flow file to an end, its references stubbed and reported."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from local.connect_simulator.flow_files import read_flow_file
from local.connect_simulator.offline import RunOptions, run_flow
from tests.simulator.flow_support import action, flow, on_error, to_queue, transfer

if TYPE_CHECKING:
    from pathlib import Path

QUEUE_ARN = "arn:aws:connect:us-east-1:111122223333:instance/i-1/queue/q-1"
HOURS_ARN = "arn:aws:connect:us-east-1:111122223333:instance/i-1/operating-hours/h-1"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:lookup"


def _foreign_flow() -> dict:
    return flow(
        action("log", "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, NextAction="hours"),
        action(
            "hours",
            "CheckHoursOfOperation",
            {"HoursOfOperationId": HOURS_ARN},
            Conditions=[
                {"NextAction": "lookup", "Condition": {"Operator": "Equals", "Operands": ["True"]}},
                {"NextAction": "closed", "Condition": {"Operator": "Equals", "Operands": ["False"]}},
            ],
            Errors=[on_error("NoMatchingError", "bye")],
        ),
        action(
            "lookup",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": LAMBDA_ARN, "InvocationTimeLimitSeconds": "3"},
            NextAction="hello",
            Errors=[on_error("NoMatchingError", "bye")],
        ),
        action("hello", "MessageParticipant", {"Text": "Hello $.External.name."}, NextAction="queue"),
        to_queue("queue", QUEUE_ARN, "transfer"),
        transfer(),
        action("closed", "MessageParticipant", {"Text": "We are closed."}, NextAction="bye"),
    )


def test_a_foreign_flow_runs_to_the_queue_with_its_references_stubbed() -> None:
    started = time.perf_counter()
    report = run_flow(_foreign_flow(), RunOptions(lambda_response={"name": "Ada"}))
    assert time.perf_counter() - started < 1.0
    assert report.ended == "queued" and report.ok
    assert report.said == ["Hello Ada."]
    assert report.path == ["log", "hours", "lookup", "hello", "queue", "transfer"]
    assert {entry["kind"] for entry in report.stubbed} == {"hours", "lambda", "queue"}
    assert report.flow_logging


def test_closed_hours_take_the_closed_branch() -> None:
    assert run_flow(_foreign_flow(), RunOptions(hours_open=False)).said == ["We are closed."]


def test_an_undocumented_action_type_is_reported_unsupported() -> None:
    report = run_flow(flow(action("odd", "PlayJingle", NextAction="bye")), RunOptions())
    assert report.ended == "error" and report.unsupported == ["PlayJingle"] and not report.ok


def test_a_console_export_is_read_from_its_content(tmp_path: Path) -> None:
    export = {"ContactFlow": {"Name": "Main", "Type": "CONTACT_FLOW", "Content": json.dumps(_foreign_flow())}}
    path = tmp_path / "main.json"
    path.write_text(json.dumps(export))
    document = read_flow_file(path)
    assert document.name == "Main" and document.content["StartAction"] == "log"


def test_a_transfer_target_is_found_by_name_in_the_flows_folder(tmp_path: Path) -> None:
    (tmp_path / "Goodbye.json").write_text(
        json.dumps(flow(action("bye-text", "MessageParticipant", {"Text": "Goodbye."}, NextAction="bye")))
    )
    content = flow(
        action(
            "go",
            "TransferToFlow",
            {"ContactFlowId": "arn:aws:connect:::instance/i/contact-flow/Goodbye"},
            Errors=[on_error("NoMatchingError", "bye")],
        )
    )
    report = run_flow(content, RunOptions(flows_dir=tmp_path))
    assert report.said == ["Goodbye."] and report.ended == "disconnected"
