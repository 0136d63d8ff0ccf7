"""Dialler messages waiting for a free line: parked in DynamoDB, oldest first, and woken when a
call ends (its line released), instead of polling the queue while every line is taken.

Work-conserving: a released line wakes the oldest waiting message at once, so lines do not sit
idle while contacts wait. Safe against a lost wake-up: while anyone waits, one delayed safety
wake-up message is pending on the dialler queue (armed by a conditional write, so a thousand
parks arm it once); it wakes as many contacts as there are free lines and re-arms itself.

No partition takes every park: parked contacts are spread over ``SHARDS`` partitions
(``parked~0``...), each item keyed by its park time; waking reads the oldest few of every shard and
takes the oldest of them all, so the order is still first parked, first woken.
"""

from __future__ import annotations

import heapq
import json
import uuid
import zlib
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import DeleteError

from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.tables import PacingRecord, writes

SCOPE = "parked"
#: Partitions parked contacts are spread over (a contact always lands on the one its key picks).
SHARDS = 4
#: Every partition that may hold parked contacts, the unsharded one of earlier releases included.
PARTITIONS = (*(f"{SCOPE}~{shard}" for shard in range(SHARDS)), SCOPE)
#: The one pending safety wake-up (``held_until`` = when it is due).
ALARM_SCOPE, ALARM_ITEM = "waiting-room", "safety-wake"
#: A parked message is woken by this delayed queue message even if no call ever ends.
SAFETY_WAKE_S = 60
#: Leftovers are deleted by TTL long after any campaign could still want them.
PARKED_DAYS = 14


def park(campaign_id: str, phones: list[str], attempt: int, now: float) -> None:
    """Keep contacts until a line frees (or the safety wake-up comes): one item per contact, so
    each freed line wakes exactly one contact and nobody is parked twice over."""
    from chalicelib.campaigns.audience import dialler_message

    expires = _epoch(now + PARKED_DAYS * 86400)
    with PacingRecord.batch_write() as writer:
        for order, phone in enumerate(phones):
            item = f"{now:017.6f}#{order:02d}#{uuid.uuid4().hex}"
            writer.save(
                PacingRecord(
                    shard_of(item),
                    item,
                    body=json.dumps(dialler_message(campaign_id, [phone], attempt)),
                    expires_at=expires,
                )
            )
    arm_safety_wake(now)


def arm_safety_wake(now: float) -> bool:
    """Schedule the delayed safety wake-up unless one is already pending; True if this call did.

    The alarm item is written first: if the message is then never sent (a crash), the alarm
    simply falls due and the next park arms a new one.
    """
    from chalicelib import work_queues

    due = now + SAFETY_WAKE_S
    if not writes.save_if(
        PacingRecord(ALARM_SCOPE, ALARM_ITEM, held_until=int(due), expires_at=_epoch(due + 3600)),
        PacingRecord.item.does_not_exist() | (PacingRecord.held_until < int(now)),
    ):
        return False  # already armed
    work_queues.send(DIALLER_QUEUE_ENV, [{"wake": True, "not_before": due}], delay_s=SAFETY_WAKE_S)
    return True


def on_safety_wake(free_lines: int, now: float) -> int:
    """The safety wake-up came: wake one contact per free line, and stay armed while anyone
    waits (so the alarm is one message a minute, not one per parked batch)."""
    woken = wake(free_lines) if free_lines > 0 else 0
    PacingRecord(ALARM_SCOPE, ALARM_ITEM).delete()
    if anyone_waiting():
        arm_safety_wake(now)
    return woken


def wake(count: int = 1) -> int:
    """Send up to ``count`` of the oldest parked messages back to the dialler queue; returns how many."""
    from chalicelib import work_queues

    woken: list[dict[str, Any]] = []
    for parked in oldest_parked(count * 3):
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


def shard_of(item: str) -> str:
    """The partition a parked item goes to: spread by its key (time and a random part)."""
    return f"{SCOPE}~{zlib.crc32(item.encode()) % SHARDS}"


def oldest_parked(limit: int) -> list[PacingRecord]:
    """Up to ``limit`` parked items, oldest first across every partition (``limit`` from each,
    so the ``limit`` oldest of all are among them)."""
    per_partition = [
        PacingRecord.query(partition, consistent_read=True, limit=limit) for partition in PARTITIONS
    ]
    return list(heapq.merge(*per_partition, key=lambda record: str(record.item)))[:limit]


def waiting() -> int:
    return sum(
        1
        for partition in PARTITIONS
        for _ in PacingRecord.query(partition, attributes_to_get=["scope", "item"])
    )


def anyone_waiting() -> bool:
    return any(
        True
        for partition in PARTITIONS
        for _ in PacingRecord.query(partition, limit=1, attributes_to_get=["scope", "item"])
    )


def _epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
