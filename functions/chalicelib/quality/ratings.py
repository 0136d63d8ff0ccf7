"""Satisfaction ratings into the KPIs: the IVR key press after a call, the SMS reply "1"-"5"
after a callback or a closed ticket. A low score (1-2) opens a follow-up ticket for the rated
agent's team supervisor (the agent directory, seeded from ``staff/<stage>.yaml``), never for the
rated agent.

The SMS survey itself lives beside this module: ``survey_invitations`` asks, ``survey_answers``
reads the reply (it sits above ``tickets.ratings``, which counts a ticket's rating here).
"""

from __future__ import annotations

from dataclasses import replace

from chalicelib.quality import aggregates
from chalicelib.quality.facts import RATING

LOW_RATING = 2  # 1 and 2 ask a supervisor to follow up
#: How a follow-up ticket's subject starts (the supervisors' alerts tell them apart by it).
FOLLOW_UP_SUBJECT = "Follow up: customer rated"


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

    applied = aggregates.apply(subject_id, update, at=at)
    emf.publish(applied.delta)
    if rating > LOW_RATING:
        return None
    rated = agent or applied.facts.get("agent")  # a contact's agent, as its events named them
    return open_follow_up(subject_id, rating, phone, about, rated_agent=str(rated) if rated else None)


def open_follow_up(
    subject_id: str, rating: int, phone: str | None, about: str, rated_agent: str | None = None
) -> str:
    """One follow-up ticket per low-rated subject, however often this runs: for the rated agent's
    team supervisor; without one (or when they cannot take it), for whoever assignment picks
    except the rated agent. ``rated_agent`` is a directory id or a Connect user id."""
    from chalicelib import agents
    from chalicelib.errors import Conflict
    from chalicelib.tickets import TicketRequest, open_ticket

    request = TicketRequest(
        phone=phone,
        category="complaint",
        channel=about if about in ("sms", "web") else "phone",
        actor="quality",
        subject=f"{FOLLOW_UP_SUBJECT} {rating}/5",
        description=f"Satisfaction {rating}/5 for {subject_id}. Call the customer back and record the outcome.",
        priority=2,
        contact_id=f"low-rating:{subject_id}",
    )
    supervisor = agents.supervisor_for(rated_agent) if rated_agent else None
    if supervisor:
        try:
            return str(open_ticket(replace(request, assignee=supervisor)).ticket_id)
        except Conflict:
            pass  # the supervisor is not an active agent: let assignment choose
    rated = agents.agent_of_connect_user(rated_agent) if rated_agent else None
    excluding = frozenset(filter(None, (rated_agent, rated.agent_id if rated else None)))
    return str(open_ticket(replace(request, excluding=excluding)).ticket_id)
