"""Tickets: opened by staff, customers, the IVR and missed callbacks; every change kept in history.

The public surface; internals live in the submodules:
``rules`` (status machine, SLA; pure), ``store`` (versioned writes), ``assignment``,
``opening_plan`` (what opening a ticket writes; pure), ``lifecycle``, ``ratings``, ``queries``, ``erasure``.

Another capability opening a ticket (e.g. a missed callback)::

    from chalicelib.tickets import TicketRequest, open_ticket
    ticket = open_ticket(TicketRequest(phone="+12125550142", category="inquiry", channel="callback",
                                       actor="callbacks", description="missed callback",
                                       contact_id=contact_id))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from chalicelib.tickets.lifecycle import add_note, create_ticket, get_ticket, open_ticket, update_ticket
    from chalicelib.tickets.opening_plan import TicketRequest
    from chalicelib.tickets.queries import (
        list_tickets,
        open_tickets_of_phone,
        overdue_tickets,
        recent_tickets_of_phone,
    )
    from chalicelib.tickets.ratings import rate_ticket, record_contact_rating
    from chalicelib.tickets.rules import CATEGORIES, CHANNELS, OPEN_STATUSES, STATUSES, TRANSITIONS
    from chalicelib.tickets.store import summary_dict, to_dict

#: Public name -> the submodule that defines it, loaded on first use (``chalicelib.lazy_exports``) so
#: that a flow Lambda needing only the queries does not import the write paths at cold start.
_HOME = {
    **dict.fromkeys(("add_note", "create_ticket", "get_ticket", "open_ticket", "update_ticket"), "lifecycle"),
    **dict.fromkeys(
        ("list_tickets", "open_tickets_of_phone", "overdue_tickets", "recent_tickets_of_phone"), "queries"
    ),
    "TicketRequest": "opening_plan",
    **dict.fromkeys(("rate_ticket", "record_contact_rating"), "ratings"),
    **dict.fromkeys(("CATEGORIES", "CHANNELS", "OPEN_STATUSES", "STATUSES", "TRANSITIONS"), "rules"),
    **dict.fromkeys(("summary_dict", "to_dict"), "store"),
}

__getattr__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _HOME.items()})

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "OPEN_STATUSES",
    "STATUSES",
    "TRANSITIONS",
    "TicketRequest",
    "add_note",
    "create_ticket",
    "get_ticket",
    "list_tickets",
    "open_ticket",
    "open_tickets_of_phone",
    "overdue_tickets",
    "rate_ticket",
    "recent_tickets_of_phone",
    "record_contact_rating",
    "summary_dict",
    "to_dict",
    "update_ticket",
]
