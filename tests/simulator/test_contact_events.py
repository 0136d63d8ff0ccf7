"""Contact events in the shape EventBridge delivers, with the outcome a dialler needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from local.connect_simulator import Party

if TYPE_CHECKING:
    from tests.simulator.conftest import ContactCentre


def _events(centre: ContactCentre, contact_id: str) -> list[dict[str, Any]]:
    return [e["detail"] for e in centre.sim.events if e["detail"]["contactId"] == contact_id]


def test_an_answered_reminder_emits_initiated_connected_and_disconnected(
    dialler_centre: ContactCentre,
) -> None:
    received: list[dict[str, Any]] = []
    dialler_centre.sim.on_event(received.append)
    call = dialler_centre.remind(Party.answers(presses=["1"]))
    assert [e["detail"]["eventType"] for e in received] == [
        "INITIATED",
        "CONNECTED_TO_SYSTEM",
        "DISCONNECTED",
    ]
    event = received[-1]
    assert (event["source"], event["detail-type"]) == ("aws.connect", "Amazon Connect Contact Event")
    detail = event["detail"]
    assert detail["contactId"] == call.contact.contact_id
    assert detail["initiationMethod"] == "API"
    assert detail["disconnectReason"] == "CONTACT_FLOW_DISCONNECT"
    assert (
        detail["disconnectTimestamp"] > detail["connectedToSystemTimestamp"] > detail["initiationTimestamp"]
    )


@pytest.mark.parametrize(
    ("party", "reason"),
    [
        (Party.no_answer(), "TELECOM_TIMEOUT"),
        (Party.busy_line(), "TELECOM_BUSY"),
        (Party.hangs_up(2), "CUSTOMER_DISCONNECT"),
    ],
)
def test_the_disconnect_reason_says_what_happened(
    dialler_centre: ContactCentre, party: Party, reason: str
) -> None:
    call = dialler_centre.remind(party)
    assert _events(dialler_centre, call.contact.contact_id)[-1]["disconnectReason"] == reason


def test_answering_machine_detection_reports_a_voicemail_when_asked_for(
    dialler_centre: ContactCentre,
) -> None:
    sim = dialler_centre.sim
    sim.script_callee("+12125550150", Party.voicemail_box())
    contact_id = sim.start_outbound_voice_contact(
        DestinationPhoneNumber="+12125550150",
        ContactFlowId=sim.flow_arn("outbound-reminder"),
        InstanceId=sim.instance_id,
        SourcePhoneNumber="+12125550199",
        Attributes={"messageText": "Hello."},
        TrafficType="CAMPAIGN",
        AnswerMachineDetectionConfig={"EnableAnswerMachineDetection": True},
    )
    sim.run_until_idle()
    connected = [e for e in _events(dialler_centre, contact_id) if e["eventType"] == "CONNECTED_TO_SYSTEM"]
    assert connected[0]["answeringMachineDetectionStatus"] == "VOICEMAIL_BEEP"


def test_a_call_queued_for_an_agent_emits_queued_and_connected_to_agent(
    dialler_centre: ContactCentre,
) -> None:
    call = dialler_centre.remind(Party.answers(presses=["0"]))
    types = [e["eventType"] for e in _events(dialler_centre, call.contact.contact_id)]
    assert types == ["INITIATED", "CONNECTED_TO_SYSTEM", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED"]


def test_calls_overlap_in_virtual_time_and_never_exceed_the_quota(dialler_centre: ContactCentre) -> None:
    sim = dialler_centre.sim
    sim.max_concurrent_calls = 3
    started = 0
    for index in range(12):
        while sim.active_calls() >= sim.max_concurrent_calls:
            sim.advance(1)
        sim.script_callee(f"+121255501{index:02d}", Party.answers(presses=["1"]))
        sim.start_outbound_voice_contact(
            DestinationPhoneNumber=f"+121255501{index:02d}",
            ContactFlowId=sim.flow_arn("outbound-reminder"),
            InstanceId=sim.instance_id,
            SourcePhoneNumber="+12125550199",
            Attributes={"messageText": "Hello.", "menuKeys": "1", "menuPrompt": "Press 1."},
        )
        started += 1
    sim.run_until_idle()
    assert started == 12
    assert sim.peak_concurrent_calls == 3
