"""The HTTP edge's two guards: requests checked against their contract, answers in one shape.

``route(blueprint, path, methods, contract)`` registers a view whose request is validated first
(path parameters, query string and body, ``chalicelib.api.contracts``) and whose domain errors
become ``{"error": {"code", "message"}}`` with their 4xx. Chalice catches exceptions inside the
view before any middleware sees them, so that conversion wraps each view.

``shape_responses`` is the one place for everything else Chalice answers on its own (500 for an
unexpected exception, 405, 415, its ``{"Code", "Message"}`` bodies): it puts them in the same
shape, writes JSON without NaN or infinities, and adds the security headers HTML pages need.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote

from chalice import Blueprint
from chalice.app import Request, Response, handle_extra_types

from chalicelib.api import contracts, validation
from chalicelib.errors import ContactCentreError

View = TypeVar("View", bound=Callable[..., Any])

#: The view's validated body, kept on the request so ``json_body`` does not parse it twice.
_VALIDATED_BODY = "_contact_centre_validated_body"

#: Served with every HTML page: no framing (clickjacking), no sniffing, nothing loaded from
#: elsewhere. A page that inlines scripts or styles sends its own CSP naming their hashes.
PAGE_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
#: The same for every JSON answer: an API response is never a page to frame or sniff.
API_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff"}


def error_response(status: int, code: str, message: str) -> Response:
    return Response(
        body={"error": {"code": code, "message": message}},
        status_code=status,
        headers={"Content-Type": "application/json"},
    )


def route(
    blueprint: Blueprint,
    path: str,
    methods: list[str],
    contract: contracts.Contract | None = None,
    **options: Any,
) -> Callable[[View], View]:
    """``blueprint.route`` whose request is validated and whose domain errors keep the shape."""
    contract = contract or contracts.Contract()
    path_schema = contracts.path_schema(path)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                _validate_request(blueprint.current_request, contract, path_schema, kwargs)
                return view(*args, **kwargs)
            except ContactCentreError as exc:
                return error_response(exc.status, exc.code, exc.message)

        guarded.contract = contract  # type: ignore[attr-defined]  # read by chalicelib.api.publish
        blueprint.route(path, methods=methods, **options)(guarded)
        return view

    return decorate


def _validate_request(
    request: Request, contract: contracts.Contract, path_schema: dict[str, Any], path_args: dict[str, Any]
) -> None:
    parameters = {name: unquote(str(value)) for name, value in path_args.items()}
    for value in parameters.values():
        validation.check_values(value)
    validation.validate(parameters, path_schema, "path")
    validation.validate(validation.query_document(request.query_params), contract.query, "query")
    if contract.body == "csv":
        validation.check_csv_text(request.raw_body)
    elif contract.body is not None:
        body = validation.parse_json(request.raw_body)
        validation.validate(body, contracts.BODIES[contract.body], "body")
        setattr(request, _VALIDATED_BODY, body)


def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object (already validated when the route declares a body)."""
    body = getattr(request, _VALIDATED_BODY, None)
    if body is None:
        body = validation.parse_json(request.raw_body)
    if not isinstance(body, dict):
        from chalicelib.errors import InvalidInput

        raise InvalidInput("request body must be a JSON object", code="invalid_json")
    return body


# --- every answer, in one shape ----------------------------------------------------------------

_CHALICE_CODES = {
    "InternalServerError": "internal_error",
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "BadRequest": "bad_request",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.removesuffix("Error")).lower() or "error"


def shape_responses(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """HTTP middleware: Chalice's own error bodies in the API's shape; strict JSON; page headers."""
    try:
        response = get_response(event)
    except Exception:  # an error in a middleware or Chalice itself: still the documented shape
        from chalicelib.observability import get_logger

        get_logger().exception("unhandled error at the HTTP edge")
        return _serialised(error_response(500, "internal_error", "An internal server error occurred."))
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict) and set(body) == {"Code", "Message"}:
        code = str(body["Code"])
        message = str(body["Message"]) if response.status_code < 500 else "An internal server error occurred."
        response.body = {"error": {"code": _CHALICE_CODES.get(code, _snake(code)), "message": message}}
        response.headers["Content-Type"] = "application/json"
    elif response.status_code >= 400 and not _is_error_shape(body):
        response.body = {"error": {"code": "error", "message": str(body)[:300] if body else "error"}}
        response.headers["Content-Type"] = "application/json"
    return _serialised(response)


def _is_error_shape(body: Any) -> bool:
    if isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except ValueError:
            return False
    error = body.get("error") if isinstance(body, dict) else None
    return (
        isinstance(error, dict)
        and isinstance(error.get("code"), str)
        and isinstance(error.get("message"), str)
    )


def _serialised(response: Response) -> Response:
    """Write a JSON body now, refusing NaN and infinities (Chalice's encoder would emit them)."""
    headers = response.headers
    content_type = str(headers.get("Content-Type") or headers.get("content-type") or "application/json")
    if content_type.startswith("text/html"):
        for name, value in PAGE_SECURITY_HEADERS.items():
            headers.setdefault(name, value)
        return response
    for name, value in API_SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if isinstance(response.body, (dict, list)):
        try:
            response.body = json.dumps(
                response.body, allow_nan=False, separators=(",", ":"), default=handle_extra_types
            )
        except ValueError:
            from chalicelib.observability import get_logger

            get_logger().error("a response held a number JSON cannot carry (NaN or infinity)")
            response = error_response(500, "internal_error", "An internal server error occurred.")
            response.body = json.dumps(response.body)
        response.headers.setdefault("Content-Type", "application/json")
    return response
