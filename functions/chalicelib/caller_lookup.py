"""Who is calling: what the inbound flow needs to route the call and what the agent's screen shows.

Called mid-call by Amazon Connect, so it does few reads (profile, open ticket, recent tickets,
the owner's Connect user and whether they are signed in) and never needs ``phonenumbers``.

Continuity routing: a caller whose open ticket has an owner goes to that owner, unless the owner
is offline: then to the ticket category's queue (``fallback_category``). A busy owner is waited
for, at most the stage's ``owner_wait_s`` (the inbound flow's queue flow does that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.agents import connect_user_of
from chalicelib.customers import TIER_PRIORITY
from chalicelib.tables.customers import CustomerRecord
from chalicelib.telephony import OFFLINE, agent_presence
from chalicelib.tickets.queries import open_tickets_of_phone, recent_tickets_of_phone

if TYPE_CHECKING:
    from chalicelib.tables.tickets import TicketRecord

UNKNOWN_TIER = "normal"
SUMMARY_MAX = 250


@dataclass(frozen=True)
class CallerContext:
    known: bool
    tier: str
    priority: int  # Amazon Connect queue priority, 1 first
    language: str
    open_ticket_id: str
    owner_connect_user_id: str  # "" when nobody owns the ticket or the owner is offline
    summary: str
    open_ticket_category: str = ""
    fallback_category: str = ""  # the open ticket's category, when its owner cannot take the call


def language_for_unknown(phone: str) -> str:
    """An unknown caller from a +86 number is greeted in Chinese."""
    return "zh-CN" if phone.startswith("+86") else "en-US"


def summarise(tickets: list[TicketRecord]) -> str:
    """One line for the agent's screen: the latest tickets, newest first.

    >>> summarise([...])
    'Last 2: 2026-05-02 complaint by phone, in_progress; 2026-04-20 fault by web, closed, rated 4'
    """
    if not tickets:
        return "No previous tickets"
    parts = []
    for ticket in tickets:
        part = f"{ticket.created_at:%Y-%m-%d} {ticket.category} by {ticket.channel}, {ticket.status}"
        if ticket.rating is not None:
            part += f", rated {int(ticket.rating)}"
        parts.append(part)
    line = f"Last {len(tickets)}: " + "; ".join(parts)
    return line if len(line) <= SUMMARY_MAX else line[: SUMMARY_MAX - 1] + "…"


def lookup_caller(phone: str) -> CallerContext:
    try:
        profile: CustomerRecord | None = CustomerRecord.get(phone)
    except CustomerRecord.DoesNotExist:
        profile = None
    open_tickets = open_tickets_of_phone(phone)
    current = open_tickets[0] if open_tickets else None
    owner = connect_user_of(current.assignee) if current and current.assignee else ""
    fallback = ""
    if owner and agent_presence(owner) == OFFLINE:
        owner, fallback = "", str(current.category) if current else ""
    routing = {
        "owner_connect_user_id": owner,
        "open_ticket_category": str(current.category) if current else "",
        "fallback_category": fallback,
    }
    summary = summarise(recent_tickets_of_phone(phone, 3))
    if profile is None:
        return CallerContext(
            known=False,
            tier=UNKNOWN_TIER,
            priority=TIER_PRIORITY[UNKNOWN_TIER],
            language=language_for_unknown(phone),
            open_ticket_id=current.ticket_id if current else "",
            summary=summary,
            **routing,
        )
    tier = profile.tier if profile.tier in TIER_PRIORITY else UNKNOWN_TIER
    return CallerContext(
        known=True,
        tier=tier,
        priority=TIER_PRIORITY[tier],
        language=profile.language or "en-US",
        open_ticket_id=current.ticket_id if current else "",
        summary=summary,
        **routing,
    )
