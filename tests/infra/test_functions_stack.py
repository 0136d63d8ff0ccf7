"""The stateless stack: queues with dead letters, events, schedules, Connect wiring, least privilege."""

from __future__ import annotations

import re

from chalicelib.resources import QUEUES
from infra.wiring import (
    ASYNC_FUNCTIONS,
    BOT_FULFILMENT_FUNCTION,
    FLOW_INVOKED_FUNCTIONS,
    QUEUE_CONSUMERS,
    SCHEDULED_FUNCTIONS,
    TOPIC_SUBSCRIBERS,
)
from tests.infra.templates import ALARM, EVENT_SOURCE_MAPPING, FUNCTION, POLICY, QUEUE, properties, template

#: Each topic subscriber also has a dead-letter queue (tests/infra/test_inbound_sms.py).
SUBSCRIBER_DEAD_LETTER_QUEUES = len(TOPIC_SUBSCRIBERS)
#: So has each asynchronously invoked function, plus the runtime schedules and the event rules
#: (tests/infra/test_async_dead_letters.py).
ASYNC_DEAD_LETTER_QUEUES = len(ASYNC_FUNCTIONS) + 2
DEAD_LETTER_QUEUES = len(QUEUES) + SUBSCRIBER_DEAD_LETTER_QUEUES + ASYNC_DEAD_LETTER_QUEUES


def _statements(stage) -> list[dict]:
    """Every statement of every function role's policies (CDK moves what overflows a role's
    inline policy into managed policies of the same role)."""
    from aws_cdk.assertions import Match

    stack = stage.stacks.functions
    functions = template(stage, "Functions")
    policies: dict = {}
    for role in stack.function_roles.values():
        role_ref = {"Ref": stack.get_logical_id(role.node.default_child)}
        attached = {"Properties": {"Roles": Match.array_with([role_ref])}}
        for kind in (POLICY, "AWS::IAM::ManagedPolicy"):
            policies.update(functions.find_resources(kind, attached))
    return [
        statement for policy in properties(policies) for statement in policy["PolicyDocument"]["Statement"]
    ]


def _listed(actions: str | list[str]) -> list[str]:
    return [actions] if isinstance(actions, str) else actions


def _variables(**expected: object) -> dict:
    """A pattern for a function whose environment holds at least ``expected``."""
    from aws_cdk.assertions import Match

    return {"Environment": {"Variables": Match.object_like(expected)}}


def test_every_queue_hands_poison_messages_to_its_own_dead_letter_queue_after_the_specified_retries(dev):
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    prefix = dev.stacks.settings.resource_prefix()
    for spec in QUEUES:
        functions.has_resource_properties(
            QUEUE,
            {
                "QueueName": f"{prefix}-{spec.logical_name}",
                "RedrivePolicy": {
                    "maxReceiveCount": spec.max_receive_count,
                    "deadLetterTargetArn": {"Fn::GetAtt": [Match.string_like_regexp("dlq"), "Arn"]},
                },
                "VisibilityTimeout": spec.visibility_timeout_s,
            },
        )
    functions.all_resources_properties(QUEUE, {"SqsManagedSseEnabled": True})
    functions.resource_count_is(QUEUE, len(QUEUES) + DEAD_LETTER_QUEUES)


def test_queues_refuse_plain_http(dev):
    from aws_cdk.assertions import Match

    plain_http_denied = Match.object_like(
        {"Effect": "Deny", "Condition": Match.object_equals({"Bool": {"aws:SecureTransport": "false"}})}
    )
    template(dev, "Functions").resource_properties_count_is(
        "AWS::SQS::QueuePolicy",
        {"PolicyDocument": {"Statement": Match.array_with([plain_http_denied])}},
        len(QUEUES) + DEAD_LETTER_QUEUES,
    )


