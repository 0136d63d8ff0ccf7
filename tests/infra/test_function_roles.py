"""Least privilege per function: each function its own role, granted only what its job needs."""

from __future__ import annotations

import pytest

from infra.function_tables import REST_API_FUNCTION
from infra.wiring import FLOW_INVOKED_FUNCTIONS

CONTACTS = {
    "Fn::Join": ["", [{"Fn::ImportValue": "ContactCentre-dev-ContactCentre-InstanceArn"}, "/contact/*"]]
}


def _role_id(stage, lid: str) -> str:
    stack = stage.stacks.functions
    return str(stack.get_logical_id(stack.function_roles[lid].node.default_child))


def _role_statements(stage, lid: str) -> list[dict]:
    """Every statement of the function's role (CDK moves what overflows a role's inline policy
    into managed policies of the same role)."""
    from aws_cdk.assertions import Match

    attached = {"Properties": {"Roles": Match.array_with([{"Ref": _role_id(stage, lid)}])}}
    template = stage.template("Functions")
    policies = {
        **template.find_resources("AWS::IAM::Policy", attached),
        **template.find_resources("AWS::IAM::ManagedPolicy", attached),
    }
    return [
        statement
        for policy in policies.values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def _actions(stage, lid: str) -> set[str]:
    """Every action the function's role is allowed, whatever the resource."""
    actions: set[str] = set()
    for statement in _role_statements(stage, lid):
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    return actions


def test_every_function_runs_as_a_role_of_its_own(dev):
    template = dev.template("Functions")
    functions = template.find_resources("AWS::Serverless::Function")
    assert len(functions) == len(dev.stacks.functions.function_roles)
    role_ids = set()
    for lid in functions:
        role_id = _role_id(dev, lid)
        template.has_resource_properties(
            "AWS::Serverless::Function",
            {"FunctionName": f"contact-centre-dev-{lid}", "Role": {"Fn::GetAtt": [role_id, "Arn"]}},
        )
        role_ids.add(role_id)
    assert len(role_ids) == len(functions)


@pytest.mark.parametrize("function_name", FLOW_INVOKED_FUNCTIONS)
def test_a_flow_lambda_cannot_write_audience_files_place_calls_or_feed_queues(dev, function_name):
    from infra.functions_stack import logical_id

    actions = _actions(dev, logical_id(function_name))
    forbidden = {
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:GetObject",
        "connect:StartOutboundVoiceContact",
        "sqs:SendMessage",
    }
    assert actions & forbidden == set()
    assert any(action.startswith("dynamodb:") for action in actions)


@pytest.mark.parametrize("function_name", sorted(set(FLOW_INVOKED_FUNCTIONS) - {"book_callback_slot"}))
def test_flow_lambdas_other_than_booking_cannot_text_or_schedule(dev, function_name):
    from infra.functions_stack import logical_id

    actions = _actions(dev, logical_id(function_name))
    assert "sns:Publish" not in actions
    assert "scheduler:CreateSchedule" not in actions
    assert "iam:PassRole" not in actions


def _publishes_sms(stage, lid: str) -> bool:
    """sns:Publish to a phone number (no topic ARN to scope it to); publishing to one of the
    stage's topics (the supervisors' alerts) is not texting."""
    return any(
        "sns:Publish" in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        and s["Resource"] == "*"
        for s in _role_statements(stage, lid)
    )


def test_only_the_functions_that_text_may_publish_sms(dev):
    from infra.function_roles import FUNCTION_CAPABILITIES, Capability
    from infra.functions_stack import logical_id

    texting = {lid for lid in dev.stacks.functions.functions if _publishes_sms(dev, lid)}
    assert texting == {
        logical_id(name) if name != REST_API_FUNCTION else name
        for name, capabilities in FUNCTION_CAPABILITIES.items()
        if Capability.SEND_SMS in capabilities
    }
    assert "ScreenCaller" not in texting and "LoadAudience" not in texting


def test_the_dialler_places_calls_only_on_this_instance(dev):
    from aws_cdk.assertions import Match

    dev.template("Functions").has_resource_properties(
        "AWS::IAM::Policy",
        {
            "Roles": [{"Ref": _role_id(dev, "DialContacts")}],
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": Match.array_with(
                                    ["connect:StartOutboundVoiceContact", "connect:StopContact"]
                                ),
                                "Effect": "Allow",
                                "Resource": CONTACTS,
                            }
                        )
                    ]
                )
            },
        },
    )
    assert "sns:Publish" not in _actions(dev, "DialContacts")


def test_the_audience_loader_reads_audience_files_but_cannot_write_them(dev):
    actions = _actions(dev, "LoadAudience")
    assert {"s3:GetObject", "sqs:SendMessage"} <= actions
    assert not {"s3:PutObject", "s3:DeleteObject", "sns:Publish"} & actions


def test_scheduling_functions_pass_the_scheduler_role_to_the_scheduler_only(dev):
    for lid in ("BookCallbackSlot", "FireCallback", "TrackCallbackCalls", REST_API_FUNCTION):
        passes = [
            statement for statement in _role_statements(dev, lid) if statement["Action"] == "iam:PassRole"
        ]
        assert passes, lid
        for statement in passes:
            assert statement["Condition"] == {
                "StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}
            }


