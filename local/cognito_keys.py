"""Make moto's Cognito import its one token-signing key once per process, not once per user pool.

Every user pool moto creates signs its tokens with the same private key, shipped with moto
(``cognitoidp/resources/jwks-private.json``), and each ``CreateUserPool`` imported it again from
its JWK form, recovering the RSA primes: about 0.15 s of CPU, half of what a staff-directory test
costs. Here an imported key is kept by its JWK, so every pool holds the same key object, as it
held an equal one before: tokens are signed and verified exactly as they were.
"""

from __future__ import annotations

import functools
import json
from types import SimpleNamespace
from typing import Any

_MARK = "_contact_centre_keys_imported_once"


def import_signing_key_once() -> None:
    """Idempotent: install the cache in this process's moto."""
    from joserfc import jwk
    from moto.cognitoidp import models

    if getattr(models, _MARK, False):
        return

    @functools.cache
    def imported(key_json: str) -> Any:
        return jwk.RSAKey.import_key(json.loads(key_json))

    def import_key(value: Any) -> Any:
        return imported(json.dumps(value, sort_keys=True))

    # moto's user pool reads ``jwk.RSAKey.import_key`` from its module, for this key only
    models.jwk = SimpleNamespace(RSAKey=SimpleNamespace(import_key=import_key))  # type: ignore[assignment]
    setattr(models, _MARK, True)
