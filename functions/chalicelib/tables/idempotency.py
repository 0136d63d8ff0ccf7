"""The Powertools idempotency table: one record per processed event or request key."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.tables.base import physical_table_name


class IdempotencyRecord(Model):
    """Layout expected by aws_lambda_powertools' DynamoDBPersistenceLayer (key ``id``, TTL ``expiration``)."""

    class Meta:
        table_env = "IDEMPOTENCY_TABLE"
        logical_name = "idempotency"
        table_name = physical_table_name(table_env, logical_name)

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)
    status = UnicodeAttribute(null=True)
    in_progress_expiration = NumberAttribute(null=True)
