"""The shape of a rule pack's answer: windows, caps and consent needs, as plain data.

A pack only *declares* rules for one callee and campaign; ``decision.py`` applies them. That keeps
each country's pack a few readable lines and lets one engine compute "when may we call next".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import time, timedelta

ALL_DAYS = frozenset(range(7))


@dataclass(frozen=True)
class LocalWindow:
    """Callee-local hours on some weekdays (``date.weekday()``); ``end`` None means midnight."""

    start: time
    end: time | None
    days: frozenset[int]
    source: str  # who asks for it, shown to people: "US (TCPA): 08:00-21:00"


class CapScope(StrEnum):
    """Which earlier calls to the number count towards a cap."""

    CAMPAIGN = "campaign"  # calls of this campaign
    PURPOSE = "purpose"  # calls of any campaign with this campaign's purpose (e.g. all collection)
    NUMBER = "number"  # every call to the number, whatever placed it


@dataclass(frozen=True)
class RollingCap:
    """At most ``limit`` calls in any ``period`` (a rolling window, not calendar days)."""

    limit: int
    period: timedelta
    scope: CapScope
    source: str


@dataclass(frozen=True)
class Rules:
    pack: str
    windows: tuple[LocalWindow, ...]
    caps: tuple[RollingCap, ...] = ()
    requires_marketing_consent: bool = False

    def adding(
        self,
        pack: str,
        windows: tuple[LocalWindow, ...] = (),
        caps: tuple[RollingCap, ...] = (),
        requires_marketing_consent: bool = False,
    ) -> Rules:
        """These rules plus stricter ones: every window and cap must hold."""
        return Rules(
            pack=pack,
            windows=self.windows + windows,
            caps=self.caps + caps,
            requires_marketing_consent=self.requires_marketing_consent or requires_marketing_consent,
        )
