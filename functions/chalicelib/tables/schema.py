"""Plain-data description of a model's table, for CDK and the local stack to build from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pynamodb.attributes import TTLAttribute

if TYPE_CHECKING:
    from pynamodb.models import Model


@dataclass(frozen=True)
class KeyAttribute:
    name: str
    type: str  # "S" | "N" | "B"


@dataclass(frozen=True)
class IndexSpec:
    name: str
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None
    projection: str  # "ALL" | "KEYS_ONLY" | "INCLUDE"
    non_key_attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    logical_name: str
    model: type[Model]
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None
    indexes: tuple[IndexSpec, ...] = field(default_factory=tuple)
    ttl_attribute: str | None = None


def _key(schema: dict[str, Any], key_schema: list[dict[str, str]], key_type: str) -> KeyAttribute | None:
    types = {d["AttributeName"]: d["AttributeType"] for d in schema["attribute_definitions"]}
    for key in key_schema:
        if key["KeyType"] == key_type:
            return KeyAttribute(key["AttributeName"], types[key["AttributeName"]])
    return None


def describe(model: type[Model]) -> TableSpec:
    """Read keys, GSIs and the TTL attribute off a PynamoDB model."""
    schema: dict[str, Any] = dict(model._get_schema())
    partition = _key(schema, schema["key_schema"], "HASH")
    assert partition is not None, f"{model.__name__} has no hash key"
    indexes = []
    for gsi in schema["global_secondary_indexes"]:
        projection = gsi["projection"]
        index_partition = _key(schema, gsi["key_schema"], "HASH")
        assert index_partition is not None
        indexes.append(
            IndexSpec(
                name=gsi["index_name"],
                partition_key=index_partition,
                sort_key=_key(schema, gsi["key_schema"], "RANGE"),
                projection=projection["ProjectionType"],
                non_key_attributes=tuple(projection.get("NonKeyAttributes", ())),
            )
        )
    ttl = next(
        (attr.attr_name for attr in model.get_attributes().values() if isinstance(attr, TTLAttribute)),
        None,
    )
    return TableSpec(
        logical_name=model.Meta.logical_name,  # type: ignore[attr-defined]
        model=model,
        partition_key=partition,
        sort_key=_key(schema, schema["key_schema"], "RANGE"),
        indexes=tuple(indexes),
        ttl_attribute=ttl,
    )
