"""The stateless stack: queues with dead letters, events, schedules, Connect wiring, least privilege."""

from __future__ import annotations

import json

from chalicelib.resources import QUEUES
from infra.functions_stack import logical_id
from infra.wiring import (
    ASYNC_FUNCTIONS,
    BOT_FULFILMENT_FUNCTION,
    FLOW_INVOKED_FUNCTIONS,
    QUEUE_CONSUMERS,
    SCHEDULED_FUNCTIONS,
    TOPIC_SUBSCRIBERS,
)
from tests.infra.conftest import resources_of_type

#: Each topic subscriber also has a dead-letter queue (tests/infra/test_inbound_sms.py).
SUBSCRIBER_DEAD_LETTER_QUEUES = len(TOPIC_SUBSCRIBERS)
#: So has each asynchronously invoked function, plus the runtime schedules and the event rules
#: (tests/infra/test_async_dead_letters.py).
ASYNC_DEAD_LETTER_QUEUES = len(ASYNC_FUNCTIONS) + 2


def _statements(stage) -> list[dict]:
    """Every statement of every function role's policies."""
    stack = stage.stacks.functions
    role_ids = {stack.get_logical_id(role.node.default_child) for role in stack.function_roles.values()}
    return [
        statement
        for policy in resources_of_type(stage.raw("Functions"), "AWS::IAM::Policy").values()
        if {r["Ref"] for r in policy["Properties"]["Roles"]} & role_ids
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def _listed(actions: str | list[str]) -> list[str]:
    return [actions] if isinstance(actions, str) else actions


def test_every_queue_hands_poison_messages_to_its_own_dead_letter_queue_after_the_specified_retries(dev):
    raw = dev.raw("Functions")
    queues = resources_of_type(raw, "AWS::SQS::Queue")
    for spec in QUEUES:
        queue = next(
            q
            for lid, q in queues.items()
            if lid.startswith(spec.logical_name.replace("-", "")) and "dlq" not in lid
        )
        redrive = queue["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == spec.max_receive_count
        dead_letter_id = redrive["deadLetterTargetArn"]["Fn::GetAtt"][0]
        assert "dlq" in dead_letter_id
        assert queue["Properties"]["VisibilityTimeout"] == spec.visibility_timeout_s
    assert all(q["Properties"]["SqsManagedSseEnabled"] is True for q in queues.values())
    assert len(queues) == 2 * len(QUEUES) + SUBSCRIBER_DEAD_LETTER_QUEUES + ASYNC_DEAD_LETTER_QUEUES


def test_queues_refuse_plain_http(dev):
    policies = resources_of_type(dev.raw("Functions"), "AWS::SQS::QueuePolicy").values()
    tls_denials = [
        s
        for p in policies
        for s in p["Properties"]["PolicyDocument"]["Statement"]
        if s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
    ]
    assert len(tls_denials) == 2 * len(QUEUES) + SUBSCRIBER_DEAD_LETTER_QUEUES + ASYNC_DEAD_LETTER_QUEUES


def test_contact_events_of_this_instance_only_reach_the_contact_events_queue(dev):
    raw = dev.raw("Functions")
    (rule,) = resources_of_type(raw, "AWS::Events::Rule").values()
    pattern = rule["Properties"]["EventPattern"]
    assert pattern["source"] == ["aws.connect"]
    assert pattern["detail-type"] == ["Amazon Connect Contact Event"]
    (instance_arn,) = pattern["detail"]["instanceArn"]
    assert "instanceArn" in json.dumps(instance_arn)
    (target,) = rule["Properties"]["Targets"]
    assert target["Arn"]["Fn::GetAtt"][0].startswith("contactevents")


def test_functions_may_not_use_wildcard_actions_and_reach_connect_only_for_this_instances_contacts(dev):
    statements = _statements(dev)
    actions = [
        a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    ]
    assert not [a for a in actions if "*" in a]
    assert all(s["Effect"] == "Allow" for s in statements)
    connect = [s for s in statements if any(a.startswith("connect:") for a in _listed(s["Action"]))]
    assert connect
    searches = [s for s in connect if s["Action"] == "connect:SearchContacts"]
    assert searches
    for search in searches:
        assert search["Resource"] == {"Fn::ImportValue": "ContactCentre-dev-ContactCentre-InstanceArn"}
    instance = {"Fn::ImportValue": "ContactCentre-dev-ContactCentre-InstanceArn"}
    agent_states = [s for s in connect if s["Action"] == "connect:GetCurrentUserData"]
    assert agent_states  # continuity routing: is the ticket's owner signed in?
    for statement in agent_states:
        assert statement["Resource"] == [instance, {"Fn::Join": ["", [instance, "/agent/*"]]}]
    for statement in [s for s in connect if s not in searches and s not in agent_states]:
        assert statement["Resource"] == {
            "Fn::Join": [
                "",
                [{"Fn::ImportValue": "ContactCentre-dev-ContactCentre-InstanceArn"}, "/contact/*"],
            ]
        }
    unscoped = [s for s in statements if s["Resource"] == "*"]
    assert unscoped
    assert {tuple(sorted(s["Action"])) for s in unscoped} == {("sns:ListPhoneNumbersOptedOut", "sns:Publish")}
    pass_roles = [s for s in statements if s["Action"] == "iam:PassRole"]
    assert pass_roles
    for pass_role in pass_roles:
        assert pass_role["Condition"] == {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}


def test_scheduler_can_only_be_assumed_by_the_scheduler_service_of_this_account(dev):
    raw = dev.raw("Functions")
    roles = resources_of_type(raw, "AWS::IAM::Role")
    scheduler_role = next(r for lid, r in roles.items() if lid.startswith("schedulerrole"))
    (trust,) = scheduler_role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
    (group,) = resources_of_type(raw, "AWS::Scheduler::ScheduleGroup").values()
    assert group["Properties"]["Name"] == "contact-centre-dev"


def test_functions_run_with_the_stage_environment(dev):
    raw = dev.raw("Functions")
    functions = resources_of_type(raw, "AWS::Serverless::Function")
    for lid, function in functions.items():
        props = function["Properties"]
        assert props["FunctionName"] == f"contact-centre-dev-{lid}"
        variables = props["Environment"]["Variables"]
        assert {spec.env_var for spec in QUEUES} <= set(variables)
        assert {
            "SCHEDULE_GROUP",
            "CONNECT_INSTANCE_ID",
            "CONNECT_QUEUE_IDS",
            "POWERTOOLS_SERVICE_NAME",
        } <= set(variables)
        assert variables["LOG_LEVEL"] == "DEBUG"
        assert variables["DIALLER_MAX_CONCURRENT_CALLS"] == "2"


def test_every_function_logs_to_a_group_with_the_stage_retention(dev, prod):
    for stage, days in ((dev, 14), (prod, 365)):
        raw = stage.raw("Functions")
        groups = resources_of_type(raw, "AWS::Logs::LogGroup").values()
        functions = resources_of_type(raw, "AWS::Serverless::Function")
        assert sorted(g["Properties"]["LogGroupName"] for g in groups) == sorted(
            f"/aws/lambda/{f['Properties']['FunctionName']}" for f in functions.values()
        )
        assert {g["Properties"]["RetentionInDays"] for g in groups} == {days}


def test_flow_invoked_functions_are_associated_with_the_instance_and_invocable_only_by_it(dev):
    raw = dev.raw("Functions")
    functions = resources_of_type(raw, "AWS::Serverless::Function")
    expected = {logical_id(name) for name in FLOW_INVOKED_FUNCTIONS}
    assert expected <= set(functions)
    associations = [
        a
        for a in resources_of_type(raw, "AWS::Connect::IntegrationAssociation").values()
        if a["Properties"]["IntegrationType"] == "LAMBDA_FUNCTION"
    ]
    associated = {a["Properties"]["IntegrationArn"]["Fn::GetAtt"][0] for a in associations}
    assert associated == expected  # the assistant's bot is associated too: tests/infra/test_assistant_bot.py
    connect_permissions = [
        p["Properties"]
        for p in resources_of_type(raw, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "connect.amazonaws.com"
    ]
    assert {p["FunctionName"]["Fn::GetAtt"][0] for p in connect_permissions} == expected
    assert all("SourceArn" in p and "SourceAccount" in p for p in connect_permissions)


def test_a_message_in_any_dead_letter_queue_or_a_function_error_raises_an_alarm(dev):
    raw = dev.raw("Functions")
    alarms = resources_of_type(raw, "AWS::CloudWatch::Alarm").values()
    (topic_id,) = [t for t in resources_of_type(raw, "AWS::SNS::Topic") if t.startswith("monitoringalarms")]
    dead_letter_alarms = [a for a in alarms if a["Properties"].get("Namespace") == "AWS/SQS"]
    error_alarms = [a for a in alarms if a["Properties"].get("MetricName") == "Errors"]
    assert len(dead_letter_alarms) == len(QUEUES) + SUBSCRIBER_DEAD_LETTER_QUEUES + ASYNC_DEAD_LETTER_QUEUES
    watched = {d["Value"]["Fn::GetAtt"][0] for a in dead_letter_alarms for d in a["Properties"]["Dimensions"]}
    assert all("dlq" in queue_id for queue_id in watched)
    assert len(watched) == len(QUEUES) + SUBSCRIBER_DEAD_LETTER_QUEUES + ASYNC_DEAD_LETTER_QUEUES
    assert len(error_alarms) == len(resources_of_type(raw, "AWS::Serverless::Function"))
    for alarm in alarms:
        props = alarm["Properties"]
        assert props["Threshold"] == 0 and props["ComparisonOperator"] == "GreaterThanThreshold"
        assert props["AlarmActions"] == [{"Ref": topic_id}]
    assert resources_of_type(raw, "AWS::CloudWatch::Dashboard")


def test_scheduler_may_invoke_exactly_the_scheduled_functions_and_the_code_knows_their_arns(dev):
    raw = dev.raw("Functions")
    functions = resources_of_type(raw, "AWS::Serverless::Function")
    scheduled = {logical_id(name): env_var for name, env_var in SCHEDULED_FUNCTIONS.items()}
    present = set(scheduled) & set(functions)
    assert present, "the callback functions are scheduled targets"
    (policy,) = [
        p
        for p in resources_of_type(raw, "AWS::IAM::Policy").values()
        if any("schedulerrole" in r["Ref"] for r in p["Properties"]["Roles"])
    ]
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Action"] == "lambda:InvokeFunction"
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    assert {r["Fn::GetAtt"][0] for r in resources} == present
    variables = functions["APIHandler"]["Properties"]["Environment"]["Variables"]
    for lid in present:
        assert f":function:contact-centre-dev-{lid}" in variables[scheduled[lid]]["Fn::Sub"]


def _worst_case_length(value: object) -> int:
    """Deployed length of an environment value, taking every unresolved part at its longest."""
    if isinstance(value, str):
        return len(value)
    assert isinstance(value, dict)
    (function, argument), *_ = value.items()
    if function == "Fn::Join":
        return sum(_worst_case_length(part) for part in argument[1])
    if function == "Fn::Sub":  # partition, region, account id
        return len(argument) - len("${AWS::Partition}${AWS::Region}${AWS::AccountId}") + 10 + 14 + 12
    if function == "Fn::Select":  # an id out of a Connect ARN
        return 36
    return 130  # an imported or referenced ARN, URL or name


def test_the_environment_fits_in_lambdas_four_kilobytes_with_room_to_grow(dev, prod):
    for stage in (dev, prod):
        for function in resources_of_type(stage.raw("Functions"), "AWS::Serverless::Function").values():
            variables = function["Properties"]["Environment"]["Variables"]
            size = sum(len(name) + _worst_case_length(value) for name, value in variables.items())
            assert size < 3500, f"{size} bytes: Lambda refuses more than 4096"


def test_handlers_of_connect_events_only_hear_this_stages_instance(dev):
    raw = dev.raw("Functions")
    (rule,) = resources_of_type(raw, "AWS::Events::Rule").values()
    (instance_filter,) = rule["Properties"]["EventPattern"]["detail"]["instanceArn"]
    connect_patterns = [
        event["Properties"]["Pattern"]
        for function in resources_of_type(raw, "AWS::Serverless::Function").values()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "CloudWatchEvent" and "aws.connect" in event["Properties"]["Pattern"]["source"]
    ]
    assert connect_patterns, "the callback tracker listens to contact events"
    assert all(p["detail"]["instanceArn"] == [instance_filter] for p in connect_patterns)


def test_functions_that_send_links_know_the_public_api_url(dev):
    raw = dev.raw("Functions")
    functions = resources_of_type(raw, "AWS::Serverless::Function")
    for lid, function in functions.items():
        variables = function["Properties"]["Environment"]["Variables"]
        if lid == "APIHandler":  # the API refers to its handler: its links stay relative
            assert "PUBLIC_API_URL" not in variables
        else:
            assert variables["PUBLIC_API_URL"]["Fn::Sub"][1] == {"Api": {"Ref": "RestAPI"}}


def test_flow_ids_reach_the_functions_that_place_calls_but_not_those_a_flow_invokes(dev):
    functions = resources_of_type(dev.raw("Functions"), "AWS::Serverless::Function")
    flow_invoked = {logical_id(name) for name in (*FLOW_INVOKED_FUNCTIONS, BOT_FULFILMENT_FUNCTION)}
    for lid, function in functions.items():
        variables = function["Properties"]["Environment"]["Variables"]
        if lid in flow_invoked or lid == "APIHandler":
            assert "OUTBOUND_FLOW_ID" not in variables, lid
        else:
            assert "Fn::Select" in variables["OUTBOUND_FLOW_ID"], lid


def test_each_queue_consumer_drains_its_queue_reporting_failed_messages_individually(dev):
    raw = dev.raw("Functions")
    functions = resources_of_type(raw, "AWS::Serverless::Function")
    assert {logical_id(name) for name in QUEUE_CONSUMERS} <= set(functions)
    mappings = [m["Properties"] for m in resources_of_type(raw, "AWS::Lambda::EventSourceMapping").values()]
    assert len(mappings) == len(QUEUE_CONSUMERS)
    for name, consumer in QUEUE_CONSUMERS.items():
        (mapping,) = [m for m in mappings if m["FunctionName"] == {"Ref": logical_id(name)}]
        assert mapping["EventSourceArn"]["Fn::GetAtt"][0].startswith(consumer.queue.replace("-", ""))
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["BatchSize"] == consumer.batch_size


def test_a_call_end_reaches_its_handler_without_waiting_for_a_batch_to_fill(dev):
    """A freed line idles until the DISCONNECTED event is handled: no batching window on the way."""
    raw = dev.raw("Functions")
    (mapping,) = [
        m["Properties"]
        for m in resources_of_type(raw, "AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"] == {"Ref": logical_id("handle_contact_events")}
    ]
    assert mapping.get("MaximumBatchingWindowInSeconds", 0) == 0
