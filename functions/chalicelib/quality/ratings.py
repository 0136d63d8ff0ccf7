"""Satisfaction ratings into the KPIs: the IVR key press after a call, the SMS reply "1"-"5"
after a callback or a closed ticket. A low score (1-2) opens a follow-up ticket for a supervisor.

The SMS survey asks for a reply, never for a click: a link could be "visited" by a mail or SMS
scanner and record a rating nobody gave. Each phone number has one open invitation (the latest);
its first answer counts, later ones are acknowledged and ignored.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.quality import aggregates
from chalicelib.quality.facts import RATING
from chalicelib.tables.quality import SurveyInvitationRecord

LOW_RATING = 2  # 1 and 2 ask a supervisor to follow up
ANSWER_WINDOW = timedelta(days=7)
SUPERVISOR_ENV = "SUPERVISOR_AGENT_ID"  # who follow-up tickets go to; auto-assigned when unset
_REPLY = re.compile(r"^\s*([1-5])\s*[.!]?\s*$")
SURVEY_PROMPT = "survey_sms_question"  # prompts/<language>/survey_sms_question.txt


@dataclass(frozen=True)
class SmsRatingResult:
    status: str  # recorded | not_a_rating | no_survey | expired | already_answered
    rating: int | None = None
    follow_up_ticket: str | None = None


def parse_reply(text: str) -> int | None:
    """The rating in an SMS reply ("4", " 5 ", "3."), or None when the reply is not one."""
    match = _REPLY.match(text or "")
    return int(match.group(1)) if match else None


def record_rating(
    subject_id: str,
    rating: int,
    at: float,
    *,
    phone: str | None,
    agent: str | None = None,
    queue: str | None = None,
    about: str = "contact",
) -> str | None:
    """Count ``rating`` for ``subject_id`` (a contact id, or a pseudo-contact such as ``ticket#..``);
    returns the follow-up ticket's id when the score is low.

    Safe to repeat: a subject's first rating (by ``at``) is the one counted (``facts.FIRST_VALUE``),
    so the same rating again adds nothing and a different later one replaces nothing; a pseudo-contact
    counts for ``agent`` and ``queue`` (the latest given), a contact for those its events name.
    """
    if not 1 <= rating <= 5:
        raise ValueError(f"a rating is 1-5, not {rating}")
    update: dict[str, object] = {"rating": rating}
    if subject_id.startswith("ticket#"):
        update.update({"kind": RATING, "agent": agent, "queue": queue})
    from chalicelib.quality import emf

    emf.publish(aggregates.apply(subject_id, update, at=at).delta)
    if rating > LOW_RATING:
        return None
    return open_follow_up(subject_id, rating, phone, about)


def open_follow_up(subject_id: str, rating: int, phone: str | None, about: str) -> str:
    """One supervisor ticket per low-rated subject, however often this runs."""
    from chalicelib.errors import Conflict
    from chalicelib.tickets import open_ticket

    options = {
        "phone": phone,
        "category": "complaint",
        "channel": about if about in ("sms", "web") else "phone",
        "actor": "quality",
        "subject": f"Follow up: customer rated {rating}/5",
        "description": f"Satisfaction {rating}/5 for {subject_id}. Call the customer back and record the outcome.",
        "priority": 2,
        "contact_id": f"low-rating:{subject_id}",
    }
    supervisor = os.environ.get(SUPERVISOR_ENV)
    if supervisor:
        try:
            return str(open_ticket(assignee=supervisor, **options).ticket_id)  # type: ignore[arg-type]
        except Conflict:
            pass  # the supervisor is not an active agent: let assignment choose
    return str(open_ticket(**options).ticket_id)  # type: ignore[arg-type]


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
    now = now or datetime.now(UTC)
    invitation = SurveyInvitationRecord(
        phone,
        subject=subject,
        contact_id=contact_id,
        ticket_id=ticket_id,
        sent_at=now,
        expires_at=2 * ANSWER_WINDOW,
    )
    try:
        invitation.save(
            condition=SurveyInvitationRecord.phone.does_not_exist()
            | (SurveyInvitationRecord.subject != subject)
        )
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False  # this survey was already sent
        raise
    try:
        messaging.send_sms(phone, prompts.sms_text(SURVEY_PROMPT, language))
    except messaging.SmsRejected:
        return False
    return True


def record_sms_rating(phone: str, text: str, *, now: datetime | None = None) -> SmsRatingResult:
    """An inbound SMS from ``phone``: if it answers the open survey, count it (once)."""
    rating = parse_reply(text)
    if rating is None:
        return SmsRatingResult("not_a_rating")
    now = now or datetime.now(UTC)
    try:
        invitation = SurveyInvitationRecord.get(phone, consistent_read=True)
    except SurveyInvitationRecord.DoesNotExist:
        return SmsRatingResult("no_survey", rating)
    if invitation.rating is not None:
        return SmsRatingResult("already_answered", int(invitation.rating))
    if now - invitation.sent_at > ANSWER_WINDOW:
        return SmsRatingResult("expired", rating)
    try:
        invitation.update(
            actions=[SurveyInvitationRecord.rating.set(rating), SurveyInvitationRecord.answered_at.set(now)],
            condition=SurveyInvitationRecord.rating.does_not_exist()
            & (SurveyInvitationRecord.subject == invitation.subject),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return SmsRatingResult("already_answered", rating)
        raise
    if invitation.contact_id:
        ticket = record_rating(invitation.contact_id, rating, now.timestamp(), phone=phone, about="sms")
    else:
        # A ticket's answer goes through the ticket, so the ticket and the KPIs hold one rating.
        from chalicelib.tickets.ratings import record_survey_rating

        ticket = record_survey_rating(str(invitation.ticket_id), rating, at=now, phone=phone)
    return SmsRatingResult("recorded", rating, ticket)
