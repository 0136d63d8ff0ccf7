"""The conversation on a ticket: what the customer wrote (by SMS or email) and what staff replied.

Each message is one history entry carrying its id (``message_id`` for the customer's, ``reply_id``
for staff's), written in the ticket's versioned change only if no entry has that id yet: a
redelivered SMS or mail, or a retried reply request, never appears twice. Texts sit under
``text`` so that erasure (``tickets.erasure``) blanks them like notes.

A customer writing on a ticket that waits on them hands it back to its agent (``in_progress``).
"""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.tables.tickets import TicketRecord
from chalicelib.tickets import rules, store

CUSTOMER_MESSAGE = "customer_message"
REPLY = "reply"
REPLY_DELIVERY = "reply_delivery"


def _has_entry(record: TicketRecord, action: str, key: str, value: str) -> bool:
    return any(
        item.action == action and item.detail.as_dict().get(key) == value for item in record.history or []
    )


def add_customer_message(
    ticket_id: str, *, message_id: str, text: str, via: str, extra: dict[str, Any] | None = None
) -> TicketRecord:
    """Append what the customer wrote (once per ``message_id``); returns the ticket after it."""

    def decide(record: TicketRecord) -> store.Change | None:
        if _has_entry(record, CUSTOMER_MESSAGE, "message_id", message_id):
            return None
        at = clock.utcnow()
        detail = {"message_id": message_id, "via": via, "text": text[:4000], **(extra or {})}
        change = store.Change(
            sets={"updated_at": at}, history=[store.entry(f"customer:{via}", CUSTOMER_MESSAGE, detail, at)]
        )
        if record.status == "waiting_on_customer":
            change.sets["status"] = "in_progress"
            change.sets.update(rules.open_list_keys("in_progress", record.due_at))
            change.history.append(
                store.entry(
                    f"customer:{via}", "status_changed", {"from": record.status, "to": "in_progress"}, at
                )
            )
        return change

    return store.apply_change(ticket_id, decide)


def add_reply(ticket_id: str, *, reply_id: str, text: str, via: str, actor: str) -> TicketRecord:
    """Record staff's reply to the customer (once per ``reply_id``), before it is sent."""

    def decide(record: TicketRecord) -> store.Change | None:
        if _has_entry(record, REPLY, "reply_id", reply_id):
            return None
        at = clock.utcnow()
        detail = {"reply_id": reply_id, "via": via, "text": text}
        return store.Change(sets={"updated_at": at}, history=[store.entry(actor, REPLY, detail, at)])

    return store.apply_change(ticket_id, decide)


def record_delivery(ticket_id: str, *, reply_id: str, status: str, detail: str = "") -> TicketRecord:
    """Note what became of a reply (``sent``, ``rejected``, ``unconfirmed``), once per reply."""

    def decide(record: TicketRecord) -> store.Change | None:
        if _has_entry(record, REPLY_DELIVERY, "reply_id", reply_id):
            return None
        at = clock.utcnow()
        outcome = {"reply_id": reply_id, "status": status, **({"detail": detail} if detail else {})}
        return store.Change(history=[store.entry("delivery", REPLY_DELIVERY, outcome, at)])

    return store.apply_change(ticket_id, decide)


def open_ticket_on_channel(phone: str, channel: str) -> TicketRecord | None:
    """The customer's newest open ticket that came in on ``channel`` (e.g. their SMS conversation)."""
    for ticket in TicketRecord.open_by_phone.query(phone, scan_index_forward=False):
        if ticket.channel == channel:
            return ticket
    return None
