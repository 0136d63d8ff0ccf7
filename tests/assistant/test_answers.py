"""The assistant's replies from the repository's published articles: answers and handovers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chalicelib.assistant import HandoverReason, language_of, plan_reply
from chalicelib.assistant.replies import Answer, Handover
from chalicelib.knowledge.files import repository_articles
from tests.assistant.held_set import HELD_FILE, SECOND_HELD_FILE, answer_rates, held_questions, is_right

if TYPE_CHECKING:
    from pathlib import Path

PUBLISHED = [a for a in repository_articles() if a.published]


def _reply(text: str, language: str) -> Answer | Handover:
    return plan_reply(text, language, [a for a in PUBLISHED if a.language == language])


@pytest.mark.parametrize("held_file", [HELD_FILE, SECOND_HELD_FILE], ids=["first", "second"])
def test_each_held_set_has_at_least_50_answerable_questions_per_language(held_file: Path) -> None:
    for language in ("en-US", "zh-CN"):
        answerable = [q for q in held_questions(held_file) if q.language == language and q.article]
        assert len(answerable) >= 50, language
        ids = {a.article_id for a in PUBLISHED if a.language == language}
        assert {q.article for q in answerable} <= ids


@pytest.mark.slow  # the whole held set
def test_most_held_questions_are_answered_with_the_right_article() -> None:
    # The floor under the measured shares (bench/assistant.py reports them): a change to the
    # search or the articles that loses answers fails here.
    rates = answer_rates()
    assert rates["zh-CN"] >= 0.85, rates
    assert rates["en-US"] >= 0.90, rates


@pytest.mark.slow  # the whole second held set
def test_most_questions_of_the_second_held_set_are_answered_with_the_right_article() -> None:
    # The blind figure: written before the en-US utterances were improved with the first set's
    # misses in view (tests/assistant/second_held_questions.yaml).
    rates = answer_rates(SECOND_HELD_FILE)
    assert rates["zh-CN"] >= 0.85, rates
    assert rates["en-US"] >= 0.90, rates


def test_every_held_handover_is_handed_over_for_its_reason() -> None:
    for question in held_questions():
        if question.handover:
            assert is_right(_reply(question.question, question.language), question), question


@pytest.mark.parametrize(
    ("text", "language", "reason"),
    [
        ("人工", "zh-CN", HandoverReason.ASKED_FOR_AGENT),
        ("0", "zh-CN", HandoverReason.ASKED_FOR_AGENT),
        ("agent", "en-US", HandoverReason.ASKED_FOR_AGENT),
        ("Agent!", "en-US", HandoverReason.ASKED_FOR_AGENT),
        ("I want an agent about my refund", "en-US", HandoverReason.ASKED_FOR_AGENT),
        ("我要投诉你们的退款速度", "zh-CN", HandoverReason.COMPLAINT),
        ("I'd like to make a complaint about my invoice", "en-US", HandoverReason.COMPLAINT),
        ("路由器冒烟了", "zh-CN", HandoverReason.EMERGENCY),
        ("there is smoke coming from the router", "en-US", HandoverReason.EMERGENCY),
        ("agent", "zh-CN", HandoverReason.ASKED_FOR_AGENT),  # the other language's word counts too
    ],
)
def test_a_customer_is_handed_over_when_they_ask_complain_or_are_in_danger(
    text: str, language: str, reason: HandoverReason
) -> None:
    reply = _reply(text, language)
    assert isinstance(reply, Handover) and reply.reason is reason
    assert reply.text


def test_an_answer_is_the_articles_short_answer() -> None:
    reply = _reply("发票在哪里下载", "zh-CN")
    assert isinstance(reply, Answer) and reply.article_id == "billing-invoice-copy"
    (article,) = [a for a in PUBLISHED if a.article_id == "billing-invoice-copy" and a.language == "zh-CN"]
    assert reply.text == article.answer


def test_a_question_we_have_no_article_for_is_handed_over_not_guessed() -> None:
    reply = _reply("how tall is mount everest", "en-US")
    assert isinstance(reply, Handover) and reply.reason is HandoverReason.NO_ANSWER
    assert "agent" in reply.text


def test_an_unpublished_draft_is_never_an_answer() -> None:
    reply = plan_reply(
        "how do loyalty points work",
        "en-US",
        [a for a in repository_articles() if a.language == "en-US" and a.published],
    )
    assert not (isinstance(reply, Answer) and reply.article_id == "draft-loyalty-points")


def test_languages_are_spelled_every_way_channels_spell_them() -> None:
    assert [language_of(v) for v in ("zh-CN", "zh_CN", "zh", "en-US", "en_US", None, "fr")] == [
        "zh-CN",
        "zh-CN",
        "zh-CN",
        "en-US",
        "en-US",
        "en-US",
        "en-US",
    ]
