"""Effects that must happen once: one record per effect (a call, an SMS), keyed ``id``.

``chalicelib.effects`` writes a durable intent here before the effect and its result after. The
layout (key ``id``, TTL ``expiration``, ``status``) is also the one aws_lambda_powertools'
DynamoDBPersistenceLayer expects, so its idempotency utility may share the table.
"""

from __future__ import annotations

from pynamodb.attributes import (
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.tables.base import TableModel


class IdempotencyRecord(TableModel):
    """An effect's intent: ``status`` pending -> done (``result``) | not_done | gave_up."""

    class Meta:
        logical_name = "idempotency"

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)
    status = UnicodeAttribute(null=True)
    in_progress_expiration = NumberAttribute(null=True)
    #: when this attempt at the effect began (the intent was written)
    started_at = UTCDateTimeAttribute(null=True)
    #: what the effect produced: a Connect ContactId, an SMS message id
    result = UnicodeAttribute(null=True)
    #: what the effect was for, so another path can finish it (e.g. origin, origin_id, attempt)
    subject = MapAttribute[str, object](null=True)
    detail = UnicodeAttribute(null=True)
