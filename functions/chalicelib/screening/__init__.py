"""Blacklist, warning, do-not-call and opt-out lists, and the one function that screens numbers.

Public surface::

    screen_numbers(numbers, Purpose.OUTBOUND_MARKETING) -> [Screening(verdict, reason, ...)]
    screen_number(caller, Purpose.INBOUND)              -> Screening   (one GetItem)
    add_entry / remove_entries / read_entries           single-number management
    import_csv(lines, ImportOptions(...))               bulk import with a per-row report
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from chalicelib.screening.lists import ListEntry, ScreeningList, active, list_named, parse_expiry
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

#: Public name -> the submodule that defines it, loaded on first use (``chalicelib.lazy_exports``) so
#: that a Lambda recording an opt-out (``consent``) does not build the screening rules.
_HOME = {
    **dict.fromkeys(("ListEntry", "ScreeningList", "active", "list_named", "parse_expiry"), "lists"),
    **dict.fromkeys(
        (
            "Purpose",
            "Reason",
            "Screening",
            "Verdict",
            "decide",
            "purpose_named",
            "region_named",
            "screen_number",
            "screen_numbers",
        ),
        "screen",
    ),
    **dict.fromkeys(("add_entry", "read_entries", "remove_entries"), "store"),
}


__getattr__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _HOME.items()})

__all__ = [
    "ListEntry",
    "Purpose",
    "Reason",
    "Screening",
    "ScreeningList",
    "Verdict",
    "active",
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
