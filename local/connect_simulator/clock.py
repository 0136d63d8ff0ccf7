"""Virtual time for the local stack: calls, schedules and events move on it, nothing sleeps.

The clock starts at the real current time and only moves when told (``advance``), or at a fixed
multiple of real time when a pump runs it (``ConnectSimulator.run_in_background``).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class VirtualClock:
    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def time(self) -> float:
        """Seconds since the epoch, like ``time.time()``."""
        return self._now

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._now, tz=UTC)

    def set(self, epoch_seconds: float) -> None:
        """Move to ``epoch_seconds`` (never backwards)."""
        with self._lock:
            self._now = max(self._now, epoch_seconds)

    def advance(self, seconds: float) -> None:
        self.set(self._now + seconds)


def iso(epoch_seconds: float) -> str:
    """The timestamp format of contact events (``2021-08-04T17:17:53.000Z``)."""
    moment = datetime.fromtimestamp(epoch_seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
