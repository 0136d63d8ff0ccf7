"""The Lex V2 fulfilment code hook: the bot's recognised intent in, the reply and session out.

Lex calls it (``FulfillmentCodeHook``) for every intent of ``bots/assistant.json``. An article
intent answers with that article's short answer as it is now in the table (a supervisor's edit
shows at once); the fallback intent searches the knowledge base with what the customer said; the
handover intents hand over. The session attributes the flow branches on after the bot:

- ``handover``: ``"true"`` when a person must take over, else ``"false"``
- ``handoverReason``: ``asked_for_agent`` | ``complaint`` | ``emergency`` | ``no_answer`` | ``""``
- ``articleId``: the article answered with, or ``""``
- ``customerQuestion``: what the customer said (at most 500 characters), for the agent's screen

Event and response shapes: Lex V2 developer guide, "Lambda input event format" and "Lambda
response format".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.assistant.handover import HandoverReason
from chalicelib.assistant.intents import HANDOVER_INTENTS, article_of_intent
from chalicelib.assistant.replies import MAX_QUESTION, Answer, Handover, handover

if TYPE_CHECKING:
    from collections.abc import Callable

    from chalicelib.knowledge.model import Article


def language_of_locale(locale_id: str) -> str:
    """Lex's ``zh_CN`` is our ``zh-CN``."""
    return "zh-CN" if locale_id.lower().startswith("zh") else "en-US"


def reply_for(
    intent: str,
    question: str,
    language: str,
    *,
    answer: Callable[[str, str], Answer | Handover],
    published_article: Callable[[str, str], Article | None],
) -> Answer | Handover:
    """What to say for a recognised ``intent``: pure, given how to answer and find articles."""
    if intent in HANDOVER_INTENTS:
        return handover(HANDOVER_INTENTS[intent], language)
    article_id = article_of_intent(intent)
    if article_id is not None:
        article = published_article(article_id, language)
        if article is not None:
            return Answer(article.article_id, article.title, article.answer, 1.0)
    # The fallback intent, or an article withdrawn since the bot was built: search instead.
    return answer(question, language)


def lex_response(event: dict[str, Any], reply: Answer | Handover) -> dict[str, Any]:
    """Close the intent with the reply as a plain-text message and the flow's session attributes."""
    state = event.get("sessionState") or {}
    intent = dict(state.get("intent") or {})
    intent["state"] = "Fulfilled"
    question = str(event.get("inputTranscript") or "")[:MAX_QUESTION]
    attributes = {str(k): str(v) for k, v in (state.get("sessionAttributes") or {}).items()}
    if isinstance(reply, Handover):
        attributes.update(handover="true", handoverReason=reply.reason.value, articleId="")
    else:
        attributes.update(handover="false", handoverReason="", articleId=reply.article_id)
    attributes["customerQuestion"] = question
    return {
        "sessionState": {
            "sessionAttributes": attributes,
            "dialogAction": {"type": "Close"},
            "intent": intent,
        },
        "messages": [{"contentType": "PlainText", "content": reply.text}],
    }


def fulfil(
    event: dict[str, Any],
    *,
    answer: Callable[[str, str], Answer | Handover],
    published_article: Callable[[str, str], Article | None],
) -> dict[str, Any]:
    """The Lambda's whole job, with the knowledge base passed in (tests pass fakes)."""
    language = language_of_locale(str((event.get("bot") or {}).get("localeId") or ""))
    intent = str(((event.get("sessionState") or {}).get("intent") or {}).get("name") or "")
    question = str(event.get("inputTranscript") or "")
    try:
        reply = reply_for(intent, question, language, answer=answer, published_article=published_article)
    except Exception:  # the store is unreachable: a person answers rather than nobody
        from chalicelib.observability import get_logger

        get_logger().exception("the assistant could not answer; handing over")
        reply = handover(HandoverReason.NO_ANSWER, language)
    return lex_response(event, reply)
