"""Erasing a customer's personal data from their tickets, on request (DESIGN rule 7).

Tickets stay (counts, SLAs and agents' workloads depend on them) but lose everything that
identifies or was said by the customer: the phone number, subject, description, rating comment
and the text of notes. The erasure itself is recorded in the history.
"""

from __future__ import annotations

from chalicelib import clock
from chalicelib.tables.tickets import HistoryEntry, TicketRecord
from chalicelib.tickets import store

ERASED = "[erased]"


def _erased_history(record: TicketRecord) -> list[HistoryEntry]:
    entries = []
    for item in record.history or []:
        detail = item.detail.as_dict()
        if "text" in detail:
            detail["text"] = ERASED
        entries.append(HistoryEntry(at=item.at, actor=item.actor, action=item.action, detail=detail))
    return entries


def erase_tickets_of(phone: str, *, actor: str) -> int:
    """Anonymise every ticket of ``phone``; returns how many were changed."""
    ticket_ids = [
        ticket.ticket_id for ticket in TicketRecord.by_phone.query(phone, attributes_to_get=["ticket_id"])
    ]
    for ticket_id in ticket_ids:

        def decide(record: TicketRecord) -> store.Change | None:
            if record.phone is None:
                return None  # erased already (a retried request)
            at = clock.utcnow()
            history = _erased_history(record)
            history.append(store.entry(actor, "personal_data_erased", {}, at))
            sets = {
                "phone": None,
                "open_phone": None,
                "subject": "",
                "description": "",
                "rating_comment": None,
                "history": history,
                "updated_at": at,
            }
            return store.Change(sets=sets)

        store.apply_change(ticket_id, decide)
    return len(ticket_ids)
