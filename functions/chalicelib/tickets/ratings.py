"""Satisfaction: a customer's rating of a resolved ticket, and the rating keyed in after a call.

A ticket holds one rating, the first one given, whether through the API or as the answer to its
SMS survey; the KPIs count exactly that rating, once (pseudo-contact ``ticket#<id>``), for the
ticket's assignee and the queue of its category. A repeated request counts nothing twice; a
different rating later is refused (``already_rated``) and changes neither the ticket nor the KPIs.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from chalicelib import clock
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.tables import writes
from chalicelib.tables.contact_ratings import ContactRatingRecord
from chalicelib.tickets import rules, store

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.tables.tickets import TicketRecord

SUBJECT_PREFIX = "ticket#"  # a ticket's pseudo-contact in the quality KPIs
SMS_SURVEY = "sms_survey"  # how a rating came when it answered the survey (history detail "via")


def rate_ticket(
    ticket_id: str, body: dict[str, Any], *, actor: str, phone: str | None = None
) -> dict[str, Any]:
    """Rate a resolved or closed ticket once, 1-5 with an optional comment, and count it in the KPIs.

    ``phone`` (self-service) must be the ticket's own number; a mismatch looks like a missing
    ticket so ticket ids cannot be probed. Repeating the same request answers as the first did
    (and counts whatever a failed first attempt did not); a different rating is refused.
    """
    unknown = set(body) - {"rating", "comment", "phone"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    rating = rules.validated_rating(body.get("rating"))
    comment = rules.validated_text(body.get("comment"), "comment", 1000)

    def decide(record: TicketRecord) -> store.Change | None:
        if phone is not None and record.phone != phone:
            raise NotFound(f"no ticket {ticket_id}")
        if record.status not in rules.RATEABLE_STATUSES:
            raise Conflict(
                f"a ticket can be rated once it is resolved or closed; this one is {record.status}",
                code="not_rateable",
            )
        if record.rating is not None:
            return None  # rated already: a repeat, or refused below
        at = clock.utcnow()
        return store.Change(
            sets={"rating": rating, "rating_comment": comment or None, "updated_at": at},
            history=[store.entry(actor, "rated", {"rating": rating}, at)],
        )

    record = store.apply_change(ticket_id, decide)
    count_ticket_rating(record)
    if (int(record.rating), record.rating_comment or "") != (rating, comment):
        raise Conflict("this ticket has already been rated", code="already_rated")
    return store.to_dict(record)


def record_survey_rating(ticket_id: str, rating: int, *, at: datetime, phone: str | None) -> str | None:
    """The answer to a ticket's SMS survey: kept on the ticket unless it holds a rating already
    (the first rating wins, whichever way it came), then counted; the follow-up ticket's id when low.

    The survey may have been answered after the ticket was reopened: the answer is still about the
    service the customer had, so it is kept whatever the status.
    """

    def decide(record: TicketRecord) -> store.Change | None:
        if record.rating is not None:
            return None
        detail = {"rating": rating, "via": SMS_SURVEY}
        return store.Change(
            sets={"rating": rating, "updated_at": at},
            history=[store.entry("customer:sms", "rated", detail, at)],
        )

    try:
        record = store.apply_change(ticket_id, decide)
    except NotFound:  # not a ticket we know: the answer still counts for the centre as a whole
        from chalicelib.quality.ratings import record_rating

        return record_rating(f"{SUBJECT_PREFIX}{ticket_id}", rating, at.timestamp(), phone=phone, about="sms")
    return count_ticket_rating(record)


def count_ticket_rating(record: TicketRecord) -> str | None:
    """Count the ticket's stored rating in the satisfaction KPIs; safe to repeat.

    Always the stored rating at the moment it was given, so every caller (a retried request, the
    SMS answer after an API rating) makes the same update and the aggregates add it once.
    Returns the follow-up ticket's id when the rating is low (one per ticket, however often).
    """
    if record.rating is None:
        return None
    from chalicelib import telephony
    from chalicelib.quality.ratings import record_rating

    given = next((item for item in record.history or [] if item.action == "rated"), None)
    at = given.at if given is not None else record.updated_at
    via = given.detail.as_dict().get("via") if given is not None else None
    return record_rating(
        f"{SUBJECT_PREFIX}{record.ticket_id}",
        int(record.rating),
        at.timestamp(),
        phone=record.phone,
        agent=_kpi_agent(record.assignee),
        queue=telephony.queue_id(record.category),
        about="sms" if via == SMS_SURVEY else "web",
    )


def _kpi_agent(assignee: str | None) -> str | None:
    """Agents are known to contact events by their Connect user id; use it when the directory has it,
    so an agent's calls and tickets fall into one row."""
    if not assignee:
        return None
    from chalicelib.agents import connect_user_of

    return connect_user_of(assignee) or assignee


def record_contact_rating(contact_id: str, rating: int, ticket_id: str | None = None) -> bool:
    """Store the rating a caller keyed in at the end of ``contact_id``; True once it is stored.

    The first rating of a contact wins (a redelivered invocation changes nothing). With a ticket,
    the rating is also appended to that ticket's history, once.
    """
    record = ContactRatingRecord(contact_id, rating=rating, ticket_id=ticket_id, rated_at=clock.utcnow())
    if not writes.save_if(record, ContactRatingRecord.contact_id.does_not_exist()):
        record = ContactRatingRecord.get(contact_id, consistent_read=True)
    if record.ticket_id:
        _note_on_ticket(record.ticket_id, contact_id, int(record.rating))
    return True


def _note_on_ticket(ticket_id: str, contact_id: str, rating: int) -> None:
    def decide(ticket: TicketRecord) -> store.Change | None:
        already = any(
            item.action == "contact_rated" and item.detail.as_dict().get("contact_id") == contact_id
            for item in ticket.history or []
        )
        if already:
            return None
        detail = {"contact_id": contact_id, "rating": rating}
        return store.Change(history=[store.entry("ivr", "contact_rated", detail)])

    # The rating is kept against the contact even if the ticket id was wrong.
    with contextlib.suppress(NotFound):
        store.apply_change(ticket_id, decide)
