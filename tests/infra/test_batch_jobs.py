"""The batch-job state machines: the deployed definition is the one the local stack runs, each
invokes only its own function and reads only the upload bucket's objects."""

from __future__ import annotations

import json

from chalicelib.resources import STATE_MACHINES
from infra.batch_definitions import csv_batch_job
from infra.wiring import STATE_MACHINE_TASKS
from tests.infra.templates import FUNCTION, POLICY, properties, template

STATE_MACHINE = "AWS::StepFunctions::StateMachine"


def _definition(machine: dict) -> dict:
    """The DefinitionString with the substituted function ARN put back as the placeholder."""
    body = machine["DefinitionString"]
    parts = body["Fn::Join"][1] if isinstance(body, dict) else [body]
    text = "".join(part if isinstance(part, str) else "${TaskFunctionArn}" for part in parts)
    return dict(json.loads(text))


def test_each_state_machine_runs_the_definition_the_local_stack_runs(dev):
    functions = template(dev, "Functions")
    functions.resource_count_is(STATE_MACHINE, len(STATE_MACHINES))
    for spec in STATE_MACHINES:
        functions.has_resource_properties(
            STATE_MACHINE, {"StateMachineName": f"contact-centre-dev-{spec.logical_name}"}
        )
    functions.all_resources_properties(
        STATE_MACHINE, {"LoggingConfiguration": {"Level": "ALL"}, "TracingConfiguration": {"Enabled": True}}
    )
    for machine in properties(functions.find_resources(STATE_MACHINE)):
        assert _definition(machine) == csv_batch_job("${TaskFunctionArn}")


def test_a_state_machine_may_invoke_its_own_function_only(dev):
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    for spec in STATE_MACHINES:
        role = next(
            lid
            for lid in functions.find_resources("AWS::IAM::Role")
            if f"{spec.logical_name.replace('-', '')}role" in lid.lower()
        )
        (policy,) = properties(
            functions.find_resources(POLICY, {"Properties": {"Roles": Match.array_with([{"Ref": role}])}})
        )
        statements = policy["PolicyDocument"]["Statement"]
        invoke = [s for s in statements if s["Action"] == "lambda:InvokeFunction"]
        assert len(invoke) == 1
        assert (
            STATE_MACHINE_TASKS[spec.logical_name].replace("_", "")
            in json.dumps(invoke[0]["Resource"]).lower()
        )
        assert not any("s3:PutObject" in json.dumps(s["Action"]) for s in statements)
    functions.has_resource_properties(
        FUNCTION,
        {"Environment": {"Variables": Match.object_like({"STATE_MACHINE_ARN_PREFIX": Match.any_value()})}},
    )


def test_every_batch_stays_within_the_state_input_limit():
    batcher = csv_batch_job("arn")["States"]["Rows"]["ItemBatcher"]
    assert batcher["MaxInputBytesPerBatch"] <= 256 * 1024
