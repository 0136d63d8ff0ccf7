"""A fixed-window rate limit on public endpoints, counted in DynamoDB so every Lambda shares it.

One conditional UpdateItem per request: the counter of the current window is incremented only
while it is below the limit, so concurrent requests can never push it past. Old windows expire
by TTL. Subjects (phone numbers, IP addresses) are hashed before they become keys.

    hit("self-service-ticket:phone", "+12125550142", limit=5, window_seconds=3600)
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from chalicelib import clock
from chalicelib.errors import TooManyRequests
from chalicelib.tables import writes
from chalicelib.tables.rate_limits import RateLimitRecord


def window_key(scope: str, subject: str, window_seconds: int, now: float) -> tuple[str, int]:
    """The counter's key and the end of its window (epoch seconds)."""
    start = int(now // window_seconds) * window_seconds
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"{scope}#{digest}#{start}", start + window_seconds


def hit(scope: str, subject: str, *, limit: int, window_seconds: int, now: float | None = None) -> int:
    """Count one request of ``subject`` in ``scope``; raises TooManyRequests past ``limit``.

    Returns the number of requests in the current window, this one included.
    """
    key, window_end = window_key(scope, subject, window_seconds, clock.now() if now is None else now)
    record = RateLimitRecord(key)
    if not writes.update_if(
        record,
        [
            RateLimitRecord.hits.add(1),
            RateLimitRecord.expires_at.set(datetime.fromtimestamp(window_end + 60, UTC)),
        ],
        RateLimitRecord.hits.does_not_exist() | (RateLimitRecord.hits < limit),
    ):
        minutes = max(1, round(window_seconds / 60))
        raise TooManyRequests(f"too many requests: at most {limit} every {minutes} minutes; try again later")
    return int(record.hits or 0)
