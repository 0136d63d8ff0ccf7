"""Requests checked against their contract before a view runs: 400s that say what is wrong.

JSON is parsed with bounds that ``json.loads`` alone lacks (size, nesting, NaN and infinities,
lone surrogates that DynamoDB cannot store), then validated against the route's JSON Schema
(``chalicelib.api.contracts``). ``jsonschema`` is imported on the first request that needs it,
not at cold start: a request without query or path parameters needs none.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from chalicelib.api import contracts
from chalicelib.errors import InvalidInput

_MAX_MESSAGE = 300


def _refuse_constant(name: str) -> Any:
    raise InvalidInput(f"request body holds {name}, which is not a JSON number", code="invalid_json")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise InvalidInput(f"number {text[:40]} is out of range", code="invalid_json")
    return value


def parse_json(raw: bytes | str | None) -> Any:
    """The JSON document in ``raw``, or InvalidInput (code ``invalid_json``) saying why not."""
    if raw is None or raw in (b"", ""):
        raise InvalidInput("request body must be a JSON object", code="invalid_json")
    if len(raw) > contracts.MAX_BODY_BYTES:
        raise InvalidInput(
            f"request body is larger than {contracts.MAX_BODY_BYTES} bytes", code="body_too_large"
        )
    try:
        document = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise InvalidInput(
            f"request body nests deeper than {contracts.MAX_JSON_DEPTH} levels", code="invalid_json"
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"request body is not valid JSON: {_short(str(exc))}", code="invalid_json"
        ) from None
    check_values(document)
    return document


def check_values(document: Any) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and text that is not valid Unicode, iteratively."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, (dict, list)):
            if depth > contracts.MAX_JSON_DEPTH:
                raise InvalidInput(
                    f"request body nests deeper than {contracts.MAX_JSON_DEPTH} levels", code="invalid_json"
                )
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(key)
                    pending.append((item, depth + 1))
            else:
                pending.extend((item, depth + 1) for item in value)


def _check_text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("text holds a lone surrogate (invalid Unicode)", code="invalid_text") from None


#: The keywords of an object schema that an empty object satisfies whatever their values: no
#: property is there to check. (``required``, ``minProperties``... are not among them.)
_VACUOUS_FOR_EMPTY_OBJECT = frozenset({"type", "properties", "additionalProperties"})


def validate(document: Any, schema: dict[str, Any], where: str) -> None:
    """Raise InvalidInput for the first violation of ``schema``, naming where it is."""
    if document == {} and schema.get("type") == "object" and schema.keys() <= _VACUOUS_FOR_EMPTY_OBJECT:
        return  # no query, no path parameters: valid without building a validator (cold start)
    error = _first_error(_validator(json.dumps(schema, sort_keys=True)), document)
    if error is None:
        return
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
    raise InvalidInput(f"{where}{path}: {_short(error.message)}", code=_error_code(error))


@lru_cache(maxsize=128)
def _validator(schema_text: str) -> Any:
    import jsonschema  # type: ignore[import-untyped]
    from referencing import Registry, Resource

    from chalicelib.campaigns.schema import CAMPAIGN_SCHEMA, SCHEMA_ID

    # Schemas that others publish are referenced by their $id (the campaign file contract).
    registry = Registry().with_resource(SCHEMA_ID, Resource.from_contents(CAMPAIGN_SCHEMA))
    return jsonschema.Draft202012Validator(json.loads(schema_text), registry=registry)


def _first_error(validator: Any, document: Any) -> Any:
    import jsonschema

    return jsonschema.exceptions.best_match(validator.iter_errors(document))


def _error_code(error: Any) -> str:
    """The ``x-error-code`` of the failing node or of its nearest ancestor that declares one."""
    for candidate in (error, *(error.context or ())):
        code = candidate.schema.get("x-error-code") if isinstance(candidate.schema, dict) else None
        if code:
            return str(code)
    return "invalid_input"


def _short(message: str) -> str:
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"


def query_document(query_params: Any) -> dict[str, str]:
    """The query string as a plain object; a parameter given twice is refused (which one counts?)."""
    if not query_params:
        return {}
    document: dict[str, str] = {}
    for name in query_params:
        values = query_params.getlist(name) if hasattr(query_params, "getlist") else [query_params[name]]
        if len(values) > 1:
            raise InvalidInput(f"query parameter {name!r} is given {len(values)} times; give it once")
        _check_text(name)
        _check_text(values[0])
        document[name] = values[0]
    return document


def check_csv_text(raw: bytes | str | None) -> None:
    """Bound an uploaded CSV file: its size and the length of each line (no cell of 1 MB)."""
    if not raw:
        return
    if len(raw) > contracts.MAX_BODY_BYTES:
        raise InvalidInput(f"the file is larger than {contracts.MAX_BODY_BYTES} bytes", code="body_too_large")
    newline: bytes | str = b"\n" if isinstance(raw, bytes) else "\n"
    for number, line in enumerate(raw.split(newline), start=1):  # type: ignore[arg-type]
        if len(line) > contracts.MAX_CSV_LINE:
            raise InvalidInput(
                f"line {number} is longer than {contracts.MAX_CSV_LINE} characters", code="invalid_csv"
            )
