"""A free-text SMS from a customer: the assistant answers it, or a person takes it on a ticket.

Answered: the answer goes back by SMS. Handed over: the text lands on the number's open SMS ticket
(or a new one) and the customer is texted the ticket's reference; staff reply on the ticket and
the reply goes back by SMS (``chalicelib.ticket_replies``).

Exactly once under redelivery (SNS and Lambda retry; DESIGN rule 4): the choice of ticket is
recorded as an intent keyed by the inbound message id before anything is written, so a
redelivery lands on the same ticket even if another one was opened meanwhile; the ticket write is
idempotent by message id (``tickets.conversation``), and every SMS goes through
``messaging.send_once`` keyed by the message id.

    handle_free_text("+12125550142", "my router keeps rebooting", message_id="m-1", now=now)
    # -> ConversationOutcome(kind="ticket_opened", ticket_id="T-...", sms="sent")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.assistant_port import Answer, Assistant, Handover, category_of

if TYPE_CHECKING:
    from datetime import datetime

CHANNEL = "sms"
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class ConversationOutcome:
    kind: str  # answered | ticket_opened | ticket_updated
    sms: str  # what became of the SMS back: sent | rejected | unconfirmed
    ticket_id: str | None = None


def language_of(text: str, profile_language: str) -> str:
    """The language to answer in: Chinese text is answered in Chinese, anything else in the
    language of the customer's profile.

    >>> language_of("宽带坏了", "en-US"), language_of("my bill", "zh-CN"), language_of("my bill", "en-US")
    ('zh-CN', 'zh-CN', 'en-US')
    """
    return "zh-CN" if _HAN.search(text) else profile_language


def _choose_ticket(phone: str, message_id: str, now: datetime) -> tuple[str, bool]:
    """(ticket id, whether this message opens it), decided once per message (an intent)."""
    from chalicelib import effects
    from chalicelib.tickets.conversation import open_ticket_on_channel
    from chalicelib.tickets.opening_plan import ticket_id_for

    existing = open_ticket_on_channel(phone, CHANNEL)
    chosen = existing.ticket_id if existing else ticket_id_for(f"{CHANNEL}:{message_id}")
    intent = effects.begin(
        f"sms-ticket#{message_id}", {"ticket_id": chosen, "opens": "no" if existing else "yes"}, now
    )
    effects.done(intent.key, intent.subject["ticket_id"], now)  # a decision, settled once written
    return intent.subject["ticket_id"], intent.subject["opens"] == "yes"


def _to_ticket(
    phone: str, text: str, handover: Handover, *, message_id: str, language: str, now: datetime
) -> ConversationOutcome:
    from chalicelib import messaging
    from chalicelib.prompts import sms_text
    from chalicelib.tickets.conversation import add_customer_message
    from chalicelib.tickets.lifecycle import open_ticket
    from chalicelib.tickets.opening_plan import TicketRequest

    ticket_id, opens = _choose_ticket(phone, message_id, now)
    if opens:
        open_ticket(
            TicketRequest(
                phone=phone,
                category=category_of(handover),
                channel=CHANNEL,
                actor="customer:sms",
                subject=text[:200],
                origin=f"{CHANNEL}:{message_id}",
            )
        )
    add_customer_message(
        ticket_id, message_id=message_id, text=text, via=CHANNEL, extra={"handover": handover.reason}
    )
    if opens:
        body = sms_text("sms_ticket_opened", language, reference=ticket_id)
    else:
        body = sms_text("sms_ticket_updated", language, reference=ticket_id)
    sent = messaging.send_once(f"sms-conversation#{message_id}", phone, body, now)
    return ConversationOutcome("ticket_opened" if opens else "ticket_updated", sent.status, ticket_id)


def handle_free_text(
    phone: str, text: str, *, message_id: str, now: datetime, assistant: Assistant | None = None
) -> ConversationOutcome:
    """Answer ``text`` from ``phone`` (E.164) or hand it to a person; see the module docstring."""
    from chalicelib import assistant_port, messaging
    from chalicelib.prompts import sms_text
    from chalicelib.tickets.surveys import customer_language

    language = language_of(text, customer_language(phone))
    reply = (assistant or assistant_port.ask)(text.strip(), language)
    if isinstance(reply, Answer):
        body = f"{reply.text}\n{sms_text('sms_assistant_footer', language)}"
        sent = messaging.send_once(f"sms-conversation#{message_id}", phone, body, now)
        return ConversationOutcome("answered", sent.status)
    return _to_ticket(phone, text.strip(), reply, message_id=message_id, language=language, now=now)
