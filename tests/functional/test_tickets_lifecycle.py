"""Tickets against moto: auto-assignment, the status machine end to end, load counts, history."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chalicelib import tickets
from chalicelib.errors import Conflict, NotFound
from tests.functional.tickets_support import CALLER, OTHER_CALLER, hire, new_ticket, open_count

pytestmark = pytest.mark.usefixtures("aws")


def actions(ticket: dict) -> list[str]:
    return [entry["action"] for entry in ticket["history"]]


def test_a_new_ticket_goes_to_the_least_loaded_agent_with_the_skill() -> None:
    hire("ann", "fault")
    hire("bob", "fault", "order")
    hire("cat", "order")
    first = new_ticket(OTHER_CALLER, "fault")
    second = new_ticket("+12125550144", "fault")
    assert {first["assignee"], second["assignee"]} == {"ann", "bob"}
    assert first["status"] == "assigned"
    assert open_count("ann") == open_count("bob") == 1
    assert open_count("cat") == 0
    assert actions(first) == ["created", "assigned"]
    assert first["history"][1]["detail"] == {"to": "ann", "reason": "least_loaded"}


def test_the_owner_of_the_callers_open_ticket_wins_over_load() -> None:
    hire("ann", "fault", "order")
    hire("bob", "order")
    for caller in ("+12125550144", "+12125550145"):
        new_ticket(caller, "fault")  # ann is now the busiest
    hire("bob", "order", "fault")
    owned = new_ticket(CALLER, "order", assignee="ann")
    again = new_ticket(CALLER, "order")
    assert owned["assignee"] == again["assignee"] == "ann"
    assert again["history"][1]["detail"]["reason"] == "continuity"
    assert open_count("ann") == 4 and open_count("bob") == 0


def test_an_inactive_agent_gets_nothing_and_nobody_skilled_leaves_it_new() -> None:
    hire("ann", "fault", active=False)
    ticket = new_ticket(CALLER, "fault")
    assert ticket["status"] == "new" and ticket["assignee"] is None
    with pytest.raises(Conflict) as refused:
        new_ticket(CALLER, "fault", assignee="ann")
    assert refused.value.code == "agent_unavailable"


def test_a_ticket_walks_its_whole_life_and_every_step_is_history() -> None:
    hire("ann", "complaint")
    ticket = new_ticket(CALLER, "complaint")
    ticket_id = ticket["id"]
    for status in ("in_progress", "waiting_on_customer", "in_progress", "resolved"):
        tickets.update_ticket(ticket_id, {"status": status}, actor="ann")
    assert open_count("ann") == 0
    tickets.update_ticket(ticket_id, {"status": "closed"}, actor="ann")
    reopened = tickets.update_ticket(ticket_id, {"status": "reopened"}, actor="customer")
    assert reopened["status"] == "reopened" and open_count("ann") == 1
    done = tickets.update_ticket(ticket_id, {"status": "resolved"}, actor="ann")
    # The first resolution also texted the customer the survey (once: not again after reopening).
    assert (
        actions(done)
        == ["created", "assigned"] + ["status_changed"] * 4 + ["survey_sent"] + ["status_changed"] * 3
    )
    assert [e["detail"]["to"] for e in done["history"][2:] if e["action"] == "status_changed"] == [
        "in_progress", "waiting_on_customer", "in_progress", "resolved", "closed", "reopened", "resolved",
    ]  # fmt: skip
    assert all(e["actor"] and e["at"] for e in done["history"])
    assert open_count("ann") == 0


def test_a_refused_transition_changes_nothing() -> None:
    hire("ann", "fault")
    ticket = new_ticket()
    with pytest.raises(Conflict) as refused:
        tickets.update_ticket(ticket["id"], {"status": "closed"}, actor="ann")
    assert refused.value.code == "invalid_transition"
    assert "in_progress or resolved" in refused.value.message
    after = tickets.get_ticket(ticket["id"])
    assert after["status"] == "assigned" and after["history"] == ticket["history"]
    assert open_count("ann") == 1


def test_working_a_ticket_needs_an_owner() -> None:
    ticket = new_ticket()  # nobody has the skill
    with pytest.raises(Conflict) as refused:
        tickets.update_ticket(ticket["id"], {"status": "assigned"}, actor="lead")
    assert refused.value.code == "needs_assignee"


def test_reassigning_moves_the_load_and_records_from_and_to() -> None:
    hire("ann", "fault")
    hire("bob", "fault")
    ticket = new_ticket()
    moved = tickets.update_ticket(ticket["id"], {"assignee": "bob"}, actor="lead")
    assert moved["assignee"] == "bob"
    assert moved["history"][-1]["action"] == "reassigned"
    assert moved["history"][-1]["detail"] == {"from": "ann", "to": "bob"}
    assert (open_count("ann"), open_count("bob")) == (0, 1)
    assert [t["id"] for t in tickets.list_tickets({"assignee": "bob"})["items"]] == [ticket["id"]]
    assert tickets.list_tickets({"assignee": "ann"})["items"] == []


def test_assigning_a_new_ticket_moves_it_to_assigned() -> None:
    ticket = new_ticket()
    hire("ann", "order")
    assigned = tickets.update_ticket(ticket["id"], {"assignee": "ann"}, actor="lead")
    assert assigned["status"] == "assigned" and open_count("ann") == 1


def test_a_closed_ticket_cannot_be_reassigned_without_reopening() -> None:
    hire("ann", "fault")
    hire("bob", "fault")
    ticket = new_ticket()
    tickets.update_ticket(ticket["id"], {"status": "resolved"}, actor="ann")
    with pytest.raises(Conflict):
        tickets.update_ticket(ticket["id"], {"assignee": "bob"}, actor="lead")
    assert open_count("bob") == 0


def test_raising_the_priority_brings_the_due_time_forward() -> None:
    ticket = new_ticket(category="inquiry")
    assert ticket["priority"] == 3
    raised = tickets.update_ticket(ticket["id"], {"priority": 1}, actor="lead")
    created = datetime.fromisoformat(ticket["created_at"])
    assert datetime.fromisoformat(raised["due_at"]) == created + timedelta(hours=18)
    assert raised["history"][-1]["detail"]["from"] == 3


def test_notes_are_appended_even_to_closed_tickets() -> None:
    ticket = new_ticket()
    tickets.update_ticket(ticket["id"], {"status": "closed"}, actor="lead")
    noted = tickets.add_note(ticket["id"], {"text": "duplicate of T-1"}, actor="lead")
    assert noted["history"][-1]["action"] == "note"
    assert noted["history"][-1]["detail"] == {"text": "duplicate of T-1"}


def test_a_ticket_is_rated_once_and_only_when_resolved() -> None:
    ticket = new_ticket()
    with pytest.raises(Conflict) as early:
        tickets.rate_ticket(ticket["id"], {"rating": 5}, actor="customer")
    assert early.value.code == "not_rateable"
    tickets.update_ticket(ticket["id"], {"status": "closed"}, actor="lead")
    with pytest.raises(NotFound):
        tickets.rate_ticket(ticket["id"], {"rating": 5}, actor="customer", phone=OTHER_CALLER)
    rated = tickets.rate_ticket(
        ticket["id"], {"rating": 4, "comment": "quick"}, actor="customer", phone=CALLER
    )
    assert (rated["rating"], rated["rating_comment"]) == (4, "quick")
    with pytest.raises(Conflict) as twice:
        tickets.rate_ticket(ticket["id"], {"rating": 1}, actor="customer")
    assert twice.value.code == "already_rated"
