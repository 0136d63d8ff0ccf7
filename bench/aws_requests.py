"""Counting the AWS API requests a benchmark makes, at the botocore client (PynamoDB's too)."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

#: (service, operation) -> the counter's key, or None to leave the request uncounted.
Tally = Callable[[str, str], str | None]


@contextlib.contextmanager
def counting_requests(tally: Tally, *, this_thread_only: bool = False) -> Iterator[Counter[str]]:
    """Count requests by ``tally``'s key while the block runs; ``this_thread_only`` leaves out the
    requests of other threads (e.g. a queue consumer running beside the code measured)."""
    import botocore.client

    calls: Counter[str] = Counter()
    real = botocore.client.BaseClient._make_api_call
    counted_thread = threading.current_thread()

    def counting(client: Any, operation_name: str, params: dict[str, Any]) -> Any:
        if not this_thread_only or threading.current_thread() is counted_thread:
            key = tally(client.meta.service_model.service_name, operation_name)
            if key is not None:
                calls[key] += 1
        return real(client, operation_name, params)

    botocore.client.BaseClient._make_api_call = counting
    try:
        yield calls
    finally:
        botocore.client.BaseClient._make_api_call = real
