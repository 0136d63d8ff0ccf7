"""The time the domain reads when it is not handed one.

In Lambda this is the system clock. The local stack's accelerated simulations replace ``source``
with their virtual clock once at start-up (an assignment, not a branch in the code).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

source: Callable[[], float] = time.time


def now() -> float:
    return source()
