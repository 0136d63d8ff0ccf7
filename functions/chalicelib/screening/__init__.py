"""Blacklist, warning, do-not-call and opt-out lists, and the one function that screens numbers.

Public surface::

    screen_numbers(numbers, Purpose.OUTBOUND_MARKETING) -> [Screening(verdict, reason, ...)]
    screen_number(caller, Purpose.INBOUND)              -> Screening   (one GetItem)
    add_entry / remove_entries / read_entries           single-number management
    import_csv(lines, ImportOptions(...))               bulk import with a per-row report
"""

from __future__ import annotations

from chalicelib.screening.lists import ListEntry, ScreeningList, list_named, parse_expiry
from chalicelib.screening.screen import (
    Purpose,
    Reason,
    Screening,
    Verdict,
    decide,
    purpose_named,
    region_named,
    screen_number,
    screen_numbers,
)
from chalicelib.screening.store import add_entry, read_entries, remove_entries

__all__ = [
    "ListEntry",
    "Purpose",
    "Reason",
    "Screening",
    "ScreeningList",
    "Verdict",
    "add_entry",
    "decide",
    "list_named",
    "parse_expiry",
    "purpose_named",
    "read_entries",
    "region_named",
    "remove_entries",
    "screen_number",
    "screen_numbers",
]
