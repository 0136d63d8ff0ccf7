"""Dialling capacity shared across every concurrent dialler invocation (DESIGN rule 6).

A call may start only if, in every scope it belongs to (the Connect instance, its campaign),
fewer than ``max_concurrent`` calls are in progress and fewer than ``calls_per_second`` calls
started in the current second. One DynamoDB transaction takes all of it or none of it, so two
Lambdas racing for the last line cannot both win. Each call in progress holds a lease: releasing
twice (a duplicated DISCONNECTED event) is a no-op, and a lease whose release never came (a lost
event) expires and is reclaimed.

    pacer = Pacer()
    grant = pacer.try_acquire("c1#+12125550142#1", [("instance", Limits(10, 5))])
    if grant.granted: ...place the call...; later pacer.release("c1#+12125550142#1", ["instance"])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.tables import PacingRecord, writes

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from pynamodb.transactions import TransactWrite

COUNTER = "counter"
LEASE_PREFIX = "lease#"
SECOND_PREFIX = "second#"


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


@dataclass(frozen=True)
class Grant:
    granted: bool
    #: "concurrency" or "rate" when refused
    refused_by: str | None = None
    #: how long to wait before trying again
    retry_after_s: float = 0.0


class Pacer:
    def __init__(self, clock: Callable[[], float] = clock.now, lease_seconds: int = 900) -> None:
        self.clock = clock
        self.lease_seconds = lease_seconds

    def try_acquire(self, contact_key: str, scopes: Sequence[tuple[str, Limits]]) -> Grant:
        """Take a line and a start-of-call slot in every scope, or nothing at all."""
        now = self.clock()
        try:
            with _transaction() as transaction:
                for scope, limits in scopes:
                    counter = PacingRecord(scope, COUNTER)
                    transaction.update(
                        counter,
                        actions=[PacingRecord.active.add(1)],
                        condition=PacingRecord.active.does_not_exist()
                        | (PacingRecord.active < limits.max_concurrent),
                    )
                    transaction.save(
                        PacingRecord(
                            scope,
                            LEASE_PREFIX + contact_key,
                            held_until=int(now) + self.lease_seconds,
                            held_in=[name for name, _ in scopes],
                        ),
                        condition=PacingRecord.item.does_not_exist(),
                    )
                    window = math.floor(now / limits.rate_window_s) * limits.rate_window_s
                    tally = PacingRecord(scope, f"{SECOND_PREFIX}{window}")
                    transaction.update(
                        tally,
                        actions=[
                            PacingRecord.started.add(1),
                            PacingRecord.expires_at.set(_epoch_datetime(window + 3600)),
                        ],
                        condition=PacingRecord.started.does_not_exist()
                        | (PacingRecord.started < limits.starts_per_window),
                    )
        except TransactWriteError as error:
            return self._refusal(error, contact_key, scopes, now)
        return Grant(True)

    def _refusal(
        self, error: TransactWriteError, contact_key: str, scopes: Sequence[tuple[str, Limits]], now: float
    ) -> Grant:
        reasons = writes.cancellation_codes(error)
        if not reasons:
            raise error
        # PynamoDB sends puts (one lease per scope) before updates (counter, tally per scope).
        kinds = ["lease"] * len(scopes) + ["counter", "tally"] * len(scopes)
        failed = {kind for kind, code in zip(kinds, reasons, strict=False) if code == writes.CONDITION_FAILED}
        if "lease" in failed and self._holds_everywhere(contact_key, [scope for scope, _ in scopes]):
            return Grant(True)  # a redelivered request for a call that already holds its line
        if "counter" in failed:
            return Grant(False, "concurrency", retry_after_s=1.0)
        if "tally" in failed:
            window = max(limits.rate_window_s for _, limits in scopes)
            return Grant(
                False, "rate", retry_after_s=max(0.05, (math.floor(now / window) + 1) * window - now)
            )
        if any(code in {writes.TRANSACTION_CONFLICT, writes.THROTTLED} for code in reasons):
            return Grant(False, "contention", retry_after_s=0.2)
        raise error

    def _holds_everywhere(self, contact_key: str, scopes: Sequence[str]) -> bool:
        return all(_exists(scope, LEASE_PREFIX + contact_key) for scope in scopes)

    def release(self, contact_key: str, scopes: Sequence[str]) -> bool:
        """Give the line back in every scope; False if it had already been given back."""
        released = False
        for scope in scopes:
            try:
                with _transaction() as transaction:
                    transaction.delete(
                        PacingRecord(scope, LEASE_PREFIX + contact_key),
                        condition=PacingRecord.item.exists(),
                    )
                    transaction.update(PacingRecord(scope, COUNTER), actions=[PacingRecord.active.add(-1)])
                released = True
            except TransactWriteError as error:
                if not writes.item_refused(error, 0):  # the lease was already given back
                    raise
        return released

    def in_progress(self, scope: str) -> int:
        try:
            return int(PacingRecord.get(scope, COUNTER).active or 0)
        except PacingRecord.DoesNotExist:
            return 0

    def reclaim_expired(self, scope: str) -> int:
        """Release leases whose call never reported its end (lost events), in every scope the
        call held a line in; returns how many calls."""
        now = self.clock()
        expired = [
            (lease.item[len(LEASE_PREFIX) :], [str(name) for name in lease.held_in or ()] or [scope])
            for lease in PacingRecord.query(scope, PacingRecord.item.startswith(LEASE_PREFIX))
            if lease.held_until is not None and lease.held_until < now
        ]
        return sum(1 for key, held_in in expired if self.release(key, held_in))


def _transaction() -> TransactWrite:
    return writes.transaction(PacingRecord)


def _exists(scope: str, item: str) -> bool:
    try:
        PacingRecord.get(scope, item, consistent_read=True)
        return True
    except PacingRecord.DoesNotExist:
        return False


def _epoch_datetime(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)
