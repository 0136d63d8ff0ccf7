"""Skill routing by the dev stage's staff file: routing profiles (queue priority and delay) and
agent states decide who takes a call, as in Amazon Connect.

staff/dev.yaml: the fault desk (li.na, zhao.lei) takes fault calls at priority 1 without delay;
the service desk (sun.li, ma.tao) has the fault queue too, but only after 30 s.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from local.connect_simulator import Party
from local.connect_simulator.agents import AVAILABLE, OFFLINE
from tests.simulator.staffing import FAULT_KEYS, StaffedCentre, staffed

__all__ = ["staffed"]

FAULT_SPECIALISTS = {"li.na", "zhao.lei"}
SERVICE_DESK = {"sun.li", "ma.tao"}


def test_a_fault_call_goes_to_a_fault_specialist_at_once(staffed: StaffedCentre) -> None:
    contact = staffed.call(Party.answers(presses=FAULT_KEYS))
    staffed.sim.run_until_idle()
    assert contact.queue_name == "fault"
    assert staffed.agent_of(contact) in FAULT_SPECIALISTS
    assert staffed.wait_of(contact) == 0.0


def test_with_the_specialists_away_the_service_desk_takes_a_fault_call_only_after_30_s(
    staffed: StaffedCentre,
) -> None:
    staffed.set_status("li.na", OFFLINE)
    staffed.set_status("zhao.lei", "Break")
    contact = staffed.call(Party.answers(presses=FAULT_KEYS))
    staffed.sim.advance(29)
    assert contact.routed_agent is None  # the service desk is free, but not yet for faults
    staffed.sim.run_until_idle()
    assert staffed.agent_of(contact) in SERVICE_DESK
    assert staffed.wait_of(contact) == 30.0
    assert contact.agent_connected_at is not None and contact.disconnect_reason == "AGENT_DISCONNECT"


def test_a_specialist_back_before_the_delay_takes_the_call_ahead_of_the_service_desk(
    staffed: StaffedCentre,
) -> None:
    staffed.set_status("li.na", OFFLINE)
    staffed.set_status("zhao.lei", OFFLINE)
    contact = staffed.call(Party.answers(presses=FAULT_KEYS))
    staffed.sim.advance(12)
    back_at = staffed.sim.clock.time()
    staffed.set_status("li.na", AVAILABLE)
    staffed.sim.run_until_idle()
    assert staffed.agent_of(contact) == "li.na"
    assert contact.offered_at == back_at and staffed.wait_of(contact) < 30


def test_nobody_whose_routing_profile_lacks_the_queue_is_offered_the_call(staffed: StaffedCentre) -> None:
    staffed.only_signed_in("zhou.min", "wang.fang")  # the supervisor desk: complaints, emergencies
    contact = staffed.call(Party.answers(presses=FAULT_KEYS, hang_up_after_s=300))
    staffed.sim.run_until_idle()
    assert contact.routed_agent is None
    assert contact.disconnect_reason == "CUSTOMER_DISCONNECT"


def test_after_contact_work_keeps_the_agent_from_the_next_call_until_it_ends(staffed: StaffedCentre) -> None:
    staffed.only_signed_in("li.na")  # 20 s of after-contact work (staff/dev.yaml)
    first = staffed.call(Party(answer_after_s=0, presses=tuple(FAULT_KEYS), talk_to_agent_s=40))
    second = staffed.call(Party.answers(presses=FAULT_KEYS), caller="+12125550143")
    staffed.sim.run_until_idle()
    assert staffed.agent_of(first) == staffed.agent_of(second) == "li.na"
    assert first.ended_at is not None and second.offered_at is not None
    hung_up = next(line.at_s for line in first.lines if line.text == "agent hung up") + first.started_at
    assert second.offered_at == pytest.approx(hung_up + 20, abs=0.01)


def test_an_agent_takes_the_queue_their_profile_ranks_first(staffed: StaffedCentre) -> None:
    staffed.only_signed_in()
    complaint = staffed.call(Party.answers(presses=["3", "3"]), caller="+12125550143")  # other → complaint
    inquiry = staffed.call(Party.answers(presses=["3", "1"]), caller="+12125550144")  # other → inquiry
    assert (complaint.queue_name, inquiry.queue_name) == ("complaint", "inquiry")
    staffed.set_status("zhao.lei", AVAILABLE)  # fault desk: inquiry at priority 3, after 30 s
    staffed.set_status("ma.tao", AVAILABLE)  # service desk: both at priority 2; the older call first
    staffed.sim.run_until_idle()
    assert staffed.agent_of(complaint) == "ma.tao"
    assert staffed.agent_of(inquiry) == "zhao.lei"
    assert staffed.wait_of(inquiry) == pytest.approx(30.0, abs=0.6)


def test_agent_states_read_and_set_through_the_connect_api(staffed: StaffedCentre) -> None:
    from local.connect_simulator import ConnectApiServer

    server = ConnectApiServer(staffed.sim).start()
    try:
        connect = boto3.client(
            "connect", endpoint_url=server.endpoint, config=Config(retries={"total_max_attempts": 1})
        )
        li_na = staffed.user_ids["li.na"]
        connect.put_user_status(
            InstanceId=staffed.sim.instance_id,
            UserId=li_na,
            AgentStatusId=staffed.sim.roster.status_id("Break"),
        )
        (entry,) = connect.get_current_user_data(
            InstanceId=staffed.sim.instance_id, Filters={"Agents": [li_na]}
        )["UserDataList"]
        assert entry["Status"]["StatusName"] == "Break"
        assert entry["User"]["Id"] == li_na and entry["Contacts"] == []

        staffed.only_signed_in("zhao.lei")
        contact = staffed.call(Party.answers(presses=FAULT_KEYS))
        staffed.sim.advance(5)
        (busy,) = connect.get_current_user_data(
            InstanceId=staffed.sim.instance_id, Filters={"Agents": [staffed.user_ids["zhao.lei"]]}
        )["UserDataList"]
        assert busy["Contacts"][0]["ContactId"] == contact.contact_id
        assert busy["Contacts"][0]["AgentContactState"] == "CONNECTED"
        assert (
            connect.get_current_user_data(InstanceId=staffed.sim.instance_id, Filters={"Agents": [li_na]})[
                "UserDataList"
            ]
            == []
        )  # offline and idle: not an active user

        with pytest.raises(connect.exceptions.InvalidRequestException):
            connect.get_current_user_data(
                InstanceId=staffed.sim.instance_id, Filters={"Agents": [li_na], "Queues": ["q"]}
            )
        with pytest.raises(connect.exceptions.ResourceNotFoundException):
            connect.put_user_status(
                InstanceId=staffed.sim.instance_id, UserId=li_na, AgentStatusId="no-such-status"
            )
    finally:
        server.stop()
