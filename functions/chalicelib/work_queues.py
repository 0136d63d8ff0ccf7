"""The SQS adapter: send work in batches (10 messages a request), delay it, and keep it.

Every queue is named by an environment variable (``chalicelib.resources.QUEUES``). A message
that cannot be handled yet is never dropped: it is re-sent with a delay, or its visibility is
extended, and only then acknowledged.
"""

from __future__ import annotations

import json
import os
import uuid
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: SQS's own limits.
MAX_BATCH = 10
MAX_DELAY_S = 900


@lru_cache(maxsize=1)
def _client() -> Any:
    import boto3

    return boto3.client("sqs")


def forget_client() -> None:
    _client.cache_clear()


def queue_url(env_var: str) -> str:
    url = os.environ.get(env_var)
    if not url:
        raise RuntimeError(f"{env_var} is not set: the stack did not configure this queue")
    return url


def max_delay_s() -> int:
    """Longest SQS delivery delay to use; messages carry their own due time (``not_before``), so a
    shorter cap only means an early look. An accelerated local simulation sets it to 0."""
    return max(0, min(MAX_DELAY_S, int(os.environ.get("QUEUE_MAX_DELAY_S", MAX_DELAY_S))))


def send(env_var: str, bodies: Iterable[dict[str, Any]], delay_s: float = 0) -> int:
    """Send every body (JSON) in batches of 10; retries entries SQS refused; returns requests made."""
    url = queue_url(env_var)
    delay = max(0, min(max_delay_s(), int(delay_s)))
    requests = 0
    batch: list[dict[str, Any]] = []
    for body in bodies:
        batch.append({"Id": uuid.uuid4().hex, "MessageBody": json.dumps(body), "DelaySeconds": delay})
        if len(batch) == MAX_BATCH:
            requests += _send_batch(url, batch)
            batch = []
    if batch:
        requests += _send_batch(url, batch)
    return requests


def _send_batch(url: str, entries: Sequence[dict[str, Any]], attempts: int = 5) -> int:
    pending = list(entries)
    for attempt in range(1, attempts + 1):
        response = _client().send_message_batch(QueueUrl=url, Entries=pending)
        failed_ids = {failure["Id"] for failure in response.get("Failed", [])}
        if not failed_ids:
            return attempt
        pending = [entry for entry in pending if entry["Id"] in failed_ids]
    raise RuntimeError(f"SQS refused {len(pending)} message(s) after {attempts} attempts")
