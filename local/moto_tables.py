"""moto's DynamoDB tables in this process, kept and put back whole.

Creating the tables or seeding items through the API costs tenths of a second each time (the
local stack's start, the ``aws`` fixture, fixtures that seed knowledge or a day of events), while
putting back a copy of moto's tables is the same state in a millisecond. This is the one place
that knows where moto keeps them and how they are copied (pickled: half a deep copy's cost).
"""

from __future__ import annotations

import os
import pickle
from typing import Any


def tables() -> dict[str, Any]:
    """moto's tables by name, for this process's default account and region."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    found: dict[str, Any] = dynamodb_backends[DEFAULT_ACCOUNT_ID][
        os.environ.get("AWS_REGION", "us-east-1")
    ].tables
    return found


def kept(names: tuple[str, ...] | None = None) -> bytes:
    """A copy of the tables as they are now (of ``names`` only, if given)."""
    current = tables()
    chosen = current if names is None else {name: current[name] for name in names}
    return pickle.dumps(chosen, protocol=pickle.HIGHEST_PROTOCOL)


def put_back(copy: bytes) -> None:
    """Replace the tables in ``copy`` with a fresh copy of them (other tables stay as they are)."""
    tables().update(pickle.loads(copy))
