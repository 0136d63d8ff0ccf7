"""Screening lists: one item per phone number holding its entry on each list.

One item per number (not one per number and list) so that screening a batch costs one
BatchGetItem key per number: 100 numbers, one request.

``lists`` maps a list name (block, warn, dnc, optout) to that list's entry, a map of strings::

    {"reason": "abusive caller", "source": "api", "added_by": "arn:...:user/ops",
     "added_at": "2026-01-05T09:00:00+00:00", "expires_at": "2026-07-05T00:00:00+00:00"}

``expires_at`` is omitted for a permanent entry. Readers ignore expired entries (TTL deletes
the item later, and only once every entry on it has expired).
"""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute

from chalicelib.tables.base import TableModel


class ScreeningRecord(TableModel):
    class Meta:
        logical_name = "screening"
        # The inbound flow waits on this table mid-call: fail fast rather than hang the caller.
        connect_timeout_seconds = 2
        read_timeout_seconds = 3

    phone = UnicodeAttribute(hash_key=True)
    #: list name (block, warn, dnc, optout) -> entry (a map of strings, see the module docstring)
    lists = MapAttribute[str, object](default=dict)
    #: Deleted by DynamoDB once every entry has expired (latest expiry); absent if any is permanent.
    expires_at = TTLAttribute(null=True)
    #: Optimistic locking: concurrent edits of one number never lose another list's entry.
    version = VersionAttribute()
