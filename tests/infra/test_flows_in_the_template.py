"""The flows reach the template through the functions stack's Connect hook, validated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from infra.flows import FLOW_LAMBDAS, FlowValidationError

if TYPE_CHECKING:
    from aws_cdk import Stack

    from infra.connect_integration import ConnectIntegration

CONTACT_FLOW = "AWS::Connect::ContactFlow"


def _integration(associated: tuple[str, ...]) -> tuple[Stack, ConnectIntegration, dict[str, str]]:
    from tests.infra.connect_fakes import connect_integration

    stack, integration, published = connect_integration()
    for name in associated:
        integration.associate_lambda(name, f"arn:aws:lambda:us-east-1:111122223333:function:cc-{name}")
    return stack, integration, published


def test_every_flow_is_deployed_and_the_starters_learn_the_outbound_and_callback_flow_ids() -> None:
    from aws_cdk.assertions import Match, Template

    stack, integration, published = _integration(FLOW_LAMBDAS)
    integration.install_flows()
    assert set(integration.flows) == {
        "post-call-survey",
        "owner-wait",
        "inbound-main",
        "inbound-chat",
        "outbound-reminder",
        "callback",
    }
    assert {"OUTBOUND_FLOW_ID", "CALLBACK_FLOW_ID"} <= set(published)
    flows = Template.from_stack(stack)
    survey = flows.get_resource_id(CONTACT_FLOW, {"Properties": {"Name": "post-call-survey"}})
    # The survey's ARN is a reference into the template, resolved by CloudFormation.
    survey_arn = {"Fn::GetAtt": [survey, "ContactFlowArn"]}
    flows.has_resource_properties(
        CONTACT_FLOW, {"Name": "inbound-main", "Content": {"Fn::Join": ["", Match.array_with([survey_arn])]}}
    )


def test_the_chat_flow_connects_customers_with_the_associated_assistant() -> None:
    from aws_cdk.assertions import Match, Template

    stack, integration, _ = _integration(FLOW_LAMBDAS)
    alias = "arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID12345/ALIASID123"
    integration.associate_lex_bot("assistant", alias)
    integration.install_flows()
    connects_to_the_assistant = Match.object_like(
        {
            "Type": "ConnectParticipantWithLexBot",
            "Parameters": Match.object_like({"LexV2Bot": {"AliasArn": alias}}),
        }
    )
    Template.from_stack(stack).has_resource_properties(
        CONTACT_FLOW,
        {
            "Name": "inbound-chat",
            "Content": Match.serialized_json(
                Match.object_like({"Actions": Match.array_with([connects_to_the_assistant])})
            ),
        },
    )


def test_a_flow_invoking_a_function_that_is_not_associated_fails_synth() -> None:
    _, integration, _ = _integration(tuple(name for name in FLOW_LAMBDAS if name != "record_rating"))
    with pytest.raises((FlowValidationError, KeyError)):
        integration.install_flows()