def test_contact_events_of_this_instance_only_reach_the_contact_events_queue(dev):
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    functions.resource_count_is("AWS::Events::Rule", 1)
    functions.has_resource_properties(
        "AWS::Events::Rule",
        {
            "EventPattern": {
                "source": ["aws.connect"],
                "detail-type": ["Amazon Connect Contact Event"],
                "detail": {"instanceArn": [{"Fn::ImportValue": Match.string_like_regexp("instanceArn")}]},
            },
            "Targets": [{"Arn": {"Fn::GetAtt": [Match.string_like_regexp("^contactevents"), "Arn"]}}],
        },
    )


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
    # the live floor: every queue and signed-in agent of this instance, read-only
    live_floor = [
        s for s in connect if s["Action"] == ["connect:GetCurrentMetricData", "connect:GetCurrentUserData"]
    ]
    assert live_floor
    for statement in live_floor:
        assert statement["Resource"] == [
            instance,
            {"Fn::Join": ["", [instance, "/agent/*"]]},
            {"Fn::Join": ["", [instance, "/queue/*"]]},
        ]
    # Web chat: the chat flow is found by name on the instance and started on this instance's flows.
    # (IAM policy minimisation may merge the two statements, in either order.)
    flows = {"Fn::Join": ["", [instance, "/contact-flow/*"]]}
    chat_actions = {"connect:ListContactFlows", "connect:StartChatContact"}
    chats = [s for s in connect if chat_actions & set(_listed(s["Action"]))]
    assert chat_actions <= {a for s in chats for a in _listed(s["Action"])}
    for statement in chats:
        assert set(_listed(statement["Action"])) <= chat_actions
        resource = statement["Resource"]
        resources = resource if isinstance(resource, list) else [resource]
        assert all(r in (instance, flows) for r in resources)
        if "connect:StartChatContact" in _listed(statement["Action"]):
            assert instance not in resources or "connect:ListContactFlows" in _listed(statement["Action"])
    for statement in [s for s in connect if s not in searches + agent_states + live_floor + chats]:
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
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    trusts_the_scheduler = Match.object_like({"Principal": {"Service": "scheduler.amazonaws.com"}})
    functions.resource_properties_count_is(
        "AWS::IAM::Role",
        {"AssumeRolePolicyDocument": {"Statement": Match.array_with([trusts_the_scheduler])}},
        1,
    )
    functions.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Principal": Match.object_equals({"Service": "scheduler.amazonaws.com"}),
                        "Condition": Match.object_equals(
                            {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
                        ),
                    }
                ]
            }
        },
    )
    functions.resource_count_is("AWS::Scheduler::ScheduleGroup", 1)
    functions.has_resource_properties("AWS::Scheduler::ScheduleGroup", {"Name": "contact-centre-dev"})


def test_functions_run_with_the_stage_environment(dev):
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    for lid, function in functions.find_resources(FUNCTION).items():
        assert function["Properties"]["FunctionName"] == f"contact-centre-dev-{lid}"
    present = Match.any_value()
    functions.all_resources_properties(
        FUNCTION,
        _variables(
            **dict.fromkeys((spec.env_var for spec in QUEUES), present),
            SCHEDULE_GROUP=present,
            CONNECT_INSTANCE_ID=present,
            CONNECT_QUEUE_IDS=present,
            POWERTOOLS_SERVICE_NAME=present,
            LOG_LEVEL="DEBUG",
            DIALLER_MAX_CONCURRENT_CALLS="2",
        ),
    )


def test_every_function_logs_to_a_group_with_the_stage_retention(dev, prod):
    for stage, days in ((dev, 14), (prod, 365)):
        functions = template(stage, "Functions")
        names = [function["FunctionName"] for function in properties(functions.find_resources(FUNCTION))]
        functions.resource_count_is("AWS::Logs::LogGroup", len(names))
        for name in names:
            functions.has_resource_properties("AWS::Logs::LogGroup", {"LogGroupName": f"/aws/lambda/{name}"})
        functions.all_resources_properties("AWS::Logs::LogGroup", {"RetentionInDays": days})


def test_flow_invoked_functions_are_associated_with_the_instance_and_invocable_only_by_it(dev):
    from aws_cdk.assertions import Match

    from infra.functions_stack import logical_id

    functions = template(dev, "Functions")
    expected = {logical_id(name) for name in FLOW_INVOKED_FUNCTIONS}
    assert expected <= set(functions.find_resources(FUNCTION))
    # the assistant's bot is associated too: tests/infra/test_assistant_bot.py
    functions.resource_properties_count_is(
        "AWS::Connect::IntegrationAssociation", {"IntegrationType": "LAMBDA_FUNCTION"}, len(expected)
    )
    functions.resource_properties_count_is(
        "AWS::Lambda::Permission", {"Principal": "connect.amazonaws.com"}, len(expected)
    )
    for lid in expected:
        function_arn = {"Fn::GetAtt": [lid, "Arn"]}
        functions.has_resource_properties(
            "AWS::Connect::IntegrationAssociation",
            {"IntegrationType": "LAMBDA_FUNCTION", "IntegrationArn": function_arn},
        )
        functions.has_resource_properties(
            "AWS::Lambda::Permission",
            {
                "Principal": "connect.amazonaws.com",
                "FunctionName": function_arn,
                "SourceArn": Match.any_value(),
                "SourceAccount": Match.any_value(),
            },
        )


def test_a_message_in_any_dead_letter_queue_or_a_function_error_raises_an_alarm(dev):
    functions = template(dev, "Functions")
    (topic_id,) = [t for t in functions.find_resources("AWS::SNS::Topic") if t.startswith("monitoringalarms")]
    dead_letter_alarms = properties(functions.find_resources(ALARM, {"Properties": {"Namespace": "AWS/SQS"}}))
    assert len(dead_letter_alarms) == DEAD_LETTER_QUEUES
    watched = {d["Value"]["Fn::GetAtt"][0] for alarm in dead_letter_alarms for d in alarm["Dimensions"]}
    assert all("dlq" in queue_id for queue_id in watched)
    assert len(watched) == DEAD_LETTER_QUEUES
    functions.resource_properties_count_is(
        ALARM, {"MetricName": "Errors"}, len(functions.find_resources(FUNCTION))
    )
    functions.all_resources_properties(
        ALARM,
        {"Threshold": 0, "ComparisonOperator": "GreaterThanThreshold", "AlarmActions": [{"Ref": topic_id}]},
    )
    assert functions.find_resources("AWS::CloudWatch::Dashboard")


