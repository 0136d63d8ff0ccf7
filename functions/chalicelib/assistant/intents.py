"""The bot's intent names: one per article, one per handover reason, and Lex's fallback.

Lex intent names are ``^([0-9a-zA-Z][_-]?){1,100}$``; an article id (``billing-invoice-copy``)
becomes ``Article_billing_invoice_copy`` and back again.
"""

from __future__ import annotations

from chalicelib.assistant.handover import HANDOVER_PHRASES, HandoverReason

ARTICLE_PREFIX = "Article_"
FALLBACK_INTENT = "FallbackIntent"
HANDOVER_INTENTS: dict[str, HandoverReason] = {
    phrases.intent: reason for reason, phrases in HANDOVER_PHRASES.items()
}


def article_intent(article_id: str) -> str:
    return ARTICLE_PREFIX + article_id.replace("-", "_")


def article_of_intent(intent: str) -> str | None:
    """The article id an intent answers with, or None for any other intent."""
    if not intent.startswith(ARTICLE_PREFIX):
        return None
    return intent.removeprefix(ARTICLE_PREFIX).replace("_", "-")
