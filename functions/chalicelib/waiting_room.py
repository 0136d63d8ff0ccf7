"""Dialler messages waiting for a free line: parked in DynamoDB, oldest first, and woken when a
call ends (its line released), instead of polling the queue while every line is taken.

Work-conserving: a released line wakes the oldest waiting message at once, so lines do not sit
idle while contacts wait. Safe against a lost wake-up: every park also schedules a delayed
wake-up message on the dialler queue, and waking re-checks for free lines.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import DeleteError

from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.tables import PacingRecord

SCOPE = "parked"
#: A parked message is woken by this delayed queue message even if no call ever ends.
SAFETY_WAKE_S = 60
#: Leftovers are deleted by TTL long after any campaign could still want them.
PARKED_DAYS = 14


def park(campaign_id: str, phones: list[str], attempt: int, now: float) -> None:
    """Keep contacts until a line frees (or the safety wake-up comes): one item per contact, so
    each freed line wakes exactly one contact and nobody is parked twice over."""
    from chalicelib import work_queues
    from chalicelib.campaigns.audience import dialler_message

    expires = _epoch(now + PARKED_DAYS * 86400)
    with PacingRecord.batch_write() as writer:
        for order, phone in enumerate(phones):
            writer.save(
                PacingRecord(
                    SCOPE,
                    f"{now:017.6f}#{order:02d}#{uuid.uuid4().hex}",
                    body=json.dumps(dialler_message(campaign_id, [phone], attempt)),
                    expires_at=expires,
                )
            )
    work_queues.send(
        DIALLER_QUEUE_ENV, [{"wake": True, "not_before": now + SAFETY_WAKE_S}], delay_s=SAFETY_WAKE_S
    )


def wake(count: int = 1) -> int:
    """Send up to ``count`` of the oldest parked messages back to the dialler queue; returns how many."""
    from chalicelib import work_queues

    woken: list[dict[str, Any]] = []
    for parked in PacingRecord.query(SCOPE, consistent_read=True, limit=count * 3):
        if len(woken) == count:
            break
        try:
            parked.delete(condition=PacingRecord.item.exists())
        except DeleteError:
            continue  # another handler woke it first
        woken.append({**json.loads(parked.body or "{}"), "not_before": 0})
    if woken:
        work_queues.send(DIALLER_QUEUE_ENV, woken)
    return len(woken)


def waiting() -> int:
    return sum(1 for _ in PacingRecord.query(SCOPE, attributes_to_get=["scope", "item"]))


def _epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
