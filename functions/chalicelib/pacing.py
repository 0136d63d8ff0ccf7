"""Dialling capacity shared across every concurrent dialler invocation (DESIGN rule 6).

A call may start only if, in every scope it belongs to (the Connect instance, its campaign),
fewer than ``max_concurrent`` calls are in progress and fewer than ``calls_per_second`` calls
started in the current second. One DynamoDB transaction takes all of it or none of it, so two
Lambdas racing for the last line cannot both win. Each call in progress holds a lease: releasing
twice (a duplicated DISCONNECTED event) is a no-op, and a lease whose release never came (a lost
event) expires and is reclaimed.

No item takes every dial: a scope's lines and starts are split over up to ``MAX_SHARDS``
partitions (``instance~0``...), each with its share of the limits, so the shares never add up to
more than the scope's limits. A dial reads the shards' counters (one BatchGetItem), takes a line
in a shard with room for it (its own shard first, picked by its key), and the transaction's
conditions still guard every share against a racing dialler. Readers add the shards up. A shard
may refuse while another has room for a start but not a line: the dial waits a little, never
more than the limits allow.

    pacer = Pacer()
    grant = pacer.try_acquire("c1#+12125550142#1", [("instance", Limits(10, 5))])
    if grant.granted: ...place the call...; later pacer.release("c1#+12125550142#1", grant.held)
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.tables import PacingRecord, writes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from pynamodb.transactions import TransactWrite

COUNTER = "counter"
LEASE_PREFIX = "lease#"
SECOND_PREFIX = "second#"
#: Most partitions one scope's capacity is split over.
MAX_SHARDS = 4
#: Dials that lost a race for a shard read the counters again this many times before waiting.
ATTEMPTS = 3


@dataclass(frozen=True)
class Limits:
    max_concurrent: int
    calls_per_second: float

    @property
    def rate_window_s(self) -> int:
        """Below one call a second, count starts over a longer window (0.5/s = 1 per 2 s)."""
        return 1 if self.calls_per_second >= 1 else max(1, round(1 / self.calls_per_second))

    @property
    def starts_per_window(self) -> int:
        return max(1, int(self.calls_per_second * self.rate_window_s))

    @property
    def shards(self) -> int:
        """Partitions the scope is split over: each gets at least one line and one start."""
        return max(1, min(MAX_SHARDS, self.max_concurrent, self.starts_per_window))


def share(total: int, shards: int, shard: int) -> int:
    """Shard ``shard``'s part of ``total`` split as evenly as whole numbers allow.

    >>> [share(10, 4, shard) for shard in range(4)]
    [3, 3, 2, 2]
    """
    return total // shards + (1 if shard < total % shards else 0)


def partition(scope: str, shard: int) -> str:
    return f"{scope}~{shard}"


def partitions(scope: str) -> list[str]:
    """Every partition that may hold part of ``scope`` (the unsharded one of earlier releases too)."""
    return [*(partition(scope, shard) for shard in range(MAX_SHARDS)), scope]


@dataclass(frozen=True)
class Grant:
    granted: bool
    #: "concurrency", "rate" or "contention" when refused
    refused_by: str | None = None
    #: how long to wait before trying again
    retry_after_s: float = 0.0
    #: the partitions the call's line is held in (give them to ``release``)
    held: list[str] = field(default_factory=list)


@dataclass
class _Shards:
    """What one read saw of a dial's scopes: counters and this window's tallies per partition,
    and where this call already holds a lease."""

    active: dict[str, int]
    started: dict[str, int]
    leases: dict[str, str]  # scope -> partition


class Pacer:
    def __init__(self, clock: Callable[[], float] = clock.now, lease_seconds: int = 900) -> None:
        self.clock = clock
        self.lease_seconds = lease_seconds

    def try_acquire(self, contact_key: str, scopes: Sequence[tuple[str, Limits]]) -> Grant:
        """Take a line and a start-of-call slot in every scope, or nothing at all."""
        now = self.clock()
        for _ in range(ATTEMPTS):
            seen = self._read(contact_key, scopes, now)
            if seen.leases and len(seen.leases) == len(scopes):
                # a redelivered request for a call that already holds its line
                return Grant(True, held=[seen.leases[scope] for scope, _ in scopes])
            if seen.leases:
                raise RuntimeError(f"call {contact_key} holds a line in {sorted(seen.leases)} only")
            chosen: list[str] = []
            for scope, limits in scopes:
                lines = [
                    shard for shard in _order(contact_key, limits) if _has_line(seen, scope, limits, shard)
                ]
                if not lines:
                    return Grant(False, "concurrency", retry_after_s=1.0)
            for scope, limits in scopes:
                ready = [
                    shard
                    for shard in _order(contact_key, limits)
                    if _has_line(seen, scope, limits, shard) and _has_start(seen, scope, limits, shard)
                ]
                if not ready:
                    slowest = max(limits.rate_window_s for _, limits in scopes)
                    return Grant(
                        False,
                        "rate",
                        retry_after_s=max(0.05, (math.floor(now / slowest) + 1) * slowest - now),
                    )
                chosen.append(partition(scope, ready[0]))
            try:
                self._take(contact_key, list(zip(chosen, (limits for _, limits in scopes), strict=True)), now)
            except TransactWriteError as error:
                codes = writes.cancellation_codes(error)
                if not codes or not (writes.refused_items(error) or writes.conflicted(error)):
                    raise
                continue  # a racing dialler took that share (or this call's lease): look again
            return Grant(True, held=chosen)
        return Grant(False, "contention", retry_after_s=0.2)

    def _read(self, contact_key: str, scopes: Sequence[tuple[str, Limits]], now: float) -> _Shards:
        keys: list[tuple[str, str]] = []
        for scope, limits in scopes:
            tally = f"{SECOND_PREFIX}{_window(now, limits)}"
            for shard in range(limits.shards):
                keys += [(partition(scope, shard), COUNTER), (partition(scope, shard), tally)]
            keys += [(where, LEASE_PREFIX + contact_key) for where in partitions(scope)]
        seen = _Shards({}, {}, {})
        owner = {where: scope for scope, _ in scopes for where in partitions(scope)}
        for record in PacingRecord.batch_get(keys, consistent_read=True):
            where, item = str(record.scope), str(record.item)
            if item == COUNTER:
                seen.active[where] = int(record.active or 0)
            elif item.startswith(SECOND_PREFIX):
                seen.started[where] = int(record.started or 0)
            else:
                seen.leases[owner[where]] = where
        return seen

    def _take(self, contact_key: str, shares: Sequence[tuple[str, Limits]], now: float) -> None:
        held = [where for where, _ in shares]
        with _transaction() as transaction:
            for where, limits in shares:
                shard, shards = int(where.rsplit("~", 1)[1]), limits.shards
                transaction.update(
                    PacingRecord(where, COUNTER),
                    actions=[PacingRecord.active.add(1)],
                    condition=PacingRecord.active.does_not_exist()
                    | (PacingRecord.active < share(limits.max_concurrent, shards, shard)),
                )
                transaction.save(
                    PacingRecord(
                        where,
                        LEASE_PREFIX + contact_key,
                        held_until=int(now) + self.lease_seconds,
                        held_in=held,
                    ),
                    condition=PacingRecord.item.does_not_exist(),
                )
                window = _window(now, limits)
                transaction.update(
                    PacingRecord(where, f"{SECOND_PREFIX}{window}"),
                    actions=[
                        PacingRecord.started.add(1),
                        PacingRecord.expires_at.set(_epoch_datetime(window + 3600)),
                    ],
                    condition=PacingRecord.started.does_not_exist()
                    | (PacingRecord.started < share(limits.starts_per_window, shards, shard)),
                )

    def release(self, contact_key: str, scopes: Sequence[str]) -> bool:
        """Give the line back in every scope; False if it had already been given back.

        ``scopes`` are the partitions a grant names (``Grant.held``), or scope names (``instance``)
        whose partitions are searched for the call's lease.
        """
        released = False
        for where in self._lease_partitions(contact_key, scopes):
            try:
                with _transaction() as transaction:
                    transaction.delete(
                        PacingRecord(where, LEASE_PREFIX + contact_key),
                        condition=PacingRecord.item.exists(),
                    )
                    transaction.update(PacingRecord(where, COUNTER), actions=[PacingRecord.active.add(-1)])
                released = True
            except TransactWriteError as error:
                if not writes.item_refused(error, 0):  # the lease was already given back
                    raise
        return released

    @staticmethod
    def _lease_partitions(contact_key: str, scopes: Sequence[str]) -> list[str]:
        named = [scope for scope in scopes if "~" in scope]
        searched = [where for scope in scopes if "~" not in scope for where in partitions(scope)]
        if not searched:
            return named
        keys = [(where, LEASE_PREFIX + contact_key) for where in searched]
        found = {str(record.scope) for record in PacingRecord.batch_get(keys, consistent_read=True)}
        return named + [where for where in searched if where in found]

    def in_progress(self, scope: str) -> int:
        """Calls in progress in ``scope``: its shards added up."""
        keys = [(where, COUNTER) for where in partitions(scope)]
        return sum(int(record.active or 0) for record in PacingRecord.batch_get(keys, consistent_read=True))

    def reclaim_expired(self, scope: str) -> int:
        """Release leases whose call never reported its end (lost events), in every scope the
        call held a line in; returns how many calls."""
        now = self.clock()
        expired = [
            (
                lease.item[len(LEASE_PREFIX) :],
                [str(name) for name in lease.held_in or ()] or [str(lease.scope)],
            )
            for where in partitions(scope)
            for lease in PacingRecord.query(where, PacingRecord.item.startswith(LEASE_PREFIX))
            if lease.held_until is not None and lease.held_until < now
        ]
        return sum(1 for key, held_in in expired if self.release(key, held_in))


def _order(contact_key: str, limits: Limits) -> Iterable[int]:
    """The scope's shards, starting with the one the call's key picks (spreads the writes)."""
    first = zlib.crc32(contact_key.encode()) % limits.shards
    return [(first + step) % limits.shards for step in range(limits.shards)]


def _window(now: float, limits: Limits) -> int:
    return math.floor(now / limits.rate_window_s) * limits.rate_window_s


def _has_line(seen: _Shards, scope: str, limits: Limits, shard: int) -> bool:
    where = partition(scope, shard)
    return seen.active.get(where, 0) < share(limits.max_concurrent, limits.shards, shard)


def _has_start(seen: _Shards, scope: str, limits: Limits, shard: int) -> bool:
    where = partition(scope, shard)
    return seen.started.get(where, 0) < share(limits.starts_per_window, limits.shards, shard)


def _transaction() -> TransactWrite:
    return writes.transaction(PacingRecord)


def _epoch_datetime(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)
