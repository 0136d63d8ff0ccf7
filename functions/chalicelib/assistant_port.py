"""What the written channels (SMS conversations) need from the assistant, and nothing more.

The assistant answers a customer's text from the knowledge base or hands it over to a person. The
channels depend on this small port, not on how the assistant searches, so either side can change:

    reply = ask("what are your opening hours", "en-US")
    if isinstance(reply, Answer): send(reply.text)
    else: open_a_ticket(category_of(reply))

``ask`` is the one place that names the assistant in use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """The assistant's answer, to send to the customer as is."""

    text: str
    article_id: str | None = None


@dataclass(frozen=True)
class Handover:
    """A person must take it: ``reason`` is ``no_answer``, ``asked_for_agent``, ``complaint`` or
    ``emergency``."""

    reason: str = "no_answer"


Assistant = Callable[[str, str], Answer | Handover]

#: Ticket category by handover reason; anything else is an inquiry.
_CATEGORY_OF_REASON = {"complaint": "complaint", "emergency": "emergency"}


def category_of(handover: Handover) -> str:
    """The ticket category a handover opens.

    >>> category_of(Handover("complaint")), category_of(Handover("no_answer"))
    ('complaint', 'inquiry')
    """
    return _CATEGORY_OF_REASON.get(handover.reason, "inquiry")


def hand_over_everything(text: str, language: str) -> Answer | Handover:
    """The assistant while no knowledge base is wired in: every question goes to a person."""
    return Handover("no_answer")


def knowledge_assistant(text: str, language: str) -> Answer | Handover:
    """The knowledge base's assistant (``chalicelib.assistant``): the published article's short
    answer, or a handover with its reason."""
    from chalicelib import assistant

    reply = assistant.answer(text, language)
    if isinstance(reply, assistant.Answer):
        return Answer(reply.text, article_id=reply.article_id)
    return Handover(reply.reason.value)


def ask(text: str, language: str) -> Answer | Handover:
    """Ask the stage's assistant about ``text`` in ``language`` (zh-CN or en-US)."""
    return knowledge_assistant(text, language)
