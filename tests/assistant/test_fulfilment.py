"""The Lex V2 fulfilment: an intent in, the reply and the flow's session attributes out."""

from __future__ import annotations

from typing import Any

from chalicelib.assistant.fulfilment import fulfil
from chalicelib.assistant.handover import HandoverReason
from chalicelib.assistant.replies import Answer, Handover, handover
from chalicelib.knowledge.model import Article

ARTICLE = Article(
    "order-track", "en-US", "order", "Track your order", answer="Open Orders in the app.", published=True
)


def _event(intent: str, transcript: str, locale: str = "en_US", **attributes: str) -> dict[str, Any]:
    return {
        "messageVersion": "1.0",
        "invocationSource": "FulfillmentCodeHook",
        "inputMode": "Text",
        "inputTranscript": transcript,
        "bot": {"id": "B", "name": "assistant", "localeId": locale, "version": "1"},
        "sessionState": {
            "sessionAttributes": attributes,
            "intent": {
                "name": intent,
                "slots": {},
                "state": "ReadyForFulfillment",
                "confirmationState": "None",
            },
        },
    }


def _never(text: str, language: str) -> Answer | Handover:
    raise AssertionError("the search should not run")


def _published(article_id: str, language: str) -> Article | None:
    return ARTICLE if (article_id, language) == ("order-track", "en-US") else None


def test_an_article_intent_is_answered_with_the_articles_current_answer() -> None:
    response = fulfil(
        _event("Article_order_track", "where is my parcel", contactId="c1"),
        answer=_never,
        published_article=_published,
    )
    assert response["messages"] == [{"contentType": "PlainText", "content": "Open Orders in the app."}]
    state = response["sessionState"]
    assert state["dialogAction"] == {"type": "Close"}
    assert state["intent"]["name"] == "Article_order_track" and state["intent"]["state"] == "Fulfilled"
    assert state["sessionAttributes"] == {
        "contactId": "c1",
        "handover": "false",
        "handoverReason": "",
        "articleId": "order-track",
        "customerQuestion": "where is my parcel",
    }


def test_the_fallback_intent_searches_with_what_the_customer_said() -> None:
    asked: list[tuple[str, str]] = []

    def search(text: str, language: str) -> Answer | Handover:
        asked.append((text, language))
        return handover(HandoverReason.NO_ANSWER, language)

    response = fulfil(
        _event("FallbackIntent", "天气怎么样", locale="zh_CN"), answer=search, published_article=_published
    )
    assert asked == [("天气怎么样", "zh-CN")]
    attributes = response["sessionState"]["sessionAttributes"]
    assert attributes["handover"] == "true" and attributes["handoverReason"] == "no_answer"
    assert "人工" in response["messages"][0]["content"]


def test_a_withdrawn_article_falls_back_to_the_search() -> None:
    found = Answer("order-return", "Return an item", "Start the return under Orders.", 9.0)
    response = fulfil(
        _event("Article_order_gone", "send it back"),
        answer=lambda text, language: found,
        published_article=_published,
    )
    assert response["sessionState"]["sessionAttributes"]["articleId"] == "order-return"


def test_handover_intents_hand_over_with_their_reason() -> None:
    for intent, reason in (
        ("TransferToAgent", "asked_for_agent"),
        ("Complaint", "complaint"),
        ("Emergency", "emergency"),
    ):
        response = fulfil(_event(intent, "x"), answer=_never, published_article=_published)
        attributes = response["sessionState"]["sessionAttributes"]
        assert (attributes["handover"], attributes["handoverReason"]) == ("true", reason)


def test_a_broken_knowledge_base_hands_over_instead_of_failing_the_contact() -> None:
    def broken(article_id: str, language: str) -> Article | None:
        raise ConnectionError("DynamoDB unreachable")

    response = fulfil(_event("Article_order_track", "where is it"), answer=_never, published_article=broken)
    assert response["sessionState"]["sessionAttributes"]["handoverReason"] == "no_answer"
