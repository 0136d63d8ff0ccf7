"""Publish the API contract: ``schemas/api/<body>.schema.json`` and ``schemas/openapi.json``.

Both are generated from ``chalicelib.api.contracts`` (the validators the routes use) and the
app's routes; a unit test fails when the published files are stale. Regenerate from the
repository root with ``PYTHONPATH=functions python -m chalicelib.api.publish``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chalicelib.api import access, contracts

REPOSITORY = Path(__file__).resolve().parents[3]
SCHEMAS_DIR = REPOSITORY / "schemas"
OPENAPI_FILE = SCHEMAS_DIR / "openapi.json"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def _text(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def body_schema_files() -> dict[str, str]:
    """Relative path under schemas/ -> exact text, one file per request body."""
    files = {}
    for name, schema in sorted(contracts.BODIES.items()):
        document = {
            "$schema": contracts.JSON_SCHEMA_DIALECT,
            "$id": f"{contracts.SCHEMA_BASE}{name}.schema.json",
            "title": f"Request body: {name}",
            **schema,
        }
        files[f"api/{name}.schema.json"] = _text(document)
    return files


def openapi_document(routes: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """OpenAPI 3.1 (whose schemas are JSON Schema 2020-12) of the app's routes and contracts."""
    paths: dict[str, Any] = {}
    for path in sorted(routes):
        for method in sorted(routes[path]):
            entry = routes[path][method]
            contract: contracts.Contract = getattr(entry.view_function, "contract", contracts.Contract())
            operation: dict[str, Any] = {
                "operationId": entry.view_name,
                "summary": _summary(entry.view_function),
                "parameters": _parameters(path, contract),
                "responses": {
                    "2XX": {"description": "success"},
                    "4XX": {"$ref": "#/components/responses/Error"},
                    "5XX": {"$ref": "#/components/responses/Error"},
                },
            }
            if entry.authorizer is not None:
                roles = sorted(role.value for role in access.allowed_roles(method, path))
                operation["security"] = [{"staffIdToken": []}]
                operation["x-staff-roles"] = roles
            if contract.body == "csv":
                operation["requestBody"] = {
                    "required": True,
                    "content": {"text/csv": {"schema": contracts.CSV_BODY}},
                }
            elif contract.body is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{contract.body}"}}
                    },
                }
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Contact centre API",
            "version": "1",
            "description": "Generated from functions/chalicelib/api/contracts.py; every request is "
            'validated against these schemas and every error is {"error": {"code", "message"}}.',
        },
        "jsonSchemaDialect": contracts.JSON_SCHEMA_DIALECT,
        "paths": paths,
        "components": {
            "schemas": {
                **{name: schema for name, schema in sorted(contracts.BODIES.items())},
                "Error": ERROR_SCHEMA,
            },
            "responses": {
                "Error": {
                    "description": "the request was refused or failed",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
            "securitySchemes": {
                "staffIdToken": {
                    "type": "apiKey",
                    "name": "Authorization",
                    "in": "header",
                    "description": "A staff member's Cognito ID token (GET /staff/directory says where "
                    "to sign in); x-staff-roles lists the Cognito groups that may call the route",
                }
            },
        },
    }


def _summary(view: Any) -> str:
    doc = (getattr(view, "__doc__", None) or "").strip()
    return re.sub(r"\s+", " ", doc.split("\n\n")[0]) if doc else getattr(view, "__name__", "")


def _parameters(path: str, contract: contracts.Contract) -> list[dict[str, Any]]:
    in_path = contracts.path_schema(path)["properties"]
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": schema} for name, schema in in_path.items()
    ]
    parameters += [
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in contract.query.get("properties", {}).items()
    ]
    return parameters


def openapi_text(routes: Mapping[str, Mapping[str, Any]]) -> str:
    return _text(openapi_document(routes))


def _load_routes() -> Mapping[str, Mapping[str, Any]]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("functions_app", REPOSITORY / "functions" / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.app.routes)


if __name__ == "__main__":
    for relative, text in body_schema_files().items():
        target = SCHEMAS_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    OPENAPI_FILE.write_text(openapi_text(_load_routes()), encoding="utf-8")
    print(f"wrote {len(contracts.BODIES)} body schemas and {OPENAPI_FILE}")
