"""Fail one AWS write at a time, as a throttle or a dying Lambda would, to prove effects happen once.

``AwsWriteFaults`` sits above botocore's retries (``BaseClient._make_api_call``) and fails the
``fail_at``-th write request it sees once armed: DynamoDB writes (PynamoDB goes through the same
call), SNS publishes and Scheduler changes. A run with ``fail_at=None`` counts the writes, so a
test can fail each of them in turn.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import botocore.client
from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from collections.abc import Iterator

WRITES = frozenset(
    {
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "TransactWriteItems",
        "BatchWriteItem",
        "Publish",
        "CreateSchedule",
        "UpdateSchedule",
        "SendMessage",
        "SendMessageBatch",
    }
)


class AwsWriteFaults:
    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.armed = False
        self.writes = 0
        self.failed: list[str] = []  # the operation that was failed, for the test's message

    def check(self, operation: str) -> None:
        if not self.armed or operation not in WRITES:
            return
        self.writes += 1
        if self.writes == self.fail_at:
            self.failed.append(operation)
            raise ClientError(
                {"Error": {"Code": "ServiceUnavailable", "Message": f"injected fault #{self.writes}"}},
                operation,
            )

    @contextmanager
    def installed(self) -> Iterator[AwsWriteFaults]:
        original = botocore.client.BaseClient._make_api_call
        faults = self

        def make_api_call(client: Any, operation: str, params: dict[str, Any]) -> Any:
            faults.check(operation)
            return original(client, operation, params)

        botocore.client.BaseClient._make_api_call = make_api_call  # type: ignore[method-assign]
        try:
            yield self
        finally:
            botocore.client.BaseClient._make_api_call = original  # type: ignore[method-assign]
