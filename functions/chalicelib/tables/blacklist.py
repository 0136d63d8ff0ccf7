"""Screening lists: one item per phone number holding its entry on each list.

One item per number (not one per number and list) so that screening a batch costs one
BatchGetItem key per number: 100 numbers, one request.
"""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.tables.base import physical_table_name


class ListEntry(MapAttribute[str, object]):
    """Why a number is on one list, who put it there and until when."""

    reason = UnicodeAttribute(default="")
    source = UnicodeAttribute(default="api")
    added_by = UnicodeAttribute(default="system")
    added_at = UTCDateTimeAttribute()
    expires_at = UTCDateTimeAttribute(null=True)


class ScreeningRecord(Model):
    class Meta:
        table_env = "SCREENING_TABLE"
        logical_name = "screening"
        table_name = physical_table_name(table_env, logical_name)

    phone = UnicodeAttribute(hash_key=True)
    #: list name (block, warn, dnc, optout) -> entry
    lists = MapAttribute[str, object](default=dict)
    #: Deleted by DynamoDB once every entry has expired (latest expiry); absent if any is permanent.
    expires_at = TTLAttribute(null=True)
