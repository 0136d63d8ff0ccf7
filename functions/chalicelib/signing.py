"""The stage's signing key: HMACs of one-time codes and of the pagination cursors the API hands out.

The key is a Secrets Manager secret CDK creates per stage (its name or ARN in ``SIGNING_SECRET_ID``); it
is read once per cold start. Locally the embedded stack creates one in moto. Without the key a
6-digit code hashed with a salt beside it is reversed in seconds; with it, a copy of the table
reveals nothing, and a cursor cannot be forged into a key DynamoDB would choke on.

    token = seal({"p": 1, "k": {...}})   # opaque, tamper-evident
    unseal(token)                        # the dict, or None when it was not ours
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from typing import Any

SECRET_ID_ENV = "SIGNING_SECRET_ID"
_SIGNATURE_BYTES = 16
_keys: dict[str, bytes] = {}


def _key() -> bytes:
    secret_id = os.environ.get(SECRET_ID_ENV)
    if not secret_id:
        raise RuntimeError(f"{SECRET_ID_ENV} is not set: the stage's signing secret is unknown")
    if secret_id not in _keys:
        import boto3

        secret = boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"]
        _keys[secret_id] = str(secret).encode()
    return _keys[secret_id]


def forget_key() -> None:
    """Read the secret again on next use (tests that replace it)."""
    _keys.clear()


def digest(*parts: str) -> str:
    """HMAC-SHA256 of the parts (unambiguously joined) under the stage's key, as hex."""
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def same(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())


def seal(data: dict[str, Any]) -> str:
    """``data`` as an opaque URL-safe token that ``unseal`` alone accepts back."""
    payload = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")
    signature = hmac.new(_key(), payload.encode(), hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return payload + "." + base64.urlsafe_b64encode(signature).decode().rstrip("=")


def unseal(token: str) -> dict[str, Any] | None:
    """The dict ``seal`` wrapped, or None when the token is malformed or was not signed here."""
    payload, _, signature = token.partition(".")
    if not payload or not signature:
        return None
    expected = hmac.new(_key(), payload.encode(), hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    try:
        given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        if not hmac.compare_digest(given, expected):
            return None
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error):
        return None
    return data if isinstance(data, dict) else None
