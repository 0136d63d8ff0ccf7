"""What the assistant says to a customer's question: an article's short answer, or a handover.

Pure: ``plan_reply`` takes the published articles and returns the decision; ``answer`` in the
package loads them. A question is handed over when the customer asks for a person, complains or
has an emergency (``handover``), or when no article matches strongly enough.

    plan_reply("发票怎么下载", "zh-CN", articles)
    # Answer(article_id="billing-invoice-copy", title="获取账单或发票", text="登录网站或App…", score=23.6)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.assistant.handover import HandoverReason, handover_reason
from chalicelib.knowledge.ranking import best_match

if TYPE_CHECKING:
    from collections.abc import Sequence

    from chalicelib.knowledge.model import Article

#: A match must reach both to be an answer. Chosen on a development set, never on the held-out
#: questions: each article's own sample questions with that one left out (it must still find its
#: article) and questions about things we have no article for (they must find nothing).
MIN_SCORE = 5.0
MIN_COVERAGE = 0.12
MAX_QUESTION = 500

#: What the customer is told on a handover: ``prompts/<language>/assistant_handover_<reason>.txt``.
HANDOVER_PROMPT = "assistant_handover_{reason}"


@dataclass(frozen=True)
class Answer:
    article_id: str
    title: str
    text: str  # the article's short answer, what the customer is told
    score: float


@dataclass(frozen=True)
class Handover:
    reason: HandoverReason
    text: str  # what the customer is told while a person is found


def handover(reason: HandoverReason, language: str) -> Handover:
    from chalicelib.prompts import sms_text

    return Handover(reason, sms_text(HANDOVER_PROMPT.format(reason=reason.value), language))


def plan_reply(text: str, language: str, articles: Sequence[Article]) -> Answer | Handover:
    """The reply to ``text`` from ``articles`` (published, in ``language``)."""
    question = text.strip()[:MAX_QUESTION]
    reason = handover_reason(question, language)
    if reason is not None:
        return handover(reason, language)
    match = best_match(question, articles, min_score=MIN_SCORE, min_coverage=MIN_COVERAGE)
    if match is None:
        return handover(HandoverReason.NO_ANSWER, language)
    article = match.article
    return Answer(article.article_id, article.title, article.answer, match.score)
