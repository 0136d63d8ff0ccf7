"""First-contact resolution: a handled contact counts as resolved unless the same customer comes
back within 7 days.

Each contact is written into its customer's history before its neighbours are read, so of two
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


def _parsed(at_contact: str) -> tuple[float, str]:
    millis, contact_id = at_contact.split("#", 1)
    return int(millis) / 1000, contact_id


def _neighbour(key: str, this: str, *, earlier: bool) -> CustomerContactRecord | None:
    condition = (
        CustomerContactRecord.at_contact < this if earlier else CustomerContactRecord.at_contact > this
    )
    found = CustomerContactRecord.query(
        key, condition, scan_index_forward=not earlier, limit=1, consistent_read=True
    )
    return next(iter(found), None)


def link_contact(contact_id: str, phone: str, at: float) -> list[aggregates.Applied]:
    """Record that ``phone`` made contact ``contact_id`` at ``at``; mark repeats either way round.

    Constant work however often the customer called: only the nearest earlier contact (marked
    repeated if within the window) and the nearest later one (this contact is repeated if it is
    within the window) are read. Every contact with a later one in its window still ends up
    marked: of it and its nearest successor, whichever is processed second sees the other.
    """
    key = customer_key(phone)
    applied = [aggregates.apply(contact_id, {"customer": key}, at=at)]
    this = _sort_key(at, contact_id)
    CustomerContactRecord(key, this, expires_at=timedelta(seconds=2 * REPEAT_WINDOW_S + 86400)).save()
    before = _neighbour(key, this, earlier=True)
    if before is not None:
        other_at, other_id = _parsed(before.at_contact)
        if other_at >= at - REPEAT_WINDOW_S:
            applied.append(aggregates.apply(other_id, {"repeated": True}, at=max(at, other_at)))
    after = _neighbour(key, this, earlier=False)
    if after is not None and _parsed(after.at_contact)[0] <= at + REPEAT_WINDOW_S:
        applied.append(aggregates.apply(contact_id, {"repeated": True}, at=at))
    return applied
