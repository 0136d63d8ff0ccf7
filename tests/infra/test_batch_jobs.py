"""The batch-job state machines: the deployed definition is the one the local stack runs, each
invokes only its own function and reads only the upload bucket's objects."""

from __future__ import annotations

import json

from chalicelib.resources import STATE_MACHINES
from infra.batch_definitions import csv_batch_job
from infra.wiring import STATE_MACHINE_TASKS
from tests.infra.conftest import resources_of_type


def _definition(machine: dict) -> dict:
    """The DefinitionString with the substituted function ARN put back as the placeholder."""
    body = machine["Properties"]["DefinitionString"]
    parts = body["Fn::Join"][1] if isinstance(body, dict) else [body]
    text = "".join(part if isinstance(part, str) else "${TaskFunctionArn}" for part in parts)
    return dict(json.loads(text))


def test_each_state_machine_runs_the_definition_the_local_stack_runs(dev):
    machines = resources_of_type(dev.raw("Functions"), "AWS::StepFunctions::StateMachine")
    names = {m["Properties"]["StateMachineName"]: m for m in machines.values()}
    assert set(names) == {f"contact-centre-dev-{spec.logical_name}" for spec in STATE_MACHINES}
    for machine in names.values():
        assert _definition(machine) == csv_batch_job("${TaskFunctionArn}")
        assert machine["Properties"]["LoggingConfiguration"]["Level"] == "ALL"
        assert machine["Properties"]["TracingConfiguration"]["Enabled"] is True


def test_a_state_machine_may_invoke_its_own_function_only(dev):
    raw = dev.raw("Functions")
    rendered = json.dumps(raw)
    for spec in STATE_MACHINES:
        role = next(
            lid
            for lid in resources_of_type(raw, "AWS::IAM::Role")
            if f"{spec.logical_name.replace('-', '')}role" in lid.lower()
        )
        (policy,) = [
            p
            for p in resources_of_type(raw, "AWS::IAM::Policy").values()
            if any(r.get("Ref") == role for r in p["Properties"]["Roles"])
        ]
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        invoke = [s for s in statements if s["Action"] == "lambda:InvokeFunction"]
        assert len(invoke) == 1
        assert (
            STATE_MACHINE_TASKS[spec.logical_name].replace("_", "")
            in json.dumps(invoke[0]["Resource"]).lower()
        )
        assert not any("s3:PutObject" in json.dumps(s["Action"]) for s in statements)
    assert "STATE_MACHINE_ARN_PREFIX" in rendered


def test_every_batch_stays_within_the_state_input_limit():
    batcher = csv_batch_job("arn")["States"]["Rows"]["ItemBatcher"]
    assert batcher["MaxInputBytesPerBatch"] <= 256 * 1024
