"""Concurrent writers against moto: no history entry is lost and load counts stay exact.

DynamoDB applies each request atomically; in-process moto does not (its handlers read and write
items without a lock), so two threads' conditional writes can both pass. The ``atomic_requests``
fixture serialises moto's request handling to restore DynamoDB's guarantee, while the threads
still interleave freely between requests: the read-decide-write races under test are real.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib import tickets
from chalicelib.errors import Conflict
from tests.functional.tickets_support import hire, new_ticket, open_count

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.slow  # races of many threads on one ticket

WRITERS = 12


@pytest.fixture(autouse=True)
def atomic_requests(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    handle = BotocoreStubber.__call__
    one_at_a_time = threading.Lock()

    def atomically(self: BotocoreStubber, *args: Any, **kwargs: Any) -> Any:
        with one_at_a_time:
            return handle(self, *args, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", atomically)
    yield


def test_notes_added_at_the_same_time_all_reach_the_history() -> None:
    ticket = new_ticket()
    texts = [f"note {n}" for n in range(WRITERS)]
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(lambda text: tickets.add_note(ticket["id"], {"text": text}, actor="agent"), texts))
    history = tickets.get_ticket(ticket["id"])["history"]
    assert sorted(e["detail"]["text"] for e in history if e["action"] == "note") == sorted(texts)
    assert len(history) == 1 + WRITERS


def test_mixed_concurrent_changes_keep_every_entry_in_order() -> None:
    hire("ann", "fault")
    ticket = new_ticket()

    def change(n: int) -> None:
        if n == 0:
            tickets.update_ticket(ticket["id"], {"status": "in_progress"}, actor="ann")
        elif n == 1:
            tickets.update_ticket(ticket["id"], {"priority": 1}, actor="lead")
        else:
            tickets.add_note(ticket["id"], {"text": f"note {n}"}, actor="agent")

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(change, range(WRITERS)))
    after = tickets.get_ticket(ticket["id"])
    assert after["status"] == "in_progress" and after["priority"] == 1
    assert len(after["history"]) == 2 + WRITERS
    times = [e["at"] for e in after["history"]]
    assert times == sorted(times)


def test_two_agents_resolving_at_once_resolve_it_once() -> None:
    hire("ann", "fault")
    ticket = new_ticket()
    outcomes: list[str] = []

    def resolve(_: int) -> None:
        try:
            tickets.update_ticket(ticket["id"], {"status": "resolved"}, actor="ann")
            outcomes.append("resolved")
        except Conflict as refused:
            outcomes.append(refused.code)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(resolve, range(6)))
    assert sorted(outcomes) == ["invalid_transition"] * 5 + ["resolved"]
    assert open_count("ann") == 0
    statuses = [e for e in tickets.get_ticket(ticket["id"])["history"] if e["action"] == "status_changed"]
    assert len(statuses) == 1


def test_tickets_opened_at_once_are_all_counted_against_their_agents() -> None:
    hire("ann", "order")
    hire("bob", "order")
    callers = [f"+121255501{n:02d}" for n in range(10, 10 + WRITERS)]
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        created = list(pool.map(lambda phone: new_ticket(phone, "order"), callers))
    per_agent = {agent: sum(t["assignee"] == agent for t in created) for agent in ("ann", "bob")}
    assert per_agent["ann"] + per_agent["bob"] == WRITERS
    assert open_count("ann") == per_agent["ann"] and open_count("bob") == per_agent["bob"]
