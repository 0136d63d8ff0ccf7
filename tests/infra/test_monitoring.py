"""Alarms reach a person when the stage names one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aws_cdk.assertions import Template


def _template(alarm_email: str | None) -> Template:
    from aws_cdk import App, Stack
    from aws_cdk.assertions import Template

    from infra.monitoring import Monitoring

    stack = Stack(App(), "Monitoring")
    Monitoring(stack, "monitoring", dashboard_name="contact-centre-test", alarm_email=alarm_email)
    return Template.from_stack(stack)


def test_the_alarm_email_is_subscribed_to_the_alarm_topic_when_set():
    _template("ops@example.com").has_resource_properties(
        "AWS::SNS::Subscription", {"Protocol": "email", "Endpoint": "ops@example.com"}
    )
    _template(None).resource_count_is("AWS::SNS::Subscription", 0)


def test_the_alarm_topic_refuses_plain_http():
    from aws_cdk.assertions import Match

    monitoring = _template(None)
    monitoring.resource_count_is("AWS::SNS::TopicPolicy", 1)
    refuses_plain_http = Match.object_like(
        {"Effect": "Deny", "Condition": Match.exact({"Bool": {"aws:SecureTransport": "false"}})}
    )
    monitoring.has_resource_properties(
        "AWS::SNS::TopicPolicy",
        {
            "Topics": [{"Ref": monitoring.get_resource_id("AWS::SNS::Topic")}],
            "PolicyDocument": {"Statement": [refuses_plain_http]},
        },
    )
