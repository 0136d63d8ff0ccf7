"""DynamoDB tables derived from the PynamoDB models (``chalicelib.tables.ALL_TABLES``).

Keys, indexes and TTL are read off each model's ``TableSpec``; nothing here re-declares them, so a
model change reaches the deployed table by the next synth (and tests/infra proves it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb

if TYPE_CHECKING:
    from constructs import Construct

    from chalicelib.tables.schema import IndexSpec, KeyAttribute, TableSpec

_ATTRIBUTE_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}
_PROJECTIONS = {
    "ALL": dynamodb.ProjectionType.ALL,
    "KEYS_ONLY": dynamodb.ProjectionType.KEYS_ONLY,
    "INCLUDE": dynamodb.ProjectionType.INCLUDE,
}


def _attribute(key: KeyAttribute | None) -> dynamodb.Attribute | None:
    return None if key is None else dynamodb.Attribute(name=key.name, type=_ATTRIBUTE_TYPES[key.type])


def _index(index: IndexSpec) -> dynamodb.GlobalSecondaryIndexProps:
    partition = _attribute(index.partition_key)
    assert partition is not None
    return dynamodb.GlobalSecondaryIndexProps(
        index_name=index.name,
        partition_key=partition,
        sort_key=_attribute(index.sort_key),
        projection_type=_PROJECTIONS[index.projection],
        non_key_attributes=list(index.non_key_attributes) or None,
    )


def table_name_prefix(resource_prefix: str) -> str:
    """What the stage's table names start with: ``<resource prefix>-`` (the functions'
    ``TABLE_NAME_PREFIX``), like the local stack's ``contact-centre-local-``."""
    return f"{resource_prefix}-"


def table_name(resource_prefix: str, spec: TableSpec) -> str:
    """``<prefix>-<logical name>``, by the rule the functions follow (``chalicelib.tables.base``).

    Fixed names keep the functions' environment small (one variable for every table) and
    readable; the price is that a key-schema change needs a new logical name (a new table).
    """
    from chalicelib.tables.base import table_name as physical_name

    return physical_name(table_name_prefix(resource_prefix), spec.logical_name)


def table_from_spec(scope: Construct, spec: TableSpec, *, name_prefix: str, retain: bool) -> dynamodb.Table:
    """One on-demand, encrypted, point-in-time-recoverable table shaped exactly like the model.

    ``retain`` (prod) adds deletion protection and keeps the table when the stack goes away.
    """
    partition = _attribute(spec.partition_key)
    assert partition is not None
    table = dynamodb.Table(
        scope,
        spec.logical_name,
        table_name=table_name(name_prefix, spec),
        partition_key=partition,
        sort_key=_attribute(spec.sort_key),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption=dynamodb.TableEncryption.AWS_MANAGED,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        time_to_live_attribute=spec.ttl_attribute,
        deletion_protection=retain,
        removal_policy=RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY,
    )
    for index in spec.indexes:
        table.add_global_secondary_index(**_index(index)._values)
    return table
