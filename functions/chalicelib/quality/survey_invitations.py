"""The SMS satisfaction survey: one open invitation per phone number, asking for a 1-5 reply.

The survey asks for a reply, never for a click: a link could be "visited" by a mail or SMS
scanner and record a rating nobody gave. Each phone number has one open invitation (the latest);
its first answer counts (``survey_answers``), later ones are acknowledged and ignored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import clock
from chalicelib.tables import writes
from chalicelib.tables.quality import SurveyInvitationRecord

ANSWER_WINDOW = timedelta(days=7)
SURVEY_PROMPT = "survey_sms_question"  # prompts/<language>/survey_sms_question.txt


def invite_sms_survey(
    phone: str,
    *,
    contact_id: str | None = None,
    ticket_id: str | None = None,
    language: str = "en-US",
    now: datetime | None = None,
) -> bool:
    """Ask ``phone`` for a 1-5 reply about a callback (``contact_id``) or a ticket; once per subject.

    Returns True when the SMS was sent by this call.
    """
    from chalicelib import messaging, prompts

    subject = f"contact#{contact_id}" if contact_id else f"ticket#{ticket_id}"
    if not (contact_id or ticket_id):
        raise ValueError("a survey is about a contact or a ticket")
    now = now or clock.utcnow()
    invitation = SurveyInvitationRecord(
        phone,
        subject=subject,
        contact_id=contact_id,
        ticket_id=ticket_id,
        sent_at=now,
        expires_at=2 * ANSWER_WINDOW,
    )
    if not writes.save_if(
        invitation,
        SurveyInvitationRecord.phone.does_not_exist() | (SurveyInvitationRecord.subject != subject),
    ):
        return False  # this survey was already sent
    try:
        messaging.send_sms(phone, prompts.sms_text(SURVEY_PROMPT, language))
    except messaging.SmsRejected:
        return False
    return True
