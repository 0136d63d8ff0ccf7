"""Revoking consent: one record per number (the ``optout`` list) shared by voice, SMS and
callbacks, kept with its proof - when, through which channel, what the person said or pressed."""

from __future__ import annotations

from datetime import datetime

from chalicelib.screening.lists import ListEntry, ScreeningList
from chalicelib.screening.store import add_entry


def record_opt_out(number: str, *, channel: str, said: str, now: datetime) -> None:
    """Put ``number`` on the opt-out list; ``channel`` e.g. ``sms_reply`` or ``campaign_key``."""
    entry = ListEntry(
        list=ScreeningList.OPTOUT,
        reason=said[:200],
        source=channel,
        added_by="callee",
        added_at=now,
    )
    add_entry(number, entry, now)
