"""The assistant's fulfilment Lambda: Amazon Lex V2 calls it for every intent of the bot.

``answer_customer`` takes the Lex V2 event and returns the Lex V2 response
(``chalicelib.assistant.fulfilment``): the article's short answer, or a handover with the
session attributes the contact flow branches on (``handover``, ``handoverReason``). Chat and SMS
do not come through here: they call ``chalicelib.assistant.answer`` directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

if TYPE_CHECKING:
    from chalicelib.knowledge.model import Article

blueprint = Blueprint(__name__)


def _published_article(article_id: str, language: str) -> Article | None:
    from chalicelib.errors import NotFound
    from chalicelib.knowledge import get_article

    try:
        article = get_article(article_id, language)
    except NotFound:
        return None
    return article if article.published else None


@blueprint.lambda_function(name="answer_customer")
def answer_customer(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.assistant import answer
    from chalicelib.assistant.fulfilment import fulfil

    return fulfil(event, answer=answer, published_article=_published_article)
