"""Sending a ticket's reply by Amazon SES, once per key.

From the stage's support address, to the ticket's verified sender, with the ticket's reference
in the subject so the customer's answer threads back (``mail.intake``). Exactly once like an SMS
(``chalicelib.effects``): an intent before the send, ``done`` with SES's message id, ``not_done``
when the send surely failed; SES's refusals (``mail.ses.MailRejected``) are final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from chalicelib.mail.message import subject_with_reference

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.tables.tickets import TicketRecord

SEND_LEASE = timedelta(minutes=2)
_REJECTED = "rejected:"


@dataclass(frozen=True)
class MailOnce:
    status: str  # sent | rejected | unconfirmed
    message_id: str | None = None
    detail: str = ""


class MailInFlight(Exception):
    """Another delivery claimed this mail moments ago: try again later."""


def send_reply(key: str, record: TicketRecord, text: str, now: datetime) -> MailOnce:
    """Send staff's reply on an email ticket once per ``key``."""
    from chalicelib import effects
    from chalicelib.mail import ses

    intent_key = f"mail#{key}"
    intent = effects.begin(intent_key, {"channel": "email"}, now)
    if not intent.fresh:
        recovery, result = effects.plan_recovery(intent, found=None, now=now, settle=SEND_LEASE)
        if recovery is effects.Recovery.ADOPT:
            if result and result.startswith(_REJECTED):
                return MailOnce("rejected", detail=result[len(_REJECTED) :])
            return MailOnce("sent", result)
        if recovery is effects.Recovery.WAIT:
            raise MailInFlight(f"{intent_key} is being sent by another delivery")
        if recovery is effects.Recovery.GIVE_UP:
            effects.gave_up(intent_key, now, "the sender died after claiming it; it may have been sent")
        return MailOnce("unconfirmed")
    subject = subject_with_reference(record.subject, record.ticket_id)
    try:
        message_id = ses.send_email(str(record.email), subject, text)
    except ses.MailRejected as rejected:
        effects.done(intent_key, f"{_REJECTED}{rejected}", now)
        return MailOnce("rejected", detail=str(rejected))
    except Exception as error:
        effects.not_done(intent_key, now, f"{type(error).__name__}: {error}")
        raise
    effects.done(intent_key, message_id, now)
    return MailOnce("sent", message_id)
