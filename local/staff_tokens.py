"""What API Gateway's Cognito user pool authorizer checks, done on the local stack before the
function is called: the ID token's signature against the pool's published keys (JWKS), its
expiry, issuer, audience (the console's app client) and use (``token_use`` ``id``).

The claims of a token that passes reach the function as API Gateway passes them:
``requestContext.authorizer.claims``, every value a string.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import requests

from chalicelib.api.identity import cognito_endpoint
from local.staff_directory import STAFF_CLIENT_ID_ENV, STAFF_USER_POOL_ID_ENV

#: Seconds of clock difference tolerated on ``exp`` (none: API Gateway refuses an expired token).
CLOCK_SKEW_S = 0


class InvalidToken(Exception):
    """The token would be refused by API Gateway (401); the message says why, for tests and logs."""


class StaffTokenVerifier:
    """Verifies ID tokens of the pool named by ``$STAFF_USER_POOL_ID`` (read on each call, so a
    verifier made before the pool exists works once it does); the pool's keys are fetched once."""

    def __init__(self) -> None:
        self._keys: dict[str, Any] = {}
        self._lock = threading.Lock()

    def verify(self, token: str, now: float | None = None) -> dict[str, Any]:
        """The token's claims, or InvalidToken."""
        from joserfc import jwt
        from joserfc.errors import JoseError

        pool_id = os.environ.get(STAFF_USER_POOL_ID_ENV, "")
        clients = {client for client in os.environ.get(STAFF_CLIENT_ID_ENV, "").split(",") if client}
        if not pool_id or not clients:
            raise InvalidToken("no staff directory is configured")
        if token.lower().startswith("bearer "):
            token = token[len("bearer ") :]
        try:
            decoded = jwt.decode(token.strip(), self._key_set(pool_id), algorithms=["RS256"])
        except (JoseError, ValueError) as error:
            raise InvalidToken(f"not a token this pool signed: {type(error).__name__}") from None
        claims = dict(decoded.claims)
        region = cognito_endpoint()[0]
        if claims.get("iss") != f"https://cognito-idp.{region}.amazonaws.com/{pool_id}":
            raise InvalidToken("issued by another user pool")
        if claims.get("token_use") != "id":
            raise InvalidToken("not an ID token")
        if claims.get("aud") not in clients:
            raise InvalidToken("issued to another app client")
        expires = claims.get("exp")
        if not isinstance(expires, (int, float)) or expires + CLOCK_SKEW_S <= (
            time.time() if now is None else now
        ):
            raise InvalidToken("expired")
        return claims

    def _key_set(self, pool_id: str) -> Any:
        from joserfc.jwk import KeySet

        with self._lock:
            if pool_id not in self._keys:
                url = f"{cognito_endpoint()[1]}/{pool_id}/.well-known/jwks.json"
                answer = requests.get(url, timeout=10)
                answer.raise_for_status()
                self._keys[pool_id] = KeySet.import_key_set(answer.json())
            return self._keys[pool_id]


def gateway_claims(claims: dict[str, Any]) -> dict[str, str]:
    """The claims as API Gateway hands them to the function: every value a string (a list of
    groups comma-separated)."""
    return {
        name: ",".join(str(item) for item in value) if isinstance(value, list) else str(value)
        for name, value in claims.items()
    }
