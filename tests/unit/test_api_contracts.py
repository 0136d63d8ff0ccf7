"""The API's published contract is the one the routes enforce: generated, current, complete."""

from __future__ import annotations

import json
from typing import Any, cast

import jsonschema  # type: ignore[import-untyped]
import pytest

from chalicelib.api import contracts, publish, validation
from chalicelib.errors import InvalidInput
from tests.functional.tickets_support import function_app

REGENERATE = "run PYTHONPATH=functions python -m chalicelib.api.publish"


def test_the_published_body_schemas_are_generated_from_the_runtime_validators() -> None:
    expected = publish.body_schema_files()
    published = {
        f"api/{path.name}": path.read_text(encoding="utf-8")
        for path in (publish.SCHEMAS_DIR / "api").iterdir()
    }
    assert published == expected, f"schemas/api/ is stale: {REGENERATE}"


def test_the_openapi_description_is_generated_from_the_routes_and_their_contracts() -> None:
    published = publish.OPENAPI_FILE.read_text(encoding="utf-8")
    assert published == publish.openapi_text(function_app().routes), (
        f"schemas/openapi.json is stale: {REGENERATE}"
    )


def test_every_route_declares_its_contract_and_every_schema_is_valid() -> None:
    routes = function_app().routes
    for path, methods in routes.items():
        for method, entry in methods.items():
            contract = getattr(entry.view_function, "contract", None)
            assert isinstance(contract, contracts.Contract), (method, path)
            jsonschema.Draft202012Validator.check_schema(contract.query)
            jsonschema.Draft202012Validator.check_schema(contracts.path_schema(path))
            if method in {"POST", "PUT", "PATCH"} and path not in {
                "/campaigns/{campaign_id}/audience",
                "/campaigns/{campaign_id}/pause",
                "/campaigns/{campaign_id}/resume",
                "/campaigns/{campaign_id}/stop",
            }:
                assert contract.body is not None, f"{method} {path} reads no validated body"
    for schema in contracts.BODIES.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(publish.OPENAPI_FILE.read_text(encoding="utf-8"))
    assert sum(len(operations) for operations in document["paths"].values()) == sum(
        len(methods) for methods in routes.values()
    )


def _empty_object_verdict(schema: dict) -> str | None:
    """What api.validation says of ``{}`` against ``schema``: None when valid, else the message."""
    try:
        validation.validate({}, schema, "query")
    except InvalidInput as refused:
        return refused.message
    return None


def test_an_empty_query_or_path_is_judged_as_jsonschema_judges_it() -> None:
    """The shortcut that skips building a validator for ``{}`` agrees with jsonschema on every
    schema a route declares, and on schemas an empty object fails."""
    schemas = [
        contracts.obj({"id": contracts.IDENTIFIER}, ("id",)),
        {**contracts.NO_QUERY, "minProperties": 1},
    ]
    for path, methods in function_app().routes.items():
        schemas.append(contracts.path_schema(path))
        schemas.extend(cast("Any", entry.view_function).contract.query for entry in methods.values())
    for schema in schemas:
        valid = jsonschema.Draft202012Validator(schema).is_valid({})
        assert (_empty_object_verdict(schema) is None) == valid, schema


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        (
            contracts.PHONE,
            ["+12125550142", "+8613800138000"],
            ["12125550142", "+0123456", "+1 212", "tel:+1212555"],
        ),
        (
            contracts.INSTANT,
            ["2026-01-05T01:30:00Z", "2026-01-05T09:30+08:00"],
            ["0001-01-01T00:00:00+14:00", "9999-12-31T00:00:00Z", "2026-01-05T01:30:00", "2026-01-05"],
        ),
        (
            contracts.DATE_OR_INSTANT,
            ["2026-12-31", "2026-12-31T23:59:59Z"],
            ["9999-12-31", "0001-01-01", "tomorrow"],
        ),
        (contracts.FRACTION_TEXT, ["0", "0.1", "1", "1.0", ".5"], ["inf", "nan", "-0.1", "1.5", "1e-3"]),
    ],
)
def test_shared_field_schemas_accept_what_they_should(schema: dict, good: list[str], bad: list[str]) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    assert [value for value in good if not validator.is_valid(value)] == []
    assert [value for value in bad if validator.is_valid(value)] == []
