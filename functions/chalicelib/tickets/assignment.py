"""Who gets a new ticket: the owner of the caller's open ticket, else the least-loaded skilled agent.

Continuity wins over load: a caller who already has someone working their case gets that person
again (if they are still active), whatever the category. Otherwise the active agent whose skills
include the category and who holds the fewest open tickets; ties go to the lowest agent id so the
choice is repeatable.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.agents import agents_with_skill
from chalicelib.tables.agents import PROFILE, AgentRecord
from chalicelib.tables.tickets import TicketRecord


@dataclass(frozen=True)
class Assignment:
    agent_id: str
    reason: str  # "continuity" | "least_loaded"


def _active(agent_id: str) -> bool:
    try:
        return bool(AgentRecord.get(agent_id, PROFILE, consistent_read=True).active)
    except AgentRecord.DoesNotExist:
        return False


def continuity_owner(phone: str) -> str | None:
    """The active owner of the caller's most recent open ticket, if any."""
    for ticket in TicketRecord.open_by_phone.query(phone, scan_index_forward=False):
        if ticket.assignee and _active(ticket.assignee):
            return ticket.assignee
    return None


def least_loaded(category: str, excluding: frozenset[str] = frozenset()) -> str | None:
    candidates = [
        agent for agent in agents_with_skill(category) if agent.active and agent.agent_id not in excluding
    ]
    if not candidates:
        return None
    chosen = min(candidates, key=lambda agent: (int(agent.open_tickets or 0), agent.agent_id))
    return chosen.agent_id


def choose_assignee(
    phone: str | None, category: str, excluding: frozenset[str] = frozenset()
) -> Assignment | None:
    """The agent a new ticket should go to, and why; None when nobody can take it."""
    if phone:
        owner = continuity_owner(phone)
        if owner and owner not in excluding:
            return Assignment(owner, "continuity")
    agent_id = least_loaded(category, excluding)
    return Assignment(agent_id, "least_loaded") if agent_id else None
