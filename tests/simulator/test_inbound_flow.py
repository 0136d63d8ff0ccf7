"""Every path of the inbound main flow, run by the simulator with the real flow Lambdas."""

from __future__ import annotations

import chalicelib.tickets  # noqa: F401  (tickets before agents: their modules import each other)
from chalicelib import agents, customers, tickets
from chalicelib.screening import ListEntry, ScreeningList, add_entry
from chalicelib.tables.contact_ratings import ContactRatingRecord
from chalicelib.tables.tickets import TicketRecord
from local.connect_simulator import Party
from tests.simulator.conftest import CALLER, ContactCentre, now


def _list(number: str, name: ScreeningList) -> None:
    add_entry(number, ListEntry(name, "test", "test", "tester", now()), now())


def test_a_blacklisted_caller_hears_a_polite_refusal_and_is_disconnected(centre: ContactCentre) -> None:
    _list(CALLER, ScreeningList.BLOCK)
    call = centre.call_in(Party.answers(presses=["1"]))
    assert "cannot take your call" in call.said()[-1]
    assert call.contact.disconnect_reason == "CONTACT_FLOW_DISCONNECT"
    assert call.contact.queue_name is None
    assert call.functions() == ["screen_caller"]


def test_a_warned_caller_reaches_the_queue_flagged_for_the_agent(centre: ContactCentre) -> None:
    _list(CALLER, ScreeningList.WARN)
    call = centre.call_in(Party.answers(presses=["1"]))
    assert call.contact.queue_name == "fault"
    assert call.contact.attributes["callerWarning"] == "true"
    assert call.contact.attributes["screeningVerdict"] == "warn"


def test_a_top_tier_customer_is_queued_ahead_of_an_unknown_caller(centre: ContactCentre) -> None:
    customers.put_customer(CALLER, {"name": "Ada Example", "tier": "top", "language": "en-US"})
    vip = centre.call_in(Party.answers(presses=["1"]))
    stranger = centre.call_in(Party.answers(presses=["1"]), caller="+12125550143")
    assert vip.contact.attributes["customerTier"] == "top"
    assert vip.contact.priority is not None and stranger.contact.priority is not None
    assert vip.contact.priority < stranger.contact.priority


def test_a_caller_with_an_open_ticket_goes_straight_to_the_agent_who_owns_it(centre: ContactCentre) -> None:
    agents.put_agent("ann", {"name": "Ann", "skills": ["fault"], "connect_user_id": "user-ann"})
    ticket = tickets.create_ticket({"phone": CALLER, "category": "fault"}, actor="tester")
    call = centre.call_in(Party.answers())
    assert call.contact.queue_name == "agent:user-ann"
    assert call.contact.attributes["routedTo"] == "ticket-owner"
    assert call.contact.attributes["ticketId"] == ticket["id"]
    assert not any("press 9" in said for said in call.said())  # no menu


def test_after_hours_a_callback_request_by_key_press_becomes_a_ticket(centre: ContactCentre) -> None:
    centre.close()
    call = centre.call_in(Party.answers(presses=["1"]))
    ticket_id = call.contact.attributes["ticketId"]
    assert ticket_id and ticket_id in call.said()[-1]
    record = TicketRecord.get(ticket_id)
    # No voice message is recorded, so the ticket does not claim one and neither does the caller's prompt.
    assert (record.phone, record.channel) == (CALLER, "phone")
    assert not any("message" in said.lower() for said in call.said())
    assert call.contact.queue_name is None


def test_after_hours_a_caller_who_presses_nothing_is_told_goodbye_and_no_ticket_opens(
    centre: ContactCentre,
) -> None:
    centre.close()
    call = centre.call_in(Party.answers())
    assert "Goodbye" in call.said()[-1]
    assert "ticketId" not in call.contact.attributes


def test_an_emergency_skips_the_menu_depth_and_gets_top_priority(centre: ContactCentre) -> None:
    call = centre.call_in(Party.answers(presses=["9"]))
    assert call.contact.queue_name == "emergency"
    assert call.contact.priority == 1
    assert call.keys() == ["9"]


def test_emergency_is_one_key_from_the_second_menu_level_too(centre: ContactCentre) -> None:
    call = centre.call_in(Party.answers(presses=["2", "9"]))
    assert (call.contact.queue_name, call.contact.priority) == ("emergency", 1)


def test_the_second_menu_level_routes_to_the_category_queue(centre: ContactCentre) -> None:
    call = centre.call_in(Party.answers(presses=["2", "2"]))
    assert call.contact.queue_name == "cancellation"
    assert call.contact.attributes["category"] == "cancellation"


def test_a_caller_who_never_chooses_is_asked_again_then_routed_as_an_inquiry(centre: ContactCentre) -> None:
    call = centre.call_in(Party.answers())
    menus = [said for said in call.said() if "press 9" in said]
    assert len(menus) == 3
    assert call.contact.queue_name == "inquiry"


def test_a_full_queue_turns_the_call_into_a_ticket(centre: ContactCentre) -> None:
    centre.sim.set_queue_capacity("fault", 0)
    call = centre.call_in(Party.answers(presses=["1"]))
    assert call.contact.attributes["ticketId"]
    assert call.contact.queued_at is None


def test_after_the_agent_hangs_up_the_survey_stores_the_rating_with_the_contact_and_ticket(
    centre: ContactCentre,
) -> None:
    agents.put_agent("ann", {"name": "Ann", "skills": ["fault"], "connect_user_id": "user-ann"})
    ticket = tickets.create_ticket({"phone": CALLER, "category": "fault"}, actor="tester")
    call = centre.call_in(Party.answers(presses=["4"]))
    assert call.contact.disconnect_reason == "AGENT_DISCONNECT"
    assert call.contact.attributes["rating"] == "4"
    assert "record_rating" in call.functions()
    rating = ContactRatingRecord.get(call.contact.contact_id)
    assert (int(rating.rating), rating.ticket_id) == (4, ticket["id"])
    history = [entry.action for entry in TicketRecord.get(ticket["id"]).history]
    assert "contact_rated" in history


def test_a_caller_who_hangs_up_on_hold_gets_no_survey(centre: ContactCentre) -> None:
    call = centre.call_in(Party.answers(presses=["1"], hang_up_after_s=25))
    assert call.contact.disconnect_reason == "CUSTOMER_DISCONNECT"
    assert "record_rating" not in call.functions()


def test_a_chinese_speaking_customer_hears_the_menu_in_chinese(centre: ContactCentre) -> None:
    customers.put_customer(CALLER, {"name": "Li Lei", "tier": "normal", "language": "zh-CN"})
    call = centre.call_in(Party.answers(presses=["1"]))
    assert any("紧急情况请按9" in said for said in call.said())
    assert call.contact.voice == "Zhiyu"


def test_a_call_is_recorded_once_the_greeting_has_said_it_may_be(centre: ContactCentre) -> None:
    call = centre.call_in(Party.answers(presses=["1"]))
    assert "may be recorded" in call.said()[0]
    assert call.contact.recording.participants == ["Agent", "Customer"]
    assert call.contact.agent_connected_at is not None  # the agent conversation is what gets recorded
    started = call.contact.recording.started_at
    assert started is not None
    assert call.contact.started_at < started <= call.contact.agent_connected_at  # after the greeting
    assert call.contact.flow_log[0]["Identifier"] == "init"  # and the flow writes its logs
