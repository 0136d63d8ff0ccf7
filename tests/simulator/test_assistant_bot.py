"""The assistant in a contact flow: the bot matched from bots/assistant.json, fulfilled by the
real ``answer_customer`` Lambda over the seeded knowledge table (in-process moto)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from local.connect_simulator import ConnectSimulator, Party, Press
from local.connect_simulator.function_app import load_chalice_app
from local.connect_simulator.lex import ASSISTANT_BOT, LexBot
from tests.knowledge_support import seed_repository_knowledge
from tests.simulator.flow_support import action, call, equals, flow, on_error

if TYPE_CHECKING:
    from local.connect_simulator.contacts import Contact

ALIAS = "arn:aws:lex:us-east-1:123456789012:bot-alias/ASSISTANT/LIVEALIAS"

pytestmark = pytest.mark.usefixtures("aws")


def _flow() -> dict[str, Any]:
    """Ask, let the bot answer; a handover (the bot's session attribute) goes to an agent."""
    return flow(
        action(
            "bot",
            "ConnectParticipantWithLexBot",
            {"Text": "How can I help?", "LexV2Bot": {"AliasArn": ALIAS}},
            Errors=[
                on_error("NoMatchingCondition", "check"),
                on_error("InputTimeLimitExceeded", "bye"),
                on_error("NoMatchingError", "bye"),
            ],
        ),
        action(
            "check",
            "Compare",
            {"ComparisonValue": "$.Lex.SessionAttributes.handover"},
            Conditions=[equals("true", "agent")],
            Errors=[on_error("NoMatchingCondition", "bye")],
        ),
        action(
            "agent",
            "MessageParticipant",
            {"Text": "Agent, reason $.Lex.SessionAttributes.handoverReason."},
            NextAction="bye",
        ),
    )


def _talk(party: Party, language: str = "en-US") -> Contact:
    seed_repository_knowledge()
    app = load_chalice_app()
    sim = ConnectSimulator()
    sim.add_lex_bot(
        ALIAS, LexBot.from_file(ASSISTANT_BOT, lambda event: app.handler_map["answer_customer"](event, None))
    )
    return call(_flow(), party, sim=sim, language=language)


def test_the_bot_answers_a_question_from_the_article() -> None:
    contact = _talk(Party(says=("where is my parcel",)))
    assert contact.transcript.said()[-1].startswith("Open Orders in the app or on the website")
    assert contact.lex["SessionAttributes"]["articleId"] == "order-track"
    assert contact.lex["SessionAttributes"]["handover"] == "false"


def test_the_bot_answers_in_chinese_from_the_chinese_article() -> None:
    contact = _talk(Party(says=("我的发票在哪里下载",)), language="zh-CN")
    assert contact.transcript.said()[-1].startswith("登录网站或App")
    assert contact.lex["SessionAttributes"]["articleId"] == "billing-invoice-copy"


def test_a_question_outside_every_article_is_searched_then_handed_over() -> None:
    contact = _talk(Party(says=("how tall is mount everest",)))
    assert contact.lex["IntentName"] == "FallbackIntent"
    assert contact.transcript.said()[-1] == "Agent, reason no_answer."


@pytest.mark.parametrize(
    ("party", "language", "reason"),
    [
        (Party(says=("人工",)), "zh-CN", "asked_for_agent"),
        (Party(says=("agent",)), "en-US", "asked_for_agent"),
        (Party.answers(presses=[Press("0")]), "en-US", "asked_for_agent"),
        (Party(says=("I want to make a complaint",)), "en-US", "complaint"),
        (Party(says=("我要投诉",)), "zh-CN", "complaint"),
        (Party(says=("设备着火了",)), "zh-CN", "emergency"),
    ],
)
def test_the_bot_hands_over_on_request_complaint_and_emergency(
    party: Party, language: str, reason: str
) -> None:
    contact = _talk(party, language=language)
    said = contact.transcript.said()
    assert said[-1] == f"Agent, reason {reason}."
    assert contact.lex["SessionAttributes"]["customerQuestion"]  # what the agent's screen shows
    assert said[-2]  # the bot told the customer what is happening
