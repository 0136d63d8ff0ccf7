"""What opening a ticket writes, and what follows a refused write: pure decisions.

``lifecycle.open_ticket`` chooses the agent (it reads the directory), asks ``plan_opening`` for the
ticket to store, writes it with the agent's open-ticket count in the same transaction and, when
DynamoDB refuses the write, asks ``after_refusal`` whether to return the ticket already opened by
the same contact or message, to refuse, or to choose another agent. Deciding here, from plain
facts, keeps every branch testable without moto:

>>> from datetime import UTC, datetime
>>> request = TicketRequest(phone=None, category="fault", channel="voicemail", actor="ivr", contact_id="c-1")
>>> plan = plan_opening(request, None, ticket_id=ticket_id_of(request), at=datetime(2026, 1, 5, 9, tzinfo=UTC))
>>> plan.ticket_id == ticket_id_for("contact:c-1"), plan.status, plan.assignee
(True, 'new', None)
>>> after_refusal(request, ticket_exists=True)
<NextStep.RETURN_EXISTING: 'return_existing'>
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from chalicelib.tickets import rules
from chalicelib.tickets.store import entry

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.tables.tickets import HistoryEntry
    from chalicelib.tickets.assignment import Assignment


@dataclass(frozen=True)
class TicketRequest:
    """Everything a caller says about the ticket it opens."""

    phone: str | None
    category: str
    channel: str
    actor: str
    subject: str = ""
    description: str = ""
    priority: int | None = None  # None: the category's default
    assignee: str | None = None  # None: assignment chooses
    #: The Amazon Connect contact (or another event: ``low-rating:<id>``) that opens it.
    contact_id: str | None = None
    recording_ref: str | None = None
    #: Agents assignment never picks (a low score's follow-up never goes to the rated agent).
    excluding: frozenset[str] = frozenset()
    origin: str | None = None  # the message that opens it: ``sms:<id>``, ``email:<id>``
    email: str | None = None

    @property
    def idempotency_key(self) -> str | None:
        """What makes a repeated request yield the same ticket: its contact or its message."""
        return f"contact:{self.contact_id}" if self.contact_id else self.origin


def new_ticket_id() -> str:
    return f"T-{uuid.uuid4().hex[:12]}"


def ticket_id_for(origin: str) -> str:
    """The one ticket id a message can open (``contact:<id>``, ``sms:<id>``, ``email:<id>``)."""
    return "T-" + hashlib.sha256(origin.encode()).hexdigest()[:12]


def ticket_id_of(request: TicketRequest) -> str:
    """The request's ticket id: derived from its contact or message, else random."""
    key = request.idempotency_key
    return ticket_id_for(key) if key else new_ticket_id()


@dataclass(frozen=True)
class OpeningPlan:
    """The ticket to store for one attempt at opening it."""

    ticket_id: str
    status: str  # "assigned" with an agent, else "new"
    assignee: str | None  # also the agent whose open-ticket count rises in the same write
    priority: int
    due_at: datetime
    at: datetime
    history: tuple[HistoryEntry, ...]

    @property
    def listing(self) -> dict[str, str | None]:
        """The ``open-in-list-order`` index keys the new ticket is stored with."""
        return rules.open_list_keys(self.status, self.due_at)


def plan_opening(
    request: TicketRequest, chosen: Assignment | None, *, ticket_id: str, at: datetime
) -> OpeningPlan:
    """The ticket ``request`` opens at ``at``, given to ``chosen`` (None: nobody could take it)."""
    priority = request.priority or rules.default_priority(request.category)
    history = [
        entry(request.actor, "created", {"channel": request.channel, "category": request.category}, at)
    ]
    if chosen:
        detail = {"to": chosen.agent_id, "reason": chosen.reason}
        history.append(
            entry(request.actor if request.assignee else "auto-assignment", "assigned", detail, at)
        )
    return OpeningPlan(
        ticket_id=ticket_id,
        status="assigned" if chosen else "new",
        assignee=chosen.agent_id if chosen else None,
        priority=priority,
        due_at=rules.sla_due(at, request.category, priority),
        at=at,
        history=tuple(history),
    )


class NextStep(Enum):
    RETURN_EXISTING = "return_existing"  # the same contact or message opened it: that ticket is the answer
    COLLISION = "collision"  # a random id met another ticket's: refuse, the caller tries again
    AGENT_UNAVAILABLE = "agent_unavailable"  # the requested agent is not active in the directory
    CHOOSE_AGAIN = "choose_again"  # the chosen agent was deactivated since: choose without them


def after_refusal(request: TicketRequest, *, ticket_exists: bool) -> NextStep:
    """What follows a refused write: ``ticket_exists`` when the ticket id was taken, else an agent's
    counter condition (active, present) failed."""
    if ticket_exists:
        return NextStep.RETURN_EXISTING if request.idempotency_key else NextStep.COLLISION
    if request.assignee:
        return NextStep.AGENT_UNAVAILABLE
    return NextStep.CHOOSE_AGAIN
