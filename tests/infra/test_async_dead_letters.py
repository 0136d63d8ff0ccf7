"""Every asynchronous path of the synthesized Functions stack keeps what it could not deliver in a
dead-letter queue that alarms: each function Lambda invokes asynchronously (on-failure
destination), each event rule's target, the runtime schedules, and each queue (redrive)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from infra.wiring import ASYNC_FUNCTIONS, SCHEDULED_FUNCTIONS, TOPIC_SUBSCRIBERS
from tests.infra.templates import ALARM, EVENT_SOURCE_MAPPING, FUNCTION, QUEUE, properties, template

if TYPE_CHECKING:
    from aws_cdk.assertions import Template


def _queue_id(arn: Any) -> str:
    assert isinstance(arn, dict) and "Fn::GetAtt" in arn, arn
    queue_id, attribute = arn["Fn::GetAtt"]
    assert attribute == "Arn"
    return str(queue_id)


def _alarmed_queues(functions: Template) -> set[str]:
    """The queues an alarm watches for any visible message, telling someone (an alarm action)."""
    from aws_cdk.assertions import Match

    alarms = functions.find_resources(
        ALARM,
        {
            "Properties": {
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Threshold": 0,
                "AlarmActions": Match.not_([]),
            }
        },
    )
    return {
        dimension["Value"]["Fn::GetAtt"][0]
        for alarm in properties(alarms)
        for dimension in alarm.get("Dimensions", [])
        if dimension["Name"] == "QueueName"
    }


def test_every_asynchronously_invoked_function_has_an_on_failure_queue_that_alarms(dev, prod):
    from aws_cdk.assertions import Capture

    from infra.functions_stack import ASYNC_RETRY_ATTEMPTS, logical_id

    assert set(SCHEDULED_FUNCTIONS) <= set(ASYNC_FUNCTIONS)
    for stage in (dev, prod):
        functions = template(stage, "Functions")
        alarmed = _alarmed_queues(functions)
        functions.all_resources_properties(QUEUE, {"SqsManagedSseEnabled": True})
        prefix = stage.stacks.settings.resource_prefix()
        for name in ASYNC_FUNCTIONS:
            queue = Capture()
            functions.has_resource_properties(
                FUNCTION,
                {
                    "FunctionName": f"{prefix}-{logical_id(name)}",
                    "EventInvokeConfig": {
                        "MaximumRetryAttempts": ASYNC_RETRY_ATTEMPTS,
                        "DestinationConfig": {
                            "OnFailure": {"Type": "SQS", "Destination": {"Fn::GetAtt": [queue, "Arn"]}}
                        },
                    },
                },
            )
            assert queue.as_string() in functions.find_resources(QUEUE)
            assert queue.as_string() in alarmed, f"{name}'s failures would pile up unseen"
        for name in TOPIC_SUBSCRIBERS:  # SNS subscribers keep theirs (tests/infra/test_inbound_sms.py)
            assert name not in ASYNC_FUNCTIONS


def test_every_event_rule_target_has_a_dead_letter_queue_that_alarms(dev):
    functions = template(dev, "Functions")
    alarmed = _alarmed_queues(functions)
    rules = properties(functions.find_resources("AWS::Events::Rule"))
    assert rules, "the contact-events rule"
    for rule in rules:
        for target in rule["Targets"]:
            assert _queue_id(target["DeadLetterConfig"]["Arn"]) in alarmed
    chalice_rules = [
        event
        for function in properties(functions.find_resources(FUNCTION))
        for event in function.get("Events", {}).values()
        if event["Type"] == "CloudWatchEvent"
    ]
    assert len(chalice_rules) >= 2  # track_callback_calls, track_contact_quality
    for event in chalice_rules:
        assert _queue_id(event["Properties"]["DeadLetterConfig"]["Arn"]) in alarmed


def test_runtime_schedules_name_a_dead_letter_queue_the_scheduler_may_send_to(dev):
    from aws_cdk.assertions import Match

    from chalicelib.callbacks.scheduling import dead_letter_arn
    from chalicelib.callbacks.settings import CallbackSettings
    from chalicelib.resources import schedule_dead_letter_queue_name

    functions = template(dev, "Functions")
    prefix = dev.stacks.settings.resource_prefix()
    queue = functions.get_resource_id(
        QUEUE, {"Properties": {"QueueName": schedule_dead_letter_queue_name(prefix)}}
    )
    assert queue in _alarmed_queues(functions)
    scheduler_may_send = Match.object_like(
        {
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Principal": {"AWS": {"Fn::GetAtt": [Match.string_like_regexp("schedulerrole"), "Arn"]}},
        }
    )
    functions.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "Queues": Match.array_with([{"Ref": queue}]),
            "PolicyDocument": {"Statement": Match.array_with([scheduler_may_send])},
        },
    )
    # the code names the same queue: the callback function's ARN gives its partition, region, account
    settings = CallbackSettings(
        callback_function_arn=f"arn:aws:lambda:eu-west-1:111122223333:function:{prefix}-FireCallback",
        schedule_group=prefix,
    )
    assert (
        dead_letter_arn(settings)
        == f"arn:aws:sqs:eu-west-1:111122223333:{schedule_dead_letter_queue_name(prefix)}"
    )


def test_every_queue_a_function_drains_moves_poison_messages_to_a_dead_letter_queue_that_alarms(dev):
    functions = template(dev, "Functions")
    queues = functions.find_resources(QUEUE)
    alarmed = _alarmed_queues(functions)
    mappings = properties(functions.find_resources(EVENT_SOURCE_MAPPING))
    assert mappings
    for mapping in mappings:
        queue = _queue_id(mapping["EventSourceArn"])
        redrive = queues[queue]["Properties"]["RedrivePolicy"]
        assert _queue_id(redrive["deadLetterTargetArn"]) in alarmed
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