def test_scheduler_may_invoke_exactly_the_scheduled_functions_and_the_code_knows_their_arns(dev):
    from aws_cdk.assertions import Match

    from infra.functions_stack import logical_id

    functions = template(dev, "Functions")
    deployed = functions.find_resources(FUNCTION)
    scheduled = {logical_id(name): env_var for name, env_var in SCHEDULED_FUNCTIONS.items()}
    present = set(scheduled) & set(deployed)
    assert present, "the callback functions are scheduled targets"
    scheduler_role = {"Ref": Match.string_like_regexp("schedulerrole")}
    (policy,) = properties(
        functions.find_resources(POLICY, {"Properties": {"Roles": Match.array_with([scheduler_role])}})
    )
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == "lambda:InvokeFunction"
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    assert {r["Fn::GetAtt"][0] for r in resources} == present
    functions.has_resource_properties(
        FUNCTION,
        {
            "FunctionName": "contact-centre-dev-APIHandler",
            **_variables(
                **{
                    scheduled[lid]: {
                        "Fn::Sub": Match.string_like_regexp(re.escape(f":function:contact-centre-dev-{lid}"))
                    }
                    for lid in present
                }
            ),
        },
    )


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
        for function in properties(template(stage, "Functions").find_resources(FUNCTION)):
            variables = function["Environment"]["Variables"]
            size = sum(len(name) + _worst_case_length(value) for name, value in variables.items())
            assert size < 3500, f"{size} bytes: Lambda refuses more than 4096"


def test_handlers_of_connect_events_only_hear_this_stages_instance(dev):
    functions = template(dev, "Functions")
    (rule,) = properties(functions.find_resources("AWS::Events::Rule"))
    (instance_filter,) = rule["EventPattern"]["detail"]["instanceArn"]
    connect_patterns = [
        event["Properties"]["Pattern"]
        for function in properties(functions.find_resources(FUNCTION))
        for event in function.get("Events", {}).values()
        if event["Type"] == "CloudWatchEvent" and "aws.connect" in event["Properties"]["Pattern"]["source"]
    ]
    assert connect_patterns, "the callback tracker listens to contact events"
    assert all(p["detail"]["instanceArn"] == [instance_filter] for p in connect_patterns)


def test_functions_that_send_links_know_the_public_api_url(dev):
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    # the API refers to its handler: its links stay relative
    functions.has_resource_properties(
        FUNCTION,
        {"FunctionName": "contact-centre-dev-APIHandler", **_variables(PUBLIC_API_URL=Match.absent())},
    )
    public_url = {"Fn::Sub": [Match.any_value(), Match.object_equals({"Api": {"Ref": "RestAPI"}})]}
    functions.resource_properties_count_is(
        FUNCTION, _variables(PUBLIC_API_URL=public_url), len(functions.find_resources(FUNCTION)) - 1
    )


def test_flow_ids_reach_the_functions_that_place_calls_but_not_those_a_flow_invokes(dev):
    from aws_cdk.assertions import Match

    from infra.functions_stack import logical_id

    functions = template(dev, "Functions")
    flow_invoked = {logical_id(name) for name in (*FLOW_INVOKED_FUNCTIONS, BOT_FULFILMENT_FUNCTION)}
    for lid in functions.find_resources(FUNCTION):
        if lid in flow_invoked or lid == "APIHandler":
            flow_id = Match.absent()
        else:
            flow_id = Match.object_like({"Fn::Select": Match.any_value()})
        functions.has_resource_properties(
            FUNCTION, {"FunctionName": f"contact-centre-dev-{lid}", **_variables(OUTBOUND_FLOW_ID=flow_id)}
        )


def test_each_queue_consumer_drains_its_queue_reporting_failed_messages_individually(dev):
    from aws_cdk.assertions import Match

    from infra.functions_stack import logical_id

    functions = template(dev, "Functions")
    assert {logical_id(name) for name in QUEUE_CONSUMERS} <= set(functions.find_resources(FUNCTION))
    functions.resource_count_is(EVENT_SOURCE_MAPPING, len(QUEUE_CONSUMERS))
    for name, consumer in QUEUE_CONSUMERS.items():
        queue = Match.string_like_regexp("^" + re.escape(consumer.queue.replace("-", "")))
        functions.has_resource_properties(
            EVENT_SOURCE_MAPPING,
            {
                "FunctionName": {"Ref": logical_id(name)},
                "EventSourceArn": {"Fn::GetAtt": [queue, Match.any_value()]},
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "BatchSize": consumer.batch_size,
            },
        )


def test_a_call_end_reaches_its_handler_without_waiting_for_a_batch_to_fill(dev):
    """A freed line idles until the DISCONNECTED event is handled: no batching window on the way."""
    from infra.functions_stack import logical_id

    handler = {"FunctionName": {"Ref": logical_id("handle_contact_events")}}
    (mapping,) = properties(
        template(dev, "Functions").find_resources(EVENT_SOURCE_MAPPING, {"Properties": handler})
    )
    assert mapping.get("MaximumBatchingWindowInSeconds", 0) == 0
