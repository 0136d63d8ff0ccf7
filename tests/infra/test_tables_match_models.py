"""Rule 1 of the design: the deployed tables are the PynamoDB models, key for key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chalicelib.tables import ALL_TABLES
from tests.infra.templates import FUNCTION, template

TABLE = "AWS::DynamoDB::Table"

if TYPE_CHECKING:
    from chalicelib.tables.schema import TableSpec
    from tests.infra.conftest import SynthesizedStage


def _model_shape(spec: TableSpec) -> dict:
    keys = [(spec.partition_key.name, "HASH")] + ([(spec.sort_key.name, "RANGE")] if spec.sort_key else [])
    attributes = {spec.partition_key.name: spec.partition_key.type}
    if spec.sort_key:
        attributes[spec.sort_key.name] = spec.sort_key.type
    indexes = {}
    for index in spec.indexes:
        attributes[index.partition_key.name] = index.partition_key.type
        index_keys = [(index.partition_key.name, "HASH")]
        if index.sort_key:
            attributes[index.sort_key.name] = index.sort_key.type
            index_keys.append((index.sort_key.name, "RANGE"))
        indexes[index.name] = (index_keys, index.projection, sorted(index.non_key_attributes))
    return {"keys": keys, "attributes": attributes, "indexes": indexes, "ttl": spec.ttl_attribute}


def _template_shape(table: dict) -> dict:
    props = table["Properties"]
    ttl = props.get("TimeToLiveSpecification")
    return {
        "keys": [(k["AttributeName"], k["KeyType"]) for k in props["KeySchema"]],
        "attributes": {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]},
        "indexes": {
            gsi["IndexName"]: (
                [(k["AttributeName"], k["KeyType"]) for k in gsi["KeySchema"]],
                gsi["Projection"]["ProjectionType"],
                sorted(gsi["Projection"].get("NonKeyAttributes", [])),
            )
            for gsi in props.get("GlobalSecondaryIndexes", [])
        },
        "ttl": ttl["AttributeName"] if ttl and ttl.get("Enabled") else None,
    }


def _deployed_tables(stage: SynthesizedStage) -> dict[str, dict]:
    """Each model's table in the Data template, by the model's name."""
    tables = template(stage, "Data").find_resources(TABLE)
    data_stack = stage.stacks.data
    return {
        name: dict(tables[data_stack.get_logical_id(table.node.default_child)])  # type: ignore[arg-type]
        for name, table in data_stack.tables.items()
    }


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_model_is_deployed_as_a_table_with_exactly_its_keys_indexes_and_ttl(synthesized, stage):
    stage_synth: SynthesizedStage = synthesized[stage]
    deployed = _deployed_tables(stage_synth)
    assert set(deployed) == set(ALL_TABLES)
    template(stage_synth, "Data").resource_count_is(TABLE, len(ALL_TABLES))  # none that no model declares
    for name, spec in ALL_TABLES.items():
        assert _template_shape(deployed[name]) == _model_shape(spec), name


def test_functions_name_every_deployed_table_by_one_prefix_and_the_models_own_name(dev):
    """What a model's first request reads (``chalicelib.tables.base.physical_table_name``) names
    the table CDK deployed for it, and no function carries a variable per table."""
    from aws_cdk.assertions import Match

    from chalicelib.tables.base import TABLE_NAME_PREFIX_ENV, table_name
    from infra.tables import table_name_prefix

    prefix = table_name_prefix(dev.stacks.settings.resource_prefix())
    table_names = {name: table["Properties"]["TableName"] for name, table in _deployed_tables(dev).items()}
    assert {name: table_name(prefix, spec.logical_name) for name, spec in ALL_TABLES.items()} == table_names
    functions = template(dev, "Functions")
    functions.all_resources_properties(
        FUNCTION, {"Environment": {"Variables": Match.object_like({TABLE_NAME_PREFIX_ENV: prefix})}}
    )
    for function in functions.find_resources(FUNCTION).values():
        assert not [
            name for name in function["Properties"]["Environment"]["Variables"] if name.endswith("_TABLE")
        ]
