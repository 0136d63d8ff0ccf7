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

# The public names, each from where it lives, loaded on first use (``chalicelib.lazy_exports``)
# so that a flow Lambda needing only the queries does not import the write paths at cold start.
if TYPE_CHECKING:
    from chalicelib.tickets.lifecycle import add_note as add_note
    from chalicelib.tickets.lifecycle import create_ticket as create_ticket
    from chalicelib.tickets.lifecycle import get_ticket as get_ticket
    from chalicelib.tickets.lifecycle import open_ticket as open_ticket
    from chalicelib.tickets.lifecycle import update_ticket as update_ticket
    from chalicelib.tickets.opening_plan import TicketRequest as TicketRequest
    from chalicelib.tickets.queries import list_tickets as list_tickets
    from chalicelib.tickets.queries import open_tickets_of_phone as open_tickets_of_phone
    from chalicelib.tickets.queries import overdue_tickets as overdue_tickets
    from chalicelib.tickets.queries import recent_tickets_of_phone as recent_tickets_of_phone
    from chalicelib.tickets.ratings import rate_ticket as rate_ticket
    from chalicelib.tickets.ratings import record_contact_rating as record_contact_rating
    from chalicelib.tickets.rules import CATEGORIES as CATEGORIES
    from chalicelib.tickets.rules import CHANNELS as CHANNELS
    from chalicelib.tickets.rules import OPEN_STATUSES as OPEN_STATUSES
    from chalicelib.tickets.rules import STATUSES as STATUSES
    from chalicelib.tickets.rules import TRANSITIONS as TRANSITIONS
    from chalicelib.tickets.store import summary_dict as summary_dict
    from chalicelib.tickets.store import to_dict as to_dict


__getattr__ = lazy_exports(__name__)
