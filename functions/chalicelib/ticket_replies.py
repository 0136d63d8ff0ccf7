"""Staff replying to a ticket's customer on the channel the ticket came in on.

A ticket opened by email is answered by email (the reference in the subject threads the answer
to the ticket, ``chalicelib.mail``); any other ticket with a phone number by SMS. The reply is
written to the ticket's history first, then sent once per ``reply_id`` (``messaging.send_once``,
``mail.outbound.send_reply``), then its delivery is noted: a retried request with the same
``reply_id`` neither repeats the entry nor sends twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib import clock
from chalicelib.errors import Conflict, InvalidInput

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.tables.tickets import TicketRecord


@dataclass(frozen=True)
class ReplyOutcome:
    reply_id: str
    via: str  # sms | email
    status: str  # sent | rejected | unconfirmed

    def to_dict(self) -> dict[str, Any]:
        return {"replyId": self.reply_id, "via": self.via, "status": self.status}


def channel_for(record: TicketRecord) -> str:
    """How this ticket's customer is answered: ``email`` or ``sms``; refuses a ticket with neither."""
    if record.channel == "email" and record.email:
        return "email"
    if record.phone:
        return "sms"
    raise Conflict(
        f"ticket {record.ticket_id} has no phone number or email address to reply to", code="no_contact"
    )


def reply_to_customer(
    ticket_id: str, body: dict[str, Any], *, actor: str, now: datetime | None = None
) -> ReplyOutcome:
    """``{"text": ..., "replyId"?: ...}`` from staff: record it, send it once, note the delivery."""
    from chalicelib import messaging
    from chalicelib.prompts import sms_text
    from chalicelib.tickets import conversation, rules, store
    from chalicelib.tickets.surveys import customer_language

    text = rules.validated_text(body.get("text"), "text", 4000, required=True).strip()
    reply_id = str(body.get("replyId") or uuid.uuid4().hex)
    if not reply_id.replace("-", "").isalnum() or len(reply_id) > 64:
        raise InvalidInput("replyId must be up to 64 letters, digits and hyphens")
    now = now or clock.utcnow()
    record = store.load(ticket_id)
    via = channel_for(record)
    record = conversation.add_reply(ticket_id, reply_id=reply_id, text=text, via=via, actor=actor)
    key = f"ticket-reply#{ticket_id}#{reply_id}"
    if via == "email":
        from chalicelib.mail import outbound

        sent = outbound.send_reply(key, record, text, now)
        status, detail = sent.status, sent.detail
    else:
        phone = str(record.phone)
        message = sms_text("sms_ticket_reply", customer_language(phone), text=text, reference=ticket_id)
        sms = messaging.send_once(key, phone, message, now)
        status, detail = sms.status, sms.detail
    conversation.record_delivery(ticket_id, reply_id=reply_id, status=status, detail=detail)
    return ReplyOutcome(reply_id, via, status)
