"""What opening a ticket writes and what follows a refused write (tickets.opening_plan), no moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.tickets.assignment import Assignment
from chalicelib.tickets.opening_plan import (
    NextStep,
    TicketRequest,
    after_refusal,
    plan_opening,
    ticket_id_for,
    ticket_id_of,
)

NINE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CALLER = "+12125550142"


def _request(**fields: object) -> TicketRequest:
    base: dict[str, object] = {"phone": CALLER, "category": "fault", "channel": "phone", "actor": "ivr"}
    return TicketRequest(**{**base, **fields})  # type: ignore[arg-type]


def test_a_ticket_nobody_can_take_is_new_unassigned_and_listed_last_by_its_due_time() -> None:
    plan = plan_opening(_request(), None, ticket_id="T-1", at=NINE)
    assert (plan.status, plan.assignee) == ("new", None)
    assert [(entry.actor, entry.action) for entry in plan.history] == [("ivr", "created")]
    assert plan.history[0].detail.as_dict() == {"channel": "phone", "category": "fault"}
    assert plan.listing["open_list"] == "open"
    assert plan.listing["open_order"] == f"0#{plan.due_at.strftime('%Y-%m-%dT%H:%M:%S.%f')}+00:00"


def test_an_auto_assigned_ticket_names_the_agent_and_why_in_its_history() -> None:
    plan = plan_opening(_request(), Assignment("ann", "continuity"), ticket_id="T-1", at=NINE)
    assert (plan.status, plan.assignee) == ("assigned", "ann")
    created, assigned = plan.history
    assert (assigned.actor, assigned.action) == ("auto-assignment", "assigned")
    assert assigned.detail.as_dict() == {"to": "ann", "reason": "continuity"}
    assert created.at == assigned.at == plan.at == NINE


def test_a_requested_owner_is_assigned_by_the_person_who_asked() -> None:
    request = _request(actor="supervisor1", assignee="bob")
    plan = plan_opening(request, Assignment("bob", "requested"), ticket_id="T-1", at=NINE)
    assert (plan.history[-1].actor, plan.history[-1].detail.as_dict()) == (
        "supervisor1",
        {"to": "bob", "reason": "requested"},
    )


def test_the_priority_defaults_by_category_and_sets_the_deadline() -> None:
    complaint = plan_opening(_request(category="complaint"), None, ticket_id="T-1", at=NINE)
    inquiry = plan_opening(_request(category="inquiry"), None, ticket_id="T-1", at=NINE)
    urgent = plan_opening(_request(category="complaint", priority=1), None, ticket_id="T-1", at=NINE)
    assert (complaint.priority, complaint.due_at) == (2, NINE + timedelta(hours=12))  # 24 h SLA, halved
    assert (inquiry.priority, inquiry.due_at) == (3, NINE + timedelta(hours=72))
    assert (urgent.priority, urgent.due_at) == (1, NINE + timedelta(hours=6))


def test_the_same_contact_or_message_always_yields_the_same_ticket_id() -> None:
    assert ticket_id_of(_request(contact_id="c-7")) == ticket_id_of(_request(contact_id="c-7"))
    assert ticket_id_of(_request(contact_id="c-7")) == ticket_id_for("contact:c-7")
    assert ticket_id_of(_request(origin="sms:m-1")) == ticket_id_for("sms:m-1")
    assert ticket_id_of(_request(contact_id="c-7")) != ticket_id_of(_request(contact_id="c-8"))


def test_a_ticket_without_contact_or_message_gets_a_fresh_id_each_time() -> None:
    first, second = ticket_id_of(_request()), ticket_id_of(_request())
    assert first != second and first.startswith("T-") and len(first) == 14


@pytest.mark.parametrize(
    ("fields", "ticket_exists", "step"),
    [
        ({"contact_id": "c-1"}, True, NextStep.RETURN_EXISTING),  # a redelivered contact
        ({"origin": "email:m-1"}, True, NextStep.RETURN_EXISTING),  # a redelivered message
        ({}, True, NextStep.COLLISION),  # a random id that met another ticket
        ({"assignee": "bob"}, False, NextStep.AGENT_UNAVAILABLE),  # the requested agent is inactive
        ({}, False, NextStep.CHOOSE_AGAIN),  # the chosen agent was deactivated since
        ({"contact_id": "c-1"}, False, NextStep.CHOOSE_AGAIN),
    ],
)
def test_a_refused_write_returns_the_ticket_refuses_or_chooses_again(
    fields: dict[str, object], ticket_exists: bool, step: NextStep
) -> None:
    assert after_refusal(_request(**fields), ticket_exists=ticket_exists) is step


def test_planning_twice_at_different_times_moves_every_timestamp() -> None:
    later = NINE + timedelta(minutes=5)
    first = plan_opening(_request(), None, ticket_id="T-1", at=NINE)
    second = plan_opening(_request(), None, ticket_id="T-1", at=later)
    assert second.due_at - first.due_at == timedelta(minutes=5)
    assert [entry.at for entry in second.history] == [later]
