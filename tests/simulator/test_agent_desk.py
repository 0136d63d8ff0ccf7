"""The local softphone: a queued call is offered to the signed-in agent, who works it to the end."""

from __future__ import annotations

import pytest

from local.connect_simulator import INBOUND_NUMBER, Party
from local.connect_simulator.agent_desk import AgentDesk, DeskError
from tests.simulator.conftest import CALLER, ContactCentre

#: Presses 1 (fault) at the menu and stays on the line with the agent for ten minutes.
FAULT_CALLER = Party(answer_after_s=0, presses=("1",), talk_to_agent_s=600)


def _queued_call(centre: ContactCentre) -> str:
    contact_id = centre.sim.place_inbound_call(CALLER, FAULT_CALLER, to_number=INBOUND_NUMBER)
    centre.sim.advance(60)
    assert centre.sim.flow_errors == []
    return contact_id


def test_a_queued_call_is_offered_to_the_free_agent_and_worked_to_the_end(centre: ContactCentre) -> None:
    desk = AgentDesk(centre.sim)
    assert desk.contacts_of("ann", since=-1, wait_s=0)["contacts"] == []
    contact_id = _queued_call(centre)

    offered = desk.contacts_of("ann", since=0, wait_s=0)["contacts"]
    assert [(c["contactId"], c["state"], c["customerNumber"], c["queue"]) for c in offered] == [
        (contact_id, "offered", CALLER, "fault")
    ]
    for action, state in (("accept", "connected"), ("hold", "on_hold"), ("resume", "connected")):
        desk.act("ann", contact_id, action)
        assert desk.contacts_of("ann", since=-1, wait_s=0)["contacts"][0]["state"] == state
    with pytest.raises(DeskError):
        desk.act("ann", contact_id, "complete")  # still talking

    desk.act("ann", contact_id, "hang-up")
    assert desk.contacts_of("ann", since=-1, wait_s=0)["contacts"][0]["state"] == "after_contact_work"
    assert centre.sim.contacts[contact_id].stop_requested  # the hang-up asked Connect to end the call
    desk.act("ann", contact_id, "complete")
    assert desk.contacts_of("ann", since=-1, wait_s=0)["contacts"] == []


def test_a_transfer_goes_to_a_quick_connect_and_leaves_the_agent_in_after_contact_work(
    centre: ContactCentre,
) -> None:
    desk = AgentDesk(centre.sim)
    desk.contacts_of("ann", since=-1, wait_s=0)
    contact_id = _queued_call(centre)
    desk.act("ann", contact_id, "accept")
    complaints = next(quick["id"] for quick in desk.quick_connects() if quick["name"] == "complaint")

    desk.act("ann", contact_id, "transfer", {"quickConnectId": complaints})

    assert desk.contacts_of("ann", since=-1, wait_s=0)["contacts"][0]["state"] == "after_contact_work"
    assert "transferred the call to complaint" in centre.sim.transcript(contact_id).render()


def test_a_busy_agent_is_not_offered_a_second_call_until_they_finish(centre: ContactCentre) -> None:
    desk = AgentDesk(centre.sim)
    desk.contacts_of("ann", since=-1, wait_s=0)
    first = _queued_call(centre)
    second = _queued_call(centre)
    assert [c["contactId"] for c in desk.contacts_of("ann", since=-1, wait_s=0)["contacts"]] == [first]

    desk.act("ann", first, "accept")
    desk.act("ann", first, "hang-up")
    desk.act("ann", first, "complete")

    assert [c["contactId"] for c in desk.contacts_of("ann", since=-1, wait_s=0)["contacts"]] == [second]


def test_the_offered_contacts_360_reads_the_number_and_the_flows_attributes_from_connect(
    centre: ContactCentre, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from chalicelib import customers, telephony
    from chalicelib.customer_360 import contact_360
    from chalicelib.errors import NotFound
    from chalicelib.screening import ListEntry, ScreeningList, add_entry
    from local.connect_simulator import ConnectApiServer, connect_environment

    now = datetime.now(UTC)
    customers.put_customer(CALLER, {"name": "Wei Zhang", "tier": "relationship"})
    add_entry(CALLER, ListEntry(ScreeningList.WARN, "Shouted at staff", "api", "supervisor1", now), now)
    server = ConnectApiServer(centre.sim).start()
    try:
        for key, value in connect_environment(centre.sim, server.endpoint).items():
            monkeypatch.setenv(key, value)
        telephony.forget_client()
        contact_id = _queued_call(centre)

        view = contact_360(contact_id)

        assert (view["phone"], view["name"], view["vip"]) == (CALLER, "Wei Zhang", True)
        assert view["warning"]["flagged"] and view["warning"]["note"] == "Shouted at staff"
        assert view["contact"]["category"] == "fault" and view["contact"]["warning"] is True
        with pytest.raises(NotFound):
            contact_360("00000000-0000-4000-8000-000000000000")
    finally:
        server.stop()
        telephony.forget_client()
