"""The one time source of the functions: every "now" in ``functions/`` is read here.

In Lambda this is the system clock. The local stack's simulations replace ``source`` with their
virtual clock once at start-up (an assignment, not a branch in the code), and tests replace it
to stand anywhere in time; code that is handed a time (``now=``) uses that instead.

Ruff's banned-api rule (TID251, pyproject.toml) refuses ``datetime.now``, ``time.time`` and
their kin anywhere else in ``functions/chalicelib``.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

source: Callable[[], float] = time.time


def now() -> float:
    """Seconds since the epoch, like ``time.time()``."""
    return source()


def utcnow() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.fromtimestamp(source(), UTC)


def today(zone: tzinfo) -> date:
    """The current date in ``zone`` (the centre's days: ``quality.aggregates.business_zone``)."""
    return utcnow().astimezone(zone).date()
