"""Turns domain errors (and malformed requests) into the API's error shape, in one place.

Chalice catches exceptions inside the view before any middleware sees them, so the conversion
wraps each view: register routes with ``route(blueprint, path, methods)`` instead of
``blueprint.route``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

from chalice import Blueprint
from chalice.app import Request, Response

from chalicelib.errors import ContactCentreError, InvalidInput

View = TypeVar("View", bound=Callable[..., Any])


def error_response(status: int, code: str, message: str) -> Response:
    return Response(
        body={"error": {"code": code, "message": message}},
        status_code=status,
        headers={"Content-Type": "application/json"},
    )


def route(blueprint: Blueprint, path: str, methods: list[str], **options: Any) -> Callable[[View], View]:
    """``blueprint.route`` whose view answers domain errors with their 4xx and error shape."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except ContactCentreError as exc:
                return error_response(exc.status, exc.code, exc.message)

        blueprint.route(path, methods=methods, **options)(guarded)
        return view

    return decorate


def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    raw = request.raw_body
    if not raw:
        raise InvalidInput("request body must be a JSON object", code="invalid_json")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"request body is not valid JSON: {exc}", code="invalid_json") from exc
    if not isinstance(body, dict):
        raise InvalidInput("request body must be a JSON object", code="invalid_json")
    return body
