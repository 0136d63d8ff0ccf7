"""Listing tickets through indexes, a page at a time; a scan is never used."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from pynamodb.connection.base import Connection

from chalicelib import clock, tickets
from chalicelib.errors import InvalidInput
from tests.functional.tickets_support import CALLER, OTHER_CALLER, hire, new_ticket

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def no_scans(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a ticket query used Scan")

    monkeypatch.setattr(Connection, "scan", refuse)
    yield


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def test_a_callers_tickets_come_newest_first_with_open_ones_filterable() -> None:
    hire("ann", "fault")
    first = new_ticket(CALLER)
    second = new_ticket(CALLER, "inquiry")
    new_ticket(OTHER_CALLER)
    tickets.update_ticket(first["id"], {"status": "resolved"}, actor="ann")
    assert ids(tickets.list_tickets({"phone": CALLER})) == [second["id"], first["id"]]
    assert ids(tickets.list_tickets({"phone": CALLER, "status": "open"})) == [second["id"]]
    assert ids(tickets.list_tickets({"phone": CALLER, "status": "resolved"})) == [first["id"]]
    assert ids(tickets.list_tickets({"phone": "+1 (212) 555-0142"})) == [
        second["id"],
        first["id"],
    ]


def test_a_list_item_is_a_summary_without_history() -> None:
    new_ticket(CALLER, subject="Broken router")
    [item] = tickets.list_tickets({"phone": CALLER})["items"]
    assert item["subject"] == "Broken router" and item["status"] == "new"
    assert "history" not in item


def test_pages_follow_the_next_token_until_every_ticket_is_seen_once() -> None:
    made = [new_ticket(CALLER, "inquiry")["id"] for _ in range(7)]
    seen: list[str] = []
    params: dict[str, str] = {"phone": CALLER, "limit": "3"}
    pages = 0
    while True:
        page = tickets.list_tickets(params)
        seen += ids(page)
        pages += 1
        if not page["next"]:
            break
        params["next"] = page["next"]
    assert sorted(seen) == sorted(made) and len(seen) == 7
    assert pages == 3


def test_the_overdue_list_spans_every_open_status_in_due_order() -> None:
    hire("ann", "emergency")
    late_new = new_ticket(CALLER, "inquiry")
    late_assigned = new_ticket(OTHER_CALLER, "emergency")
    done = new_ticket("+12125550144", "emergency")
    tickets.update_ticket(done["id"], {"status": "resolved"}, actor="ann")
    later = clock.utcnow() + timedelta(hours=2)  # emergency (1 h) is late, inquiry (72 h) is not
    assert ids(tickets.list_tickets({"status": "open", "overdue": "true"}, now=later)) == [
        late_assigned["id"]
    ]
    much_later = clock.utcnow() + timedelta(days=4)
    overdue = tickets.list_tickets({"status": "open", "overdue": "true", "limit": "1"}, now=much_later)
    assert ids(overdue) == [late_new["id"]]
    rest = tickets.list_tickets(
        {"status": "open", "overdue": "true", "limit": "1", "next": overdue["next"]}, now=much_later
    )
    assert ids(rest) == [late_assigned["id"]]
    assert [t.ticket_id for t in tickets.overdue_tickets(much_later)] == [late_new["id"], late_assigned["id"]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"limit": "5"},
        {"status": "finished"},
        {"assignee": "ann", "status": "closed"},
        {"phone": CALLER, "overdue": "true"},
        {"status": "new", "limit": "0"},
        {"status": "new", "due_before": "yesterday"},
        {"status": "new", "next": "garbage"},
        {"phone": "not a number"},
        {"colour": "red"},
    ],
)
def test_a_listing_without_a_usable_filter_is_a_400_not_a_scan(params: dict[str, str]) -> None:
    with pytest.raises(InvalidInput):
        tickets.list_tickets(params)
