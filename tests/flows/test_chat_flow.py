"""The web chat flow as the Flow-language documentation and the project's rules see it."""

from __future__ import annotations

from dataclasses import replace

from infra.flows import build_flows, validate_flow
from infra.flows.chat import HANDOVER_INTENTS, MENU, build_chat_flow
from tests.flows.test_validator import LAMBDAS, RESOURCES

ALIAS = "arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID1234/ALIASID12"


def test_the_chat_flow_with_the_assistant_keeps_every_rule() -> None:
    flow = build_chat_flow(replace(RESOURCES, assistant_bot_alias_arn=ALIAS))
    assert validate_flow(flow, associated_lambda_arns=LAMBDAS.values()) == []
    bots = [action for action in flow.content["Actions"] if action["Type"] == "ConnectParticipantWithLexBot"]
    assert bots and {bot["Parameters"]["LexV2Bot"]["AliasArn"] for bot in bots} == {ALIAS}
    for bot in bots:
        handled = {error["ErrorType"] for error in bot["Transitions"]["Errors"]}
        assert handled == {"InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError"}
        assert {c["Condition"]["Operands"][0] for c in bot["Transitions"]["Conditions"]} == set(
            HANDOVER_INTENTS
        )
        # Written, not spoken: a chat takes Text, never SSML or a recorded prompt.
        assert "Text" in bot["Parameters"] and "SSML" not in bot["Parameters"]


def test_without_a_bot_the_chat_flow_goes_to_the_menu_and_still_keeps_every_rule() -> None:
    flow = build_flows(RESOURCES, associated_lambda_arns=LAMBDAS.values())["inbound-chat"]
    assert not [a for a in flow.content["Actions"] if a["Type"] == "ConnectParticipantWithLexBot"]
    menus = [a for a in flow.content["Actions"] if a["Type"] == "GetParticipantInput"]
    assert menus and {c["Condition"]["Operands"][0] for c in menus[0]["Transitions"]["Conditions"]} == set(
        MENU
    )


def test_the_chat_flow_writes_in_the_chat_wording_of_each_language() -> None:
    flow = build_chat_flow(replace(RESOURCES, assistant_bot_alias_arn=ALIAS))
    texts = {a["Identifier"]: a["Parameters"].get("Text", "") for a in flow.content["Actions"]}
    assert texts["welcome-zh-CN"].startswith("您好")
    assert texts["welcome-en-US"].startswith("Hello, this is the customer service chat")
    assert not any(a["Type"] == "UpdateContactRecordingBehavior" for a in flow.content["Actions"])
