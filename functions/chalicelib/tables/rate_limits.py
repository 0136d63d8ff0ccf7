"""Fixed-window request counters for public endpoints; DynamoDB's TTL sweeps old windows away.

The key is ``<scope>#<sha256 of the subject>#<window start>``: no phone number or IP address is
stored in clear.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.tables.base import TableModel


class RateLimitRecord(TableModel):
    class Meta:
        logical_name = "rate-limits"

    key = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)
