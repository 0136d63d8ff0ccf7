"""Satisfaction: a customer's rating of a resolved ticket, and the rating keyed in after a call."""

from __future__ import annotations

import contextlib
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.tables.contact_ratings import ContactRatingRecord
from chalicelib.tables.tickets import TicketRecord
from chalicelib.tickets import rules, store


def rate_ticket(
    ticket_id: str, body: dict[str, Any], *, actor: str, phone: str | None = None
) -> dict[str, Any]:
    """Rate a resolved or closed ticket once, 1-5 with an optional comment.

    ``phone`` (self-service) must be the ticket's own number; a mismatch looks like a missing
    ticket so ticket ids cannot be probed.
    """
    unknown = set(body) - {"rating", "comment", "phone"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    rating = rules.validated_rating(body.get("rating"))
    comment = rules.validated_text(body.get("comment"), "comment", 1000)

    def decide(record: TicketRecord) -> store.Change:
        if phone is not None and record.phone != phone:
            raise NotFound(f"no ticket {ticket_id}")
        if record.status not in rules.RATEABLE_STATUSES:
            raise Conflict(
                f"a ticket can be rated once it is resolved or closed; this one is {record.status}",
                code="not_rateable",
            )
        if record.rating is not None:
            raise Conflict("this ticket has already been rated", code="already_rated")
        at = store.now()
        return store.Change(
            sets={"rating": rating, "rating_comment": comment or None, "updated_at": at},
            history=[store.entry(actor, "rated", {"rating": rating}, at)],
        )

    return store.to_dict(store.apply_change(ticket_id, decide))


def record_contact_rating(contact_id: str, rating: int, ticket_id: str | None = None) -> bool:
    """Store the rating a caller keyed in at the end of ``contact_id``; True once it is stored.

    The first rating of a contact wins (a redelivered invocation changes nothing). With a ticket,
    the rating is also appended to that ticket's history, once.
    """
    record = ContactRatingRecord(contact_id, rating=rating, ticket_id=ticket_id, rated_at=store.now())
    try:
        record.save(condition=ContactRatingRecord.contact_id.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
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
