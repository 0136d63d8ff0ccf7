"""Signed-in staff for tests that call the function directly (Chalice's test client).

Behind API Gateway the function never sees a token, only the claims the gateway verified. Chalice's
test client stands in for the gateway: it reads the claims out of the ``Authorization`` header's
JWT without checking its signature. So these tokens are unsigned on purpose; what verifies real
tokens (``local.staff_tokens``) is tested on its own, with moto's Cognito.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalice.test import Client

#: A demo person per role, named like the local stack's seeded users.
PEOPLE = {"agent": "agent1", "supervisor": "supervisor1", "marketer": "marketer1", "admin": "admin1"}


def _segment(document: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()


def claims_token(username: str, *groups: str, name: str | None = None) -> str:
    """A JWT carrying these claims (not signed: only the test client's stand-in gateway reads it)."""
    claims: dict[str, Any] = {"cognito:username": username, "token_use": "id", "cognito:groups": list(groups)}
    if name:
        claims["name"] = name
    return f"{_segment({'alg': 'none'})}.{_segment(claims)}.unsigned"


def role_token(role: str) -> str:
    return claims_token(PEOPLE[role], role)


def role_headers(role: str) -> dict[str, str]:
    return {"Authorization": role_token(role)}


def signed_in(client: Client, role: str = "admin") -> Client:
    """``client`` whose HTTP requests carry ``role``'s token unless they bring their own header."""
    http = client.http
    send = http.request

    def request(method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Any:
        given = dict(headers or {})
        if not any(name.lower() == "authorization" for name in given):
            given["Authorization"] = role_token(role)
        return send(method, path, headers=given, body=body)

    http.request = request  # type: ignore[method-assign]
    return client
