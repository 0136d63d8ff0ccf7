"""The booked-callback flow: greets the customer and queues them for a callback agent."""

from __future__ import annotations

from local.connect_simulator import Party
from tests.simulator.conftest import CALLER, ContactCentre


def _callback(centre: ContactCentre, party: Party, **attributes: str) -> str:
    sim = centre.sim
    sim.script_callee(CALLER, party)
    contact_id = sim.start_outbound_voice_contact(
        DestinationPhoneNumber=CALLER,
        ContactFlowId=sim.flow_arn("callback"),
        InstanceId=sim.instance_id,
        SourcePhoneNumber="+12125550199",
        Attributes={"language": "zh-CN", "bookingId": "B-1", **attributes},
    )
    sim.run_until_idle()
    assert sim.flow_errors == []
    return contact_id


def test_an_answered_callback_is_queued_for_a_callback_agent_in_the_customers_language(
    dialler_centre: ContactCentre,
) -> None:
    contact = dialler_centre.sim.contacts[_callback(dialler_centre, Party.answers())]
    assert contact.queue_name == "callback"
    assert contact.attributes["callbackQueued"] == "true"
    assert contact.attributes["bookingId"] == "B-1"
    assert "预约的回电" in contact.transcript.said()[0]


def test_a_callback_with_no_agent_room_says_sorry_and_records_it(dialler_centre: ContactCentre) -> None:
    dialler_centre.sim.set_queue_capacity("callback", 0)
    contact = dialler_centre.sim.contacts[_callback(dialler_centre, Party.answers())]
    assert contact.attributes["callbackQueued"] == "false"
    assert contact.disconnect_reason == "CONTACT_FLOW_DISCONNECT"


def test_a_callback_is_recorded_from_the_greeting_that_says_so(dialler_centre: ContactCentre) -> None:
    contact = dialler_centre.sim.contacts[_callback(dialler_centre, Party.answers(), language="en-US")]
    assert "may be recorded" in contact.transcript.said()[0]
    assert contact.recording.participants == ["Agent", "Customer"]
    assert contact.recording.started_at is not None and contact.answered_at is not None
    assert contact.recording.started_at <= (contact.agent_connected_at or 0)
