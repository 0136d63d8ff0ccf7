"""Satisfaction ratings into the KPIs: the IVR key press after a call, the SMS reply "1"-"5"
after a callback or a closed ticket. A low score (1-2) opens a follow-up ticket for a supervisor.

The SMS survey itself lives beside this module: ``survey_invitations`` asks, ``survey_answers``
reads the reply (it sits above ``tickets.ratings``, which counts a ticket's rating here).
"""

from __future__ import annotations

import os

from chalicelib.quality import aggregates
from chalicelib.quality.facts import RATING

LOW_RATING = 2  # 1 and 2 ask a supervisor to follow up
SUPERVISOR_ENV = "SUPERVISOR_AGENT_ID"  # who follow-up tickets go to; auto-assigned when unset


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
