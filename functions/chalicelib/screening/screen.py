"""The one screening function: may we dial this number, or answer this caller, and why not.

Used by every outbound path (campaign loader, callbacks) and by the inbound flow's Lambda::

    results = screen_numbers(["+12125550142", "(212) 555-0143"], Purpose.OUTBOUND_MARKETING,
                             default_region="US")
    dial = [r.number for r in results if r.may_dial]
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from chalicelib import clock
from chalicelib.errors import InvalidInput
from chalicelib.phone import to_e164
from chalicelib.screening import store
from chalicelib.screening.lists import ListEntry, ScreeningList, active

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping
    from datetime import datetime


class Purpose(StrEnum):
    INBOUND = "inbound"  # a caller reaching the main flow
    OUTBOUND_MARKETING = "outbound_marketing"  # campaigns, marketing SMS
    OUTBOUND_SERVICE = "outbound_service"  # callbacks the customer asked for, service notices


class Verdict(StrEnum):
    ALLOW = "allow"
    BLOCK = "block"  # inbound: refuse the call
    WARN = "warn"  # go ahead, but flag the contact for the agent
    REFUSE = "refuse"  # outbound: do not dial


class Reason(StrEnum):
    NOT_LISTED = "not_listed"
    BLACKLISTED = "blacklisted"
    DO_NOT_CALL = "do_not_call"
    OPTED_OUT = "opted_out"
    WARNING_LIST = "warning_list"
    INVALID_NUMBER = "invalid_number"


# Per purpose, the lists that matter, strongest first: the first list a number is on decides.
# dnc and optout do not stop a customer calling us; optout only stops marketing.
_RULES: dict[Purpose, tuple[tuple[ScreeningList, Verdict, Reason], ...]] = {
    Purpose.INBOUND: (
        (ScreeningList.BLOCK, Verdict.BLOCK, Reason.BLACKLISTED),
        (ScreeningList.WARN, Verdict.WARN, Reason.WARNING_LIST),
    ),
    Purpose.OUTBOUND_MARKETING: (
        (ScreeningList.BLOCK, Verdict.REFUSE, Reason.BLACKLISTED),
        (ScreeningList.DNC, Verdict.REFUSE, Reason.DO_NOT_CALL),
        (ScreeningList.OPTOUT, Verdict.REFUSE, Reason.OPTED_OUT),
        (ScreeningList.WARN, Verdict.WARN, Reason.WARNING_LIST),
    ),
    Purpose.OUTBOUND_SERVICE: (
        (ScreeningList.BLOCK, Verdict.REFUSE, Reason.BLACKLISTED),
        (ScreeningList.DNC, Verdict.REFUSE, Reason.DO_NOT_CALL),
        (ScreeningList.WARN, Verdict.WARN, Reason.WARNING_LIST),
    ),
}


@dataclass(frozen=True)
class Screening:
    """The verdict on one number, with the reason a person (or a report) can act on."""

    input: str
    number: str | None  # E.164, None when the input is not a valid number
    purpose: Purpose
    verdict: Verdict
    reason: Reason
    lists: tuple[str, ...] = ()  # every list the number is on right now
    note: str = ""  # the deciding entry's reason text, e.g. what the agent should know

    @property
    def may_dial(self) -> bool:
        """Outbound paths dial on allow and warn (a warning only informs the agent)."""
        return self.purpose != Purpose.INBOUND and self.verdict in (Verdict.ALLOW, Verdict.WARN)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "number": self.number,
            "verdict": self.verdict.value,
            "reason": self.reason.value,
            "lists": list(self.lists),
            "note": self.note,
        }


def purpose_named(raw: str) -> Purpose:
    try:
        return Purpose((raw or "").strip().lower())
    except ValueError:
        names = ", ".join(item.value for item in Purpose)
        raise InvalidInput(f"unknown purpose {raw!r}: use one of {names}", code="unknown_purpose") from None


def decide(on_lists: Collection[ScreeningList], purpose: Purpose) -> tuple[Verdict, Reason]:
    """The verdict for a number on ``on_lists`` (active entries only). Pure."""
    for list_name, verdict, reason in _RULES[purpose]:
        if list_name in on_lists:
            return verdict, reason
    return Verdict.ALLOW, Reason.NOT_LISTED


def _verdict(
    raw: str, number: str, purpose: Purpose, entries: Mapping[ScreeningList, ListEntry], now: datetime
) -> Screening:
    in_force = active(entries, now)
    verdict, reason = decide(in_force, purpose)
    deciding = next((in_force[name] for name, v, r in _RULES[purpose] if (v, r) == (verdict, reason)), None)
    return Screening(
        input=raw,
        number=number,
        purpose=purpose,
        verdict=verdict,
        reason=reason,
        lists=tuple(sorted(name.value for name in in_force)),
        note=deciding.reason if deciding else "",
    )


def _invalid(raw: str, purpose: Purpose) -> Screening:
    # A caller we cannot identify is still answered; a number we cannot parse is never dialled.
    verdict = Verdict.ALLOW if purpose == Purpose.INBOUND else Verdict.REFUSE
    return Screening(input=raw, number=None, purpose=purpose, verdict=verdict, reason=Reason.INVALID_NUMBER)


def _normalise(raw: str, default_region: str | None) -> str | None:
    try:
        return to_e164(str(raw), default_region)
    except InvalidInput:
        return None


def screen_numbers(
    numbers: Iterable[str],
    purpose: Purpose | str,
    *,
    default_region: str | None = None,
    now: datetime | None = None,
) -> list[Screening]:
    """One verdict per input, in order: one BatchGetItem key per distinct valid number.

    Invalid numbers are answered without a read; duplicates (in any formatting) are read once.
    """
    purpose = purpose_named(purpose) if not isinstance(purpose, Purpose) else purpose
    now = now or clock.utcnow()
    inputs = list(numbers)
    parsed: dict[str, str | None] = {}
    for raw in inputs:
        if raw not in parsed:
            parsed[raw] = _normalise(raw, default_region)
    stored = store.read_many(number for number in parsed.values() if number)
    results = []
    for raw in inputs:
        number = parsed[raw]
        if number is None:
            results.append(_invalid(raw, purpose))
        else:
            results.append(_verdict(raw, number, purpose, stored.get(number, {}), now))
    return results


def screen_number(
    raw: str, purpose: Purpose, *, default_region: str | None = None, now: datetime | None = None
) -> Screening:
    """One number, one GetItem: what the inbound flow's Lambda uses mid-call."""
    number = _normalise(raw, default_region)
    if number is None:
        return _invalid(raw, purpose)
    return _verdict(raw, number, purpose, store.read_entries(number), now or clock.utcnow())


def region_named(raw: str) -> str:
    """A default country for national-format numbers: ``"cn"`` -> ``"CN"``; InvalidInput otherwise."""
    import phonenumbers

    region = (raw or "").strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(
            f"unknown country {raw!r}: use a two-letter code such as CN or US", code="invalid_country"
        )
    return str(region)
