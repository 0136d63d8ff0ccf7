"""Make moto's DynamoDB answer one request at a time, as real DynamoDB's guarantees require.

moto applies a TransactWriteItems item by item and rolls back by restoring a deep copy of whole
tables, so concurrent requests (the threaded moto server, or threads in a test) can interleave
with a transaction, lose each other's writes or crash copying a table mid-write. Real DynamoDB
makes a transaction atomic and isolated; serialising requests restores that, so concurrency tests
measure our conditions, not the emulator's races.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

_LOCK = threading.RLock()


def serialize_dynamodb() -> None:
    """Idempotent: wrap moto's DynamoDB request handler in one process-wide lock."""
    from moto.dynamodb.responses import DynamoHandler

    if getattr(DynamoHandler, "_serialised_by_contact_centre", False):
        return
    original = DynamoHandler.call_action

    @functools.wraps(original)
    def call_action(self: Any) -> Any:
        with _LOCK:
            return original(self)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
    DynamoHandler._serialised_by_contact_centre = True  # type: ignore[attr-defined]
