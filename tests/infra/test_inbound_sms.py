"""Inbound (two-way) SMS: End User Messaging of this account publishes to an encrypted topic, and
only that topic invokes the function that turns STOP into an opt-out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from infra.wiring import TOPIC_SUBSCRIBERS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from aws_cdk.assertions import Template

SMS_VOICE = {"Service": "sms-voice.amazonaws.com"}
THIS_ACCOUNT = {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}


def _only(template: Template, resource_type: str, prefix: str) -> tuple[str, Mapping[str, Any]]:
    """The one resource of ``resource_type`` whose logical id starts with ``prefix``."""
    (found,) = [
        (lid, r) for lid, r in template.find_resources(resource_type).items() if lid.startswith(prefix)
    ]
    return found


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def test_the_inbound_sms_topic_is_standard_and_encrypted_with_a_rotating_key_end_user_messaging_may_use(dev):
    template = dev.template("Functions")
    _, topic = _only(template, "AWS::SNS::Topic", "inboundsmstopic")
    assert topic["Properties"]["TopicName"] == "contact-centre-dev-inbound-sms"
    assert not topic["Properties"].get("FifoTopic")  # End User Messaging cannot publish to FIFO topics
    key_id, key = _only(template, "AWS::KMS::Key", "inboundsmskey")
    assert topic["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}
    assert key["Properties"]["EnableKeyRotation"] is True
    (for_sms_voice,) = [s for s in key["Properties"]["KeyPolicy"]["Statement"] if s["Principal"] == SMS_VOICE]
    assert sorted(_as_list(for_sms_voice["Action"])) == ["kms:Decrypt", "kms:GenerateDataKey*"]
    assert for_sms_voice["Condition"]["StringEquals"] == THIS_ACCOUNT


def test_only_end_user_messaging_of_this_account_may_publish_inbound_sms_and_only_over_tls(dev):
    template = dev.template("Functions")
    topic_id, _ = _only(template, "AWS::SNS::Topic", "inboundsmstopic")
    (policy,) = template.find_resources(
        "AWS::SNS::TopicPolicy", {"Properties": {"Topics": [{"Ref": topic_id}]}}
    ).values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    allowed = [s for s in statements if s["Effect"] == "Allow"]
    (publish,) = allowed
    assert publish["Principal"] == SMS_VOICE and publish["Action"] == "sns:Publish"
    assert publish["Resource"] == {"Ref": topic_id}
    assert publish["Condition"]["StringEquals"] == THIS_ACCOUNT
    (tls_only,) = [s for s in statements if s["Effect"] == "Deny"]
    assert tls_only["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_receive_sms_reply_is_subscribed_to_the_topic_and_invocable_by_sns_for_that_topic_only(dev):
    from infra.functions_stack import logical_id

    template = dev.template("Functions")
    topic_id, _ = _only(template, "AWS::SNS::Topic", "inboundsmstopic")
    assert TOPIC_SUBSCRIBERS["receive_sms_reply"] == "inbound-sms"
    lid = logical_id("receive_sms_reply")
    assert lid in template.find_resources("AWS::Serverless::Function")
    (subscription,) = template.find_resources(
        "AWS::SNS::Subscription", {"Properties": {"TopicArn": {"Ref": topic_id}}}
    ).values()
    assert subscription["Properties"]["Protocol"] == "lambda"
    assert subscription["Properties"]["Endpoint"]["Fn::Sub"].endswith(f":function:contact-centre-dev-{lid}")
    invoking = template.find_resources(
        "AWS::Lambda::Permission", {"Properties": {"FunctionName": {"Fn::GetAtt": [lid, "Arn"]}}}
    )
    assert [permission["Properties"] for permission in invoking.values()] == [
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Fn::GetAtt": [lid, "Arn"]},
            "Principal": "sns.amazonaws.com",
            "SourceArn": {"Ref": topic_id},
        }
    ]


def test_an_inbound_sms_the_function_cannot_handle_is_kept_in_an_encrypted_queue_that_alarms(dev):
    """Logs mask phone numbers, so a lost STOP could not be replayed from them."""
    from infra.functions_stack import logical_id

    template = dev.template("Functions")
    lid = logical_id("receive_sms_reply")
    queue_id, queue = _only(template, "AWS::SQS::Queue", "receivesmsreplydlq")
    queue_arn = {"Fn::GetAtt": [queue_id, "Arn"]}
    assert queue["Properties"]["SqsManagedSseEnabled"] is True
    (subscription,) = template.find_resources(
        "AWS::SNS::Subscription", {"Properties": {"Protocol": "lambda"}}
    ).values()
    assert subscription["Properties"]["RedrivePolicy"] == {"deadLetterTargetArn": queue_arn}
    (on_failure,) = template.find_resources("AWS::Lambda::EventInvokeConfig").values()
    assert on_failure["Properties"]["FunctionName"] == {"Ref": lid}
    assert on_failure["Properties"]["DestinationConfig"] == {"OnFailure": {"Destination": queue_arn}}
    dimensions = [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue_id, "QueueName"]}}]
    (alarm,) = template.find_resources(
        "AWS::CloudWatch::Alarm", {"Properties": {"Dimensions": dimensions}}
    ).values()
    assert alarm["Properties"]["Threshold"] == 0
    assert alarm["Properties"]["ComparisonOperator"] == "GreaterThanThreshold"
    assert alarm["Properties"]["AlarmActions"][0]["Ref"].startswith("monitoringalarms")


def test_the_stack_outputs_the_topic_arn_to_attach_phone_numbers_to(dev, prod):
    for stage in (dev, prod):
        template = stage.template("Functions")
        topic_id, _ = _only(template, "AWS::SNS::Topic", "inboundsmstopic")
        template.has_output("InboundSmsTopicArn", {"Value": {"Ref": topic_id}})
