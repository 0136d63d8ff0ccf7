"""Revoking consent: one record per number (the ``optout`` list) shared by voice, SMS and
callbacks, kept with its proof - when, through which channel, what the person said or pressed.

Written with one read-free update of the ``optout`` entry alone, so an opt-out always wins over
a concurrent import or edit of the same number (``store.add_permanent_entry``)."""

from __future__ import annotations

from datetime import datetime

from chalicelib.screening.lists import ListEntry, ScreeningList
from chalicelib.screening.store import add_permanent_entry


def record_opt_out(number: str, *, channel: str, said: str, now: datetime) -> None:
    """Put ``number`` on the opt-out list; ``channel`` e.g. ``sms_reply`` or ``campaign_key``."""
    entry = ListEntry(
        list=ScreeningList.OPTOUT,
        reason=said[:200],
        source=channel,
        added_by="callee",
        added_at=now,
    )
    add_permanent_entry(number, entry)
