"""Sending a ticket's reply by Amazon SES, once per key.

From the stage's support address, to the ticket's verified sender, with the ticket's reference
in the subject so the customer's answer threads back (``mail.intake``). Exactly once like an SMS
(``chalicelib.effects.send_once``): an intent before the send, ``done`` with SES's message id,
``not_done`` when the send surely failed; SES's refusals (``mail.ses.MailRejected``) are final.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.mail.message import subject_with_reference

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.effects import Sent
    from chalicelib.tables.tickets import TicketRecord


def send_reply(key: str, record: TicketRecord, text: str, now: datetime) -> Sent:
    """Send staff's reply on an email ticket once per ``key``."""
    from chalicelib import effects
    from chalicelib.mail import ses

    subject = subject_with_reference(record.subject, record.ticket_id)
    return effects.send_once(
        f"mail#{key}",
        "email",
        lambda: ses.send_email(str(record.email), subject, text),
        rejected=ses.MailRejected,
        now=now,
    )
