"""Continuity routing: a caller with an open ticket goes back to the agent who owns it, unless the
owner is offline (the ticket's category queue at once) or stays busy past the stage's limit
(``continuity.owner_wait_s`` in staff/dev.yaml: 60 s; then the category queue)."""

from __future__ import annotations

from chalicelib import tickets
from local.connect_simulator import Party
from local.connect_simulator.agents import OFFLINE
from tests.simulator.staffing import CALLER, FAULT_KEYS, StaffedCentre, staffed

__all__ = ["staffed"]

OWNER_WAIT_S = 60


def _fault_ticket_for(owner: str) -> str:
    return str(
        tickets.create_ticket({"phone": CALLER, "category": "fault", "assignee": owner}, actor="tester")["id"]
    )


def test_an_available_owner_takes_the_call_of_their_ticket(staffed: StaffedCentre) -> None:
    ticket = _fault_ticket_for("zhao.lei")
    contact = staffed.call(Party.answers())
    staffed.sim.run_until_idle()
    assert contact.queue_name == f"agent:{staffed.user_ids['zhao.lei']}"
    assert staffed.agent_of(contact) == "zhao.lei"
    assert (contact.attributes["routedTo"], contact.attributes["ticketId"]) == ("ticket-owner", ticket)


def test_when_the_owner_is_offline_the_call_goes_to_the_tickets_category_queue(
    staffed: StaffedCentre,
) -> None:
    _fault_ticket_for("zhao.lei")
    staffed.set_status("zhao.lei", OFFLINE)
    contact = staffed.call(Party.answers())
    staffed.sim.run_until_idle()
    assert contact.queue_name == "fault"
    assert contact.attributes["routedTo"] == "category"
    assert contact.attributes["fallbackCategory"] == "fault"
    assert staffed.agent_of(contact) == "li.na"  # the other fault specialist
    assert not any("press 9" in said for said in contact.transcript.said())  # no menu


def test_a_caller_waits_for_a_busy_owner_at_most_the_limit_then_a_colleague_takes_it(
    staffed: StaffedCentre,
) -> None:
    staffed.only_signed_in("zhao.lei", "li.na")
    staffed.set_status("li.na", "Break")  # zhao.lei takes the first call: the one fault agent left
    busy = staffed.call(
        Party(answer_after_s=0, presses=tuple(FAULT_KEYS), talk_to_agent_s=600), caller="+12125550143"
    )
    staffed.sim.advance(5)
    assert staffed.agent_of(busy) == "zhao.lei"
    staffed.set_status("li.na", "Available")

    _fault_ticket_for("zhao.lei")
    contact = staffed.call(Party.answers())
    assert contact.queue_name == f"agent:{staffed.user_ids['zhao.lei']}"
    owner_queue_at = contact.queued_at
    assert owner_queue_at is not None
    staffed.sim.advance(OWNER_WAIT_S - 5)
    assert contact.routed_agent is None and contact.queue_name.startswith("agent:")
    staffed.sim.advance(15)
    assert contact.queue_name == "fault"
    assert contact.attributes["routedTo"] == "category-after-owner-wait"
    assert staffed.agent_of(contact) == "li.na"
    assert contact.offered_at is not None
    assert OWNER_WAIT_S <= contact.offered_at - owner_queue_at < OWNER_WAIT_S + 10
