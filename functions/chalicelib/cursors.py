"""The pagination cursors the API hands out: a DynamoDB start key sealed with the stage's key
(``chalicelib.signing``), so a client can pass it back but cannot forge a key DynamoDB would refuse.

    page["next"] = cursor_of(result.last_evaluated_key)
    last_key = start_key_of(request_cursor)     # InvalidInput (400) for anything else
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib import signing
from chalicelib.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Mapping


def cursor_of(key: Mapping[str, Any]) -> str:
    return signing.seal(dict(key))


def start_key_of(cursor: str) -> dict[str, Any]:
    """The start key ``cursor`` carries; refused unless this API handed it out."""
    key = signing.unseal(cursor)
    if key is None:
        raise InvalidInput("next is not a cursor this API returned")
    return key
