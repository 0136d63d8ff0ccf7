"""An SMS reply to the satisfaction survey: counted once, through the ticket when it is about one.

Above both ``quality.ratings`` and ``tickets.ratings`` in the import graph: a ticket's answer
goes through the ticket (so the ticket and the KPIs hold one rating), a contact's straight to the
KPIs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib import clock
from chalicelib.quality import ratings
from chalicelib.quality.survey_invitations import ANSWER_WINDOW
from chalicelib.tables import writes
from chalicelib.tables.quality import SurveyInvitationRecord
from chalicelib.tickets.ratings import record_survey_rating

if TYPE_CHECKING:
    from datetime import datetime

_REPLY = re.compile(r"^\s*([1-5])\s*[.!]?\s*$")


@dataclass(frozen=True)
class SmsRatingResult:
    status: str  # recorded | not_a_rating | no_survey | expired | already_answered
    rating: int | None = None
    follow_up_ticket: str | None = None


def parse_reply(text: str) -> int | None:
    """The rating in an SMS reply ("4", " 5 ", "3."), or None when the reply is not one."""
    match = _REPLY.match(text or "")
    return int(match.group(1)) if match else None


def record_sms_rating(phone: str, text: str, *, now: datetime | None = None) -> SmsRatingResult:
    """An inbound SMS from ``phone``: if it answers the open survey, count it (once)."""
    rating = parse_reply(text)
    if rating is None:
        return SmsRatingResult("not_a_rating")
    now = now or clock.utcnow()
    try:
        invitation = SurveyInvitationRecord.get(phone, consistent_read=True)
    except SurveyInvitationRecord.DoesNotExist:
        return SmsRatingResult("no_survey", rating)
    if invitation.rating is not None:
        return SmsRatingResult("already_answered", int(invitation.rating))
    if now - invitation.sent_at > ANSWER_WINDOW:
        return SmsRatingResult("expired", rating)
    if not writes.update_if(
        invitation,
        [SurveyInvitationRecord.rating.set(rating), SurveyInvitationRecord.answered_at.set(now)],
        SurveyInvitationRecord.rating.does_not_exist()
        & (SurveyInvitationRecord.subject == invitation.subject),
    ):
        return SmsRatingResult("already_answered", rating)
    if invitation.contact_id:
        ticket = ratings.record_rating(
            invitation.contact_id, rating, now.timestamp(), phone=phone, about="sms"
        )
    else:
        # A ticket's answer goes through the ticket, so the ticket and the KPIs hold one rating.
        ticket = record_survey_rating(str(invitation.ticket_id), rating, at=now, phone=phone)
    return SmsRatingResult("recorded", rating, ticket)
