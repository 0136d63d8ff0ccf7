"""Reading tickets and applying changes so that no history entry or load count is ever lost.

Every change is read-decide-write under the ticket's ``version`` (optimistic locking): a writer
that lost the race re-reads and decides again, so its history entry lands after the winner's and
a transition that is no longer allowed is refused rather than applied twice. A change that moves
an agent's open-ticket count writes the ticket and the counters in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError, UpdateError

from chalicelib import clock
from chalicelib.errors import Conflict, NotFound
from chalicelib.tables import writes
from chalicelib.tables.agents import PROFILE, AgentRecord
from chalicelib.tables.tickets import HistoryEntry, TicketRecord
from chalicelib.tickets.rules import OPEN_STATUSES

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from pynamodb.expressions.update import Action
    from pynamodb.transactions import TransactWrite

MAX_ATTEMPTS = 25


@dataclass
class Change:
    """What one decision does to a ticket: attributes to set (None removes) and entries to append."""

    sets: dict[str, Any] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    #: Agents that must be active for this change (newly given the ticket).
    requires_active: set[str] = field(default_factory=set)


def entry(
    actor: str, action: str, detail: dict[str, Any] | None = None, at: datetime | None = None
) -> HistoryEntry:
    return HistoryEntry(at=at or clock.utcnow(), actor=actor, action=action, detail=detail or {})


def load(ticket_id: str) -> TicketRecord:
    try:
        return TicketRecord.get(ticket_id, consistent_read=True)
    except TicketRecord.DoesNotExist:
        raise NotFound(f"no ticket {ticket_id}") from None


def owner_load(status: str, assignee: str | None) -> str | None:
    """The agent whose open-ticket count includes a ticket in this state, if any."""
    return assignee if assignee and status in OPEN_STATUSES else None


def load_deltas(before: str | None, after: str | None) -> dict[str, int]:
    deltas: dict[str, int] = {}
    if before:
        deltas[before] = deltas.get(before, 0) - 1
    if after:
        deltas[after] = deltas.get(after, 0) + 1
    return {agent: delta for agent, delta in deltas.items() if delta}


def add_counter_updates(
    transaction: TransactWrite, deltas: dict[str, int], requires_active: set[str]
) -> None:
    for agent_id, delta in sorted(deltas.items()):
        condition = AgentRecord.agent_id.exists()
        if delta > 0 and agent_id in requires_active:
            condition &= AgentRecord.active == True  # noqa: E712 (a PynamoDB condition, not a test)
        transaction.update(
            AgentRecord(agent_id, PROFILE),
            actions=[AgentRecord.open_tickets.add(delta)],
            condition=condition,
        )


def transaction() -> TransactWrite:
    """A write transaction on the tickets table's connection (it spans the agents table too)."""
    return writes.transaction(TicketRecord)


def _actions(change: Change) -> list[Action]:
    attributes = TicketRecord.get_attributes()
    actions: list[Action] = []
    for name, value in change.sets.items():
        attribute = attributes[name]
        actions.append(attribute.remove() if value is None else attribute.set(value))
    if change.history:
        actions.append(TicketRecord.history.set(TicketRecord.history.append(change.history)))
    return actions


def _refused_agents(error: TransactWriteError, agents: list[str]) -> list[str]:
    """Agents whose counter condition failed (the ticket's own update is item 0)."""
    refused = writes.refused_items(error)
    return [agent for index, agent in enumerate(agents, start=1) if index in refused]


def apply_change(ticket_id: str, decide: Callable[[TicketRecord], Change | None]) -> TicketRecord:
    """Re-read, decide and write until the write lands on the version it was decided on.

    ``decide`` sees the current ticket and returns the change (or None for nothing to do); it
    raises a domain error to refuse. Returns the ticket as stored after the change.
    """
    for _ in range(MAX_ATTEMPTS):
        record = load(ticket_id)
        before = owner_load(record.status, record.assignee)
        change = decide(record)
        if change is None:
            return record
        status = change.sets.get("status", record.status)
        assignee = change.sets.get("assignee", record.assignee)
        deltas = load_deltas(before, owner_load(status, assignee))
        actions = _actions(change)
        try:
            if deltas:
                with transaction() as pending:
                    pending.update(record, actions=actions)
                    add_counter_updates(pending, deltas, change.requires_active)
            else:
                record.update(actions=actions)
        except TransactWriteError as error:
            if writes.item_refused(error, 0):
                continue
            refused = _refused_agents(error, sorted(deltas))
            raise Conflict(
                f"agent {', '.join(refused) or '?'} is not an active agent in the directory",
                code="agent_unavailable",
            ) from None
        except UpdateError as error:
            if writes.condition_failed(error):
                continue
            raise
        return load(ticket_id)
    raise Conflict(f"ticket {ticket_id} is changing too fast; try again", code="busy")


def history_dicts(record: TicketRecord) -> list[dict[str, Any]]:
    return [
        {
            "at": item.at.isoformat(),
            "actor": item.actor,
            "action": item.action,
            "detail": item.detail.as_dict(),
        }
        for item in record.history or []
    ]


def summary_dict(record: TicketRecord) -> dict[str, Any]:
    """The fields a list shows (all projected into every index)."""
    return {
        "id": record.ticket_id,
        "phone": record.phone,
        "channel": record.channel,
        "category": record.category,
        "priority": int(record.priority),
        "status": record.status,
        "subject": record.subject,
        "assignee": record.assignee,
        "created_at": record.created_at.isoformat(),
        "due_at": record.due_at.isoformat(),
        "rating": int(record.rating) if record.rating is not None else None,
    }


def to_dict(record: TicketRecord) -> dict[str, Any]:
    return {
        **summary_dict(record),
        "email": record.email,
        "description": record.description,
        "updated_at": record.updated_at.isoformat(),
        "rating_comment": record.rating_comment,
        "contact_id": record.contact_id,
        "recording_ref": record.recording_ref,
        "history": history_dicts(record),
    }
