"""The assistant (关键词智能自助回复): answers from the published knowledge articles, or hands over.

Public surface, for every channel (chat, SMS, the bot's fulfilment)::

    answer("where is my parcel", "en-US") -> Answer(article_id, title, text, score) | Handover(reason, text)

A Handover's ``reason`` (``HandoverReason``) says why: the customer asked for a person, a
complaint, an emergency, or no article answers the question. The caller decides what a handover
means on its channel (queue a chat, open a ticket from an SMS).
"""

from __future__ import annotations

from chalicelib.assistant.handover import HandoverReason
from chalicelib.assistant.replies import Answer, Handover, handover, plan_reply


def language_of(value: str | None) -> str:
    """``zh-CN`` for any Chinese spelling (``zh``, ``zh_CN``, ``zh-cn``), else ``en-US``."""
    return "zh-CN" if (value or "").replace("_", "-").lower().startswith("zh") else "en-US"


def answer(text: str, language: str) -> Answer | Handover:
    """Reply to one customer message in ``language`` (Chinese or English; others get English)."""
    from chalicelib.knowledge import articles

    language = language_of(language)
    return plan_reply(text, language, articles(language, published_only=True))


__all__ = ["Answer", "Handover", "HandoverReason", "answer", "handover", "language_of", "plan_reply"]
