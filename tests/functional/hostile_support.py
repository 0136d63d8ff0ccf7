"""An HTTP client for hostile-input tests: the app in-process, with API Gateway's own answers.

Requests go through Chalice's test client (moto in-process, no local stack); what API Gateway
answers without calling the function (no such route or method) comes from the same
``local.api_server.gateway_answer`` the local server uses, so the whole edge is exercised.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from local.api_server import gateway_answer
from tests.functional.tickets_support import function_app
from tests.staff_support import role_token

if TYPE_CHECKING:
    from collections.abc import Iterator

    from chalice.test import Client


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body, parse_constant=_no_constants)

    def shape_problem(self) -> str | None:
        """Why this error answer is not ``{"error": {"code": str, "message": str}}`` (None: it is)."""
        try:
            document = self.json()
        except ValueError as exc:
            return f"not strict JSON: {exc}"
        error = document.get("error") if isinstance(document, dict) else None
        if not isinstance(error, dict):
            return f"no error object: {self.body[:200]!r}"
        if not isinstance(error.get("code"), str) or not isinstance(error.get("message"), str):
            return f"error lacks a code or message: {error!r}"
        return None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} in JSON output")


class EdgeClient:
    """``request(method, path, body, content_type)`` -> Answer, as a client of API Gateway sees it."""

    def __init__(self, client: Client, role: str = "admin") -> None:
        self.client = client
        self.role = role
        self.routes = function_app().routes

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        content_type: str | None = "application/json",
    ) -> Answer:
        answer = gateway_answer(self.routes, method, path)
        if answer is not None:
            assert answer.status is not None
            return Answer(answer.status, {"Content-Type": "application/json"}, answer.body().encode())
        headers = {"Content-Type": content_type} if content_type else {}
        headers["Authorization"] = role_token(self.role)  # staff routes: a signed-in admin
        raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        response = self.client.http.request(method, path, headers=headers, body=raw or b"")
        return Answer(response.status_code, dict(response.headers), response.body or b"")

    def call(self, method: str, path: str, document: Any = None) -> Answer:
        return self.request(method, path, None if document is None else json.dumps(document))


@contextmanager
def moto_with_tables() -> Iterator[None]:
    """The ``aws`` fixture's world (moto in-process, every table, a signing secret) for a whole
    module: building it for each of dozens of routes would cost most of the fuzz test's time."""
    from moto import mock_aws

    from chalicelib import signing
    from chalicelib.tables import ALL_TABLES
    from local.aws import provision_signing_secret
    from local.dynamodb_scaling import scale_like_dynamodb

    saved = dict(os.environ)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update({"AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"})
    scale_like_dynamodb()
    try:
        with mock_aws():
            for spec in ALL_TABLES.values():
                spec.model.create_table(billing_mode="PAY_PER_REQUEST")
            provision_signing_secret()
            signing.forget_key()
            yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
