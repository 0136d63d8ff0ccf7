"""The product reads time from one clock, so a test (or the simulator) decides what "now" is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import clock
from chalicelib.screening import ListEntry, Purpose, Reason, ScreeningList, add_entry, screen_number
from chalicelib.tickets.lifecycle import open_ticket
from chalicelib.tickets.opening_plan import TicketRequest

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The moment the product sees; a test moves it by replacing the one element."""
    moment = [NOON]
    monkeypatch.setattr(clock, "source", lambda: moment[0].timestamp())
    return moment


def test_a_ticket_is_stamped_with_the_clocks_time(aws: None, at: list[datetime]) -> None:
    ticket = open_ticket(TicketRequest(phone="+12125550142", category="inquiry", channel="web", actor="test"))
    assert ticket.created_at == NOON
    assert [entry.at for entry in ticket.history] == [NOON]


def test_a_temporary_block_ends_when_the_clock_passes_its_expiry(aws: None, at: list[datetime]) -> None:
    entry = ListEntry(ScreeningList.BLOCK, "cooling off", "agent", "lead", NOON, NOON + timedelta(hours=1))
    add_entry("+12125550142", entry, NOON)
    assert screen_number("+12125550142", Purpose.OUTBOUND_MARKETING).reason == Reason.BLACKLISTED
    at[0] = NOON + timedelta(hours=2)
    assert screen_number("+12125550142", Purpose.OUTBOUND_MARKETING).reason == Reason.NOT_LISTED
