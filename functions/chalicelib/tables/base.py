"""Shared table plumbing: one naming rule for every table, and every model sends its requests
through the process's one DynamoDB client.

Every model's ``Meta`` declares ``logical_name``; its table is ``$TABLE_NAME_PREFIX`` followed by
that name (``table_name``), in AWS (``contact-centre-<stage>-``, set by CDK) as on the local stack
(``contact-centre-local-``). One variable however many tables: Lambda allows 4 KB for a function's
whole environment. The prefix is read on a model's first request: a function deployed without it
fails then, naming it (``chalicelib.settings``), instead of using a local table.

PynamoDB builds a botocore client per model class, 75-90 ms each on a Lambda's first call; a
handler touching four tables paid that four times. ``TableModel`` hands every model the same
client instead (one per distinct timeout setting: the screening table fails fast mid-call).
"""

from __future__ import annotations

import os
import threading
from typing import Any

from pynamodb.connection import Connection, TableConnection
from pynamodb.models import Model

from chalicelib import settings

#: What decides where a client sends requests besides the model's own settings: a changed endpoint
#: (the local stack) gets a new client instead of reusing one that points elsewhere.
_ENVIRONMENT_KEYS = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION", "AWS_DEFAULT_REGION")

_clients: dict[tuple[Any, ...], Any] = {}
_clients_lock = threading.Lock()


#: The environment variable that holds the stage's table-name prefix.
TABLE_NAME_PREFIX_ENV = "TABLE_NAME_PREFIX"


def table_name(prefix: str, logical_name: str) -> str:
    """The physical name of the table ``logical_name`` in the stage whose prefix is ``prefix``."""
    return f"{prefix}{logical_name}"


def physical_table_name(logical_name: str) -> str:
    """The physical name of table ``logical_name`` here (``$TABLE_NAME_PREFIX`` + the name)."""
    return table_name(settings.required(TABLE_NAME_PREFIX_ENV), logical_name)


def _client_settings(connection: Connection) -> tuple[Any, ...]:
    # PynamoDB 6.1 keeps its client settings in private attributes (pinned in the lock).
    return (
        connection.region,
        connection.host,
        connection._connect_timeout_seconds,
        connection._read_timeout_seconds,
        connection._max_retry_attempts_exception,
        connection._max_pool_connections,
        repr(connection._retry_configuration),
        repr(connection._extra_headers),
        *(os.environ.get(key) for key in _ENVIRONMENT_KEYS),
    )


def shared_client(connection: Connection) -> Any:
    """The process's botocore DynamoDB client for ``connection``'s settings, built once."""
    settings = _client_settings(connection)
    client = _clients.get(settings)
    if client is None:
        with _clients_lock:  # building a botocore client is not thread-safe
            client = _clients.get(settings)
            if client is None:
                connection._client = None
                client = _clients[settings] = connection.client  # PynamoDB's own construction
    return client


def forget_clients() -> None:
    """Drop the shared clients (tests that swap the whole AWS environment)."""
    with _clients_lock:
        _clients.clear()


class TableModel(Model):
    """Base of every table model: its requests go through ``shared_client``."""

    @classmethod
    def _get_connection(cls) -> TableConnection:
        cls.Meta.table_name = physical_table_name(cls.Meta.logical_name)  # type: ignore[attr-defined]
        table = super()._get_connection()
        table.connection._client = shared_client(table.connection)
        return table
