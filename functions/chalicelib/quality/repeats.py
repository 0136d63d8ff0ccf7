"""First-contact resolution: a handled contact counts as resolved unless the same customer comes
back within 7 days.

Each contact is written into its customer's history before the history is read, so of two
contacts processed at the same moment at least one sees the other; whichever order they arrive
in, the earlier one ends up marked ``repeated``. Marking is a fact, so doing it twice is harmless.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from chalicelib.quality import aggregates
from chalicelib.tables.quality import CustomerContactRecord

REPEAT_WINDOW_S = 7 * 24 * 3600


def customer_key(phone: str) -> str:
    """Who the customer is, without keeping their number in the quality tables."""
    return hashlib.sha256(f"customer:{phone}".encode()).hexdigest()[:32]


def _sort_key(at: float, contact_id: str) -> str:
    return f"{int(at * 1000):015d}#{contact_id}"


def link_contact(contact_id: str, phone: str, at: float) -> list[aggregates.Applied]:
    """Record that ``phone`` made contact ``contact_id`` at ``at``; mark repeats either way round."""
    key = customer_key(phone)
    applied = [aggregates.apply(contact_id, {"customer": key}, at=at)]
    CustomerContactRecord(
        key, _sort_key(at, contact_id), expires_at=timedelta(seconds=2 * REPEAT_WINDOW_S + 86400)
    ).save()
    nearby = CustomerContactRecord.query(
        key,
        CustomerContactRecord.at_contact.between(
            _sort_key(max(0.0, at - REPEAT_WINDOW_S), ""), _sort_key(at + REPEAT_WINDOW_S, "\uffff")
        ),
        consistent_read=True,
    )
    this = _sort_key(at, contact_id)
    came_back = False
    for other in nearby:
        if other.at_contact == this:
            continue
        other_at = int(other.at_contact.split("#", 1)[0]) / 1000
        other_id = other.at_contact.split("#", 1)[1]
        if other.at_contact < this:
            applied.append(aggregates.apply(other_id, {"repeated": True}, at=max(at, other_at)))
        else:
            came_back = True
    if came_back:
        applied.append(aggregates.apply(contact_id, {"repeated": True}, at=at))
    return applied