def test_a_function_without_declared_capabilities_is_refused():
    from infra.function_roles import capabilities_of

    with pytest.raises(ValueError, match="FUNCTION_CAPABILITIES"):
        capabilities_of("SomethingNew")
    assert capabilities_of("ScreenCaller") == frozenset()


def test_no_function_may_send_to_a_queue_only_aws_feeds(dev):
    """The contact-events queue is fed by EventBridge alone: a function that could write to it
    could forge call outcomes. The dialler's queue is what functions feed."""
    from chalicelib.resources import QUEUES

    stack = dev.stacks.functions
    arns = {
        spec.logical_name: {
            "Fn::GetAtt": [
                stack.get_logical_id(stack.queues[spec.logical_name].queue.node.default_child),
                "Arn",
            ]
        }
        for spec in QUEUES
    }
    sent_to: list[dict] = []
    for policy in dev.template("Functions").find_resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = (
                statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            )
            if "sqs:SendMessage" in actions:
                sent_to.extend(resources)
    assert arns["dialler"] in sent_to
    assert arns["contact-events"] not in sent_to


def test_functions_send_only_to_the_queues_declared_as_theirs():
    """Every ``work_queues.send`` in the functions names a queue declared ``sent_by_functions``, so
    a function starting to feed another queue fails here, not with AccessDenied in AWS."""
    import ast
    from pathlib import Path

    from chalicelib import resources

    allowed = {
        name
        for name, value in vars(resources).items()
        if name.endswith("_QUEUE_ENV")
        and any(spec.env_var == value and spec.sent_by_functions for spec in resources.QUEUES)
    }
    named = set()
    for path in Path("functions").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("work_queues.send"):
                named.add(ast.unparse(node.args[0]))
    assert named and named <= allowed, named - allowed


def _table_grants(stage, lid: str) -> dict[str, set[str]]:
    """Table logical name -> the DynamoDB actions the function's role is allowed on it (or on
    its indexes)."""
    import json

    from aws_cdk.assertions import Match

    data = stage.stacks.data
    export_marks = {
        f"FnGetAtt{data.get_logical_id(table.node.default_child)}Arn": name
        for name, table in data.tables.items()
    }
    policies = stage.template("Functions").find_resources(
        "AWS::IAM::Policy", {"Properties": {"Roles": Match.array_with([{"Ref": _role_id(stage, lid)}])}}
    )
    grants: dict[str, set[str]] = {}
    for policy in policies.values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            if not any(action.startswith("dynamodb:") for action in actions):
                continue
            listed = statement["Resource"]
            for resource in listed if isinstance(listed, list) else [listed]:
                text = json.dumps(resource)
                (table,) = [name for mark, name in export_marks.items() if mark in text]
                grants.setdefault(table, set()).update(actions)
    return grants


def test_each_role_reaches_only_its_declared_tables_and_writes_only_those_it_writes(dev):
    from chalicelib.tables import ALL_TABLES
    from infra.function_roles import TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS
    from infra.function_tables import FUNCTION_TABLES
    from infra.functions_stack import logical_id

    table_of = {spec.model.__name__: name for name, spec in ALL_TABLES.items()}
    for function, access in FUNCTION_TABLES.items():
        lid = function if function == REST_API_FUNCTION else logical_id(function)
        expected = {
            table_of[model]: set(TABLE_READ_ACTIONS)
            | (set(TABLE_WRITE_ACTIONS) if model in access.writes else set())
            for model in access.reads | access.writes
        }
        assert _table_grants(dev, lid) == expected, function


def test_the_caller_screening_lambda_may_read_the_screening_table_and_nothing_else(dev):
    from infra.function_roles import TABLE_READ_ACTIONS

    assert _table_grants(dev, "ScreenCaller") == {"screening": set(TABLE_READ_ACTIONS)}


def test_only_the_api_reads_the_live_floor(dev):
    reading = {
        lid for lid in dev.stacks.functions.functions if "connect:GetCurrentMetricData" in _actions(dev, lid)
    }
    assert reading == {REST_API_FUNCTION}
    assert "connect:GetCurrentUserData" in _actions(dev, REST_API_FUNCTION)


def _resources_of(statements: list[dict], action: str) -> list:
    """Every resource the statements allow ``action`` on (CDK merges statements of one action)."""
    found: list = []
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if action in actions:
            resource = statement["Resource"]
            found += resource if isinstance(resource, list) else [resource]
    return found


def test_only_the_api_reads_call_recordings_and_only_the_recordings_folder(dev):
    """The QA review signs links to recordings: GetObject under Connect's folder of the bucket,
    Decrypt with the bucket's key (both imported from the contact centre stack)."""
    bucket_export, key_export = dev.stacks.contact_centre.handles.recordings_exports
    statements = _role_statements(dev, REST_API_FUNCTION)
    recordings = {"Fn::Join": ["", [{"Fn::ImportValue": bucket_export}, "/call-recordings/CallRecordings/*"]]}
    assert recordings in _resources_of(statements, "s3:GetObject")
    assert {"Fn::ImportValue": key_export} in _resources_of(statements, "kms:Decrypt")
    assert {"connect:DescribeContact", "connect:GetContactAttributes"} <= _actions(dev, REST_API_FUNCTION)
    for lid in dev.stacks.functions.functions:
        if lid != REST_API_FUNCTION:
            resources = [str(statement["Resource"]) for statement in _role_statements(dev, lid)]
            assert not any(bucket_export in resource or key_export in resource for resource in resources), lid
