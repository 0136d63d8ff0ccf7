"""A caller who rates a call 1 or 2 gets a follow-up ticket for the supervisor of the team of the
agent who took the call (staff/dev.yaml), never for that agent: the call runs through the
simulator, its contact events through the quality tracking as EventBridge would deliver them."""

from __future__ import annotations

from typing import Any

from chalicelib import tickets
from chalicelib.quality import tracking
from local.connect_simulator import Party
from tests.simulator.staffing import CALLER, FAULT_KEYS, StaffedCentre, staffed

__all__ = ["staffed"]


def _rated_call(staffed: StaffedCentre, keys: list[str], rating: str) -> Any:
    contact = staffed.call(Party.answers(presses=[*keys, rating]))
    staffed.sim.run_until_idle()
    assert contact.attributes["rating"] == rating
    for event in staffed.sim.events:
        tracking.track_contact_event(event)
    return contact


def _follow_ups() -> list[dict[str, Any]]:
    listed = tickets.list_tickets({"phone": CALLER})["items"]
    return [ticket for ticket in listed if ticket["subject"].startswith("Follow up")]


def test_a_low_score_goes_to_the_supervisor_of_the_rated_agents_team(staffed: StaffedCentre) -> None:
    staffed.only_signed_in("li.na")
    contact = _rated_call(staffed, FAULT_KEYS, "1")
    assert staffed.agent_of(contact) == "li.na"
    (follow_up,) = _follow_ups()
    assert follow_up["assignee"] == "wang.fang"  # the fault desk's supervisor


def test_a_good_score_opens_no_follow_up(staffed: StaffedCentre) -> None:
    staffed.only_signed_in("li.na")
    _rated_call(staffed, FAULT_KEYS, "5")
    assert _follow_ups() == []


def test_a_rated_supervisor_is_followed_up_by_the_team_above_even_when_they_own_the_callers_ticket(
    staffed: StaffedCentre,
) -> None:
    staffed.only_signed_in("wang.fang")
    tickets.create_ticket({"phone": CALLER, "category": "fault", "assignee": "wang.fang"}, actor="tester")
    contact = _rated_call(staffed, [], "2")  # continuity: straight to her, no menu
    assert staffed.agent_of(contact) == "wang.fang"
    (follow_up,) = _follow_ups()
    assert follow_up["assignee"] == "zhou.min"  # the centre's supervisor, above the fault desk
