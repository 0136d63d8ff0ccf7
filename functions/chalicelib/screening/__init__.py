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

# The public names, each from where it lives, loaded on first use (``chalicelib.lazy_exports``)
# so that a Lambda recording an opt-out (``consent``) does not build the screening rules.
if TYPE_CHECKING:
    from chalicelib.screening.lists import ListEntry as ListEntry
    from chalicelib.screening.lists import ScreeningList as ScreeningList
    from chalicelib.screening.lists import active as active
    from chalicelib.screening.lists import list_named as list_named
    from chalicelib.screening.lists import parse_expiry as parse_expiry
    from chalicelib.screening.screen import Purpose as Purpose
    from chalicelib.screening.screen import Reason as Reason
    from chalicelib.screening.screen import Screening as Screening
    from chalicelib.screening.screen import Verdict as Verdict
    from chalicelib.screening.screen import decide as decide
    from chalicelib.screening.screen import purpose_named as purpose_named
    from chalicelib.screening.screen import region_named as region_named
    from chalicelib.screening.screen import screen_number as screen_number
    from chalicelib.screening.screen import screen_numbers as screen_numbers
    from chalicelib.screening.store import add_entry as add_entry
    from chalicelib.screening.store import read_entries as read_entries
    from chalicelib.screening.store import remove_entries as remove_entries


__getattr__ = lazy_exports(__name__)
