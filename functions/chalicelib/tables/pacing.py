"""Dialling capacity shared by every dialler invocation: counters, leases and per-second tallies.

Items live under a ``scope`` (``instance`` or ``campaign#<id>``): ``counter`` holds the number
of calls in progress, ``lease#<contact key>`` one per call in progress (so a duplicated release
is a no-op and a lost one expires), ``second#<epoch>`` the calls started in that second. Under
the scopes ``parked~<shard>`` (spread over a few partitions, ``chalicelib.waiting_room``) wait the
dialler messages that found every line taken, until a call ends; ``waiting-room/safety-wake`` is
the one pending safety wake-up.
"""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.tables.base import TableModel


class PacingRecord(TableModel):
    class Meta:
        logical_name = "pacing"

    scope = UnicodeAttribute(hash_key=True)
    item = UnicodeAttribute(range_key=True)
    active = NumberAttribute(null=True)
    started = NumberAttribute(null=True)
    held_until = NumberAttribute(null=True)
    held_in = ListAttribute(of=UnicodeAttribute, null=True)  # a lease's scopes, to reclaim them all
    body = UnicodeAttribute(null=True)  # a parked dialler message (JSON)
    expires_at = TTLAttribute(null=True)
