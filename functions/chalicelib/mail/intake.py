"""A mail SES received for the support address becomes a ticket, or a message on the ticket it
quotes.

The mail is threaded onto the ticket its subject names (``[#T-...]``) only when SES's verdicts
prove the sender (``message.sender_verified``) and the sender is the ticket's own address:
anyone can type a reference and a From line, and a forged one must not write into someone
else's ticket. Every other mail opens a ticket of its own (noted unverified when it is).

Exactly once under redelivery (SES invokes the Lambda asynchronously and Lambda retries): the
ticket a mail goes to is decided once, as an intent keyed by SES's message id; opening is
idempotent by that id, and the message is appended once (``tickets.conversation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.mail.message import ReceivedMail, parse_mail, sender_verified
from chalicelib.resources import MAIL_BUCKET

MAIL_BUCKET_ENV = MAIL_BUCKET.env_var

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.tables.tickets import TicketRecord

CHANNEL = "email"
#: Where SES's S3 action writes received mail (``<prefix><SES message id>``); CDK sets the same.
INBOUND_PREFIX = "inbound/"


@dataclass(frozen=True)
class MailOutcome:
    kind: str  # ticket_opened | ticket_updated | ignored
    ticket_id: str | None = None
    verified: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "ticketId": self.ticket_id, "verified": self.verified}


def plan_ticket(mail: ReceivedMail, verified: bool, referenced: TicketRecord | None) -> str | None:
    """The existing ticket this mail belongs on, or None to open one (pure).

    ``referenced`` is the ticket the subject names, if it exists.
    """
    if referenced is None or not verified or not mail.sender:
        return None
    if (referenced.email or "").lower() != mail.sender:
        return None
    return str(referenced.ticket_id)


def _referenced_ticket(mail: ReceivedMail) -> TicketRecord | None:
    from chalicelib.tables.tickets import TicketRecord

    if mail.reference is None:
        return None
    try:
        return TicketRecord.get(mail.reference, consistent_read=True)
    except TicketRecord.DoesNotExist:
        return None


def receive_mail(
    ses_message_id: str, raw: bytes, receipt: dict[str, Any], *, source: str, now: datetime
) -> MailOutcome:
    """File the received MIME message ``raw`` (SES's ``messageId``, ``receipt`` with the verdicts;
    ``source`` where it is stored, ``s3://bucket/key``)."""
    from chalicelib import effects
    from chalicelib.tickets.conversation import add_customer_message
    from chalicelib.tickets.lifecycle import open_ticket
    from chalicelib.tickets.opening_plan import TicketRequest, ticket_id_for

    mail = parse_mail(raw)
    verified = sender_verified(receipt)
    if not mail.sender and not mail.text:
        return MailOutcome("ignored", verified=verified)
    existing = plan_ticket(mail, verified, _referenced_ticket(mail))
    chosen = existing or ticket_id_for(f"{CHANNEL}:{ses_message_id}")
    intent = effects.begin(
        f"mail-ticket#{ses_message_id}", {"ticket_id": chosen, "opens": "no" if existing else "yes"}, now
    )
    effects.done(intent.key, intent.subject["ticket_id"], now)  # a decision, settled once written
    ticket_id, opens = intent.subject["ticket_id"], intent.subject["opens"] == "yes"
    if opens:
        open_ticket(
            TicketRequest(
                phone=None,
                email=mail.sender if verified else None,
                category="inquiry",
                channel=CHANNEL,
                actor="customer:email",
                subject=mail.subject,
                description=mail.text,
                origin=f"{CHANNEL}:{ses_message_id}",
            )
        )
    extra: dict[str, Any] = {
        "from": mail.sender,
        "subject": mail.subject,
        "verified": verified,
        "source": source,
        "attachments": [attachment.to_dict() for attachment in mail.attachments],
    }
    if mail.reference and not existing:
        extra["quoted_reference"] = mail.reference  # not threaded: unverified, or not its owner
    add_customer_message(ticket_id, message_id=ses_message_id, text=mail.text, via=CHANNEL, extra=extra)
    return MailOutcome("ticket_opened" if opens else "ticket_updated", ticket_id, verified)


def receive_ses_event(event: dict[str, Any], bucket: str, *, now: datetime) -> list[MailOutcome]:
    """SES receipt rule Lambda action event(s): each mail's stored copy is read from ``bucket``."""
    from chalicelib import objects

    outcomes = []
    for record in event.get("Records", []):
        ses = record.get("ses", {})
        message_id = str(ses.get("mail", {}).get("messageId") or "")
        if not message_id:
            continue
        key = f"{INBOUND_PREFIX}{message_id}"
        raw = objects.read(bucket, key)
        outcomes.append(
            receive_mail(message_id, raw, ses.get("receipt", {}), source=f"s3://{bucket}/{key}", now=now)
        )
    return outcomes
