"""Every asynchronous path of the synthesized Functions stack keeps what it could not deliver in a
dead-letter queue that alarms: each function Lambda invokes asynchronously (on-failure
destination), each event rule's target, the runtime schedules, and each queue (redrive)."""

from __future__ import annotations

import json
from typing import Any

from infra.functions_stack import ASYNC_RETRY_ATTEMPTS, logical_id
from infra.wiring import ASYNC_FUNCTIONS, SCHEDULED_FUNCTIONS, TOPIC_SUBSCRIBERS
from tests.infra.conftest import resources_of_type


def _queue_id(arn: Any) -> str:
    assert isinstance(arn, dict) and "Fn::GetAtt" in arn, arn
    queue_id, attribute = arn["Fn::GetAtt"]
    assert attribute == "Arn"
    return str(queue_id)


def _alarmed_queues(raw: dict) -> set[str]:
    return {
        dimension["Value"]["Fn::GetAtt"][0]
        for alarm in resources_of_type(raw, "AWS::CloudWatch::Alarm").values()
        if alarm["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
        and alarm["Properties"].get("Threshold") == 0
        and alarm["Properties"].get("AlarmActions")
        for dimension in alarm["Properties"].get("Dimensions", [])
        if dimension["Name"] == "QueueName"
    }


def test_every_asynchronously_invoked_function_has_an_on_failure_queue_that_alarms(dev, prod):
    assert set(SCHEDULED_FUNCTIONS) <= set(ASYNC_FUNCTIONS)
    for stage in (dev, prod):
        raw = stage.raw("Functions")
        functions = raw["Resources"]
        alarmed = _alarmed_queues(raw)
        queues = resources_of_type(raw, "AWS::SQS::Queue")
        for name in ASYNC_FUNCTIONS:
            config = functions[logical_id(name)]["Properties"]["EventInvokeConfig"]
            assert config["MaximumRetryAttempts"] == ASYNC_RETRY_ATTEMPTS
            on_failure = config["DestinationConfig"]["OnFailure"]
            assert on_failure["Type"] == "SQS"
            queue = _queue_id(on_failure["Destination"])
            assert queues[queue]["Properties"]["SqsManagedSseEnabled"] is True
            assert queue in alarmed, f"{name}'s failures would pile up unseen"
        for name in TOPIC_SUBSCRIBERS:  # SNS subscribers keep theirs (tests/infra/test_inbound_sms.py)
            assert name not in ASYNC_FUNCTIONS


def test_every_event_rule_target_has_a_dead_letter_queue_that_alarms(dev):
    raw = dev.raw("Functions")
    alarmed = _alarmed_queues(raw)
    rules = resources_of_type(raw, "AWS::Events::Rule")
    assert rules, "the contact-events rule"
    for rule in rules.values():
        for target in rule["Properties"]["Targets"]:
            assert _queue_id(target["DeadLetterConfig"]["Arn"]) in alarmed
    chalice_rules = [
        event
        for function in resources_of_type(raw, "AWS::Serverless::Function").values()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "CloudWatchEvent"
    ]
    assert len(chalice_rules) >= 2  # track_callback_calls, track_contact_quality
    for event in chalice_rules:
        assert _queue_id(event["Properties"]["DeadLetterConfig"]["Arn"]) in alarmed


def test_runtime_schedules_name_a_dead_letter_queue_the_scheduler_may_send_to(dev):
    from chalicelib.callbacks.scheduling import dead_letter_arn
    from chalicelib.callbacks.settings import CallbackSettings
    from chalicelib.resources import schedule_dead_letter_queue_name

    raw = dev.raw("Functions")
    prefix = dev.stacks.settings.resource_prefix()
    queues = resources_of_type(raw, "AWS::SQS::Queue")
    (queue,) = [
        lid
        for lid, q in queues.items()
        if q["Properties"]["QueueName"] == schedule_dead_letter_queue_name(prefix)
    ]
    assert queue in _alarmed_queues(raw)
    (policy,) = [
        p
        for p in resources_of_type(raw, "AWS::SQS::QueuePolicy").values()
        if {"Ref": queue} in p["Properties"]["Queues"]
    ]
    assert any(
        statement["Effect"] == "Allow"
        and statement["Action"] == "sqs:SendMessage"
        and "schedulerrole" in json.dumps(statement["Principal"])
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
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
    raw = dev.raw("Functions")
    queues = resources_of_type(raw, "AWS::SQS::Queue")
    alarmed = _alarmed_queues(raw)
    for mapping in resources_of_type(raw, "AWS::Lambda::EventSourceMapping").values():
        queue = _queue_id(mapping["Properties"]["EventSourceArn"])
        redrive = queues[queue]["Properties"]["RedrivePolicy"]
        assert _queue_id(redrive["deadLetterTargetArn"]) in alarmed
        assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
