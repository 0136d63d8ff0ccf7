"""Inbound SMS: a STOP / 退订 reply revokes consent on every channel at once; a digit may answer a
satisfaction survey; any other text is a conversation (``chalicelib.sms_conversations``).

The opt-out is the shared consent record (the ``optout`` screening list), kept with its proof:
when, through which channel, and what the person wrote. Voice campaigns, SMS fallbacks and
callbacks all read it before contacting the number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from chalicelib import clock
from chalicelib.phone import to_e164

if TYPE_CHECKING:
    from datetime import datetime

#: Carrier-standard English keywords and the Chinese ones (退订 = unsubscribe; TD is its short form).
OPT_OUT_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "TD", "退订", "退订短信"}
)
_PUNCTUATION = re.compile("[\\s.!,\u3002\uff01\uff0c]+")  # also full-width stop, exclamation, comma


def is_opt_out(text: str) -> bool:
    """True for a reply that is only an opt-out keyword (any case, punctuation ignored)."""
    return _PUNCTUATION.sub("", text or "").upper() in OPT_OUT_WORDS


def handle_inbound_sms(
    phone: str, text: str, *, message_id: str | None = None, now: datetime | None = None
) -> str:
    """What the reply did: ``opted_out``, the survey outcome (``recorded``, ``no_survey`` ...), or
    for free text with its inbound ``message_id`` the conversation's (``answered``,
    ``ticket_opened``, ``ticket_updated``). Free text without an id cannot be handled exactly once
    and stays ``not_a_rating``."""
    now = now or clock.utcnow()
    number = to_e164(phone)
    if is_opt_out(text):
        from chalicelib.screening.consent import record_opt_out

        record_opt_out(number, channel="sms_reply", said=f"SMS reply: {text.strip()[:100]}", now=now)
        return "opted_out"
    from chalicelib.quality.survey_answers import record_sms_rating

    status = record_sms_rating(number, text, now=now).status
    if status != "not_a_rating" or not message_id or not text.strip():
        return status
    from chalicelib.sms_conversations import handle_free_text

    return handle_free_text(number, text, message_id=message_id, now=now).kind
