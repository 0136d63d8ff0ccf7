"""What each list does to each kind of call, and when an entry stops counting. Pure logic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.errors import InvalidInput
from chalicelib.screening import ListEntry, Purpose, Reason, ScreeningList, Verdict, decide, list_named
from chalicelib.screening.lists import active, expiry_of_item, parse_expiry

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
INBOUND, MARKETING, SERVICE = Purpose.INBOUND, Purpose.OUTBOUND_MARKETING, Purpose.OUTBOUND_SERVICE


def _entry(name: ScreeningList, expires_at: datetime | None = None) -> ListEntry:
    return ListEntry(name, "because", "test", "tester", NOW - timedelta(days=1), expires_at)


@pytest.mark.parametrize(
    ("on_list", "purpose", "verdict", "reason"),
    [
        (ScreeningList.BLOCK, INBOUND, Verdict.BLOCK, Reason.BLACKLISTED),
        (ScreeningList.BLOCK, MARKETING, Verdict.REFUSE, Reason.BLACKLISTED),
        (ScreeningList.BLOCK, SERVICE, Verdict.REFUSE, Reason.BLACKLISTED),
        (ScreeningList.WARN, INBOUND, Verdict.WARN, Reason.WARNING_LIST),
        (ScreeningList.WARN, MARKETING, Verdict.WARN, Reason.WARNING_LIST),
        (ScreeningList.WARN, SERVICE, Verdict.WARN, Reason.WARNING_LIST),
        (ScreeningList.DNC, INBOUND, Verdict.ALLOW, Reason.NOT_LISTED),
        (ScreeningList.DNC, MARKETING, Verdict.REFUSE, Reason.DO_NOT_CALL),
        (ScreeningList.DNC, SERVICE, Verdict.REFUSE, Reason.DO_NOT_CALL),
        (ScreeningList.OPTOUT, INBOUND, Verdict.ALLOW, Reason.NOT_LISTED),
        (ScreeningList.OPTOUT, MARKETING, Verdict.REFUSE, Reason.OPTED_OUT),
        (ScreeningList.OPTOUT, SERVICE, Verdict.ALLOW, Reason.NOT_LISTED),
    ],
)
def test_each_list_has_its_effect_on_each_kind_of_call(
    on_list: ScreeningList, purpose: Purpose, verdict: Verdict, reason: Reason
) -> None:
    assert decide({on_list}, purpose) == (verdict, reason)


def test_a_number_on_no_list_is_allowed_for_every_purpose() -> None:
    for purpose in Purpose:
        assert decide(set(), purpose) == (Verdict.ALLOW, Reason.NOT_LISTED)


def test_the_strongest_list_decides_when_a_number_is_on_several() -> None:
    everything = set(ScreeningList)
    assert decide(everything, INBOUND) == (Verdict.BLOCK, Reason.BLACKLISTED)
    assert decide(everything, MARKETING) == (Verdict.REFUSE, Reason.BLACKLISTED)
    assert decide({ScreeningList.WARN, ScreeningList.OPTOUT}, MARKETING) == (Verdict.REFUSE, Reason.OPTED_OUT)
    assert decide({ScreeningList.WARN, ScreeningList.OPTOUT}, SERVICE) == (Verdict.WARN, Reason.WARNING_LIST)


def test_an_expired_entry_no_longer_counts() -> None:
    entries = {
        ScreeningList.BLOCK: _entry(ScreeningList.BLOCK, NOW - timedelta(seconds=1)),
        ScreeningList.DNC: _entry(ScreeningList.DNC, NOW + timedelta(days=1)),
        ScreeningList.WARN: _entry(ScreeningList.WARN),
    }
    assert set(active(entries, NOW)) == {ScreeningList.DNC, ScreeningList.WARN}
    assert set(active(entries, NOW + timedelta(days=2))) == {ScreeningList.WARN}


def test_the_item_expires_with_its_last_entry_and_never_while_one_is_permanent() -> None:
    soon, later = NOW + timedelta(days=1), NOW + timedelta(days=30)
    assert expiry_of_item([_entry(ScreeningList.DNC, soon), _entry(ScreeningList.OPTOUT, later)]) == later
    assert expiry_of_item([_entry(ScreeningList.DNC, soon), _entry(ScreeningList.BLOCK)]) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("block", "block"),
        ("Blacklist", "block"),
        ("do-not-call", "dnc"),
        ("DNC", "dnc"),
        ("opt out", "optout"),
        ("STOP", "optout"),
        ("退订", "optout"),
        ("warning", "warn"),
    ],
)
def test_lists_are_recognised_by_the_names_people_use(text: str, name: str) -> None:
    assert list_named(text).value == name


def test_an_unknown_list_is_refused_with_the_valid_names() -> None:
    with pytest.raises(InvalidInput) as error:
        list_named("vip")
    assert error.value.code == "unknown_list"
    assert "dnc" in error.value.message


def test_a_bare_expiry_date_lasts_to_the_end_of_that_day() -> None:
    assert parse_expiry("2026-12-31", NOW) == datetime(2027, 1, 1, tzinfo=UTC)
    assert parse_expiry("2026-06-01T08:00:00+08:00", NOW) == datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    assert parse_expiry("", NOW) is None


@pytest.mark.parametrize("text", ["2020-01-01", "next tuesday", "31/12/2026"])
def test_an_unreadable_or_past_expiry_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_expiry(text, NOW)
    assert error.value.code == "invalid_expiry"
