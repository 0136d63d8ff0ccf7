"""The reconciliation search (chalicelib.contact_search) against the simulator's SearchContacts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from chalicelib import contact_search, telephony
from local.connect_simulator import ConnectApiServer, Party

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.simulator.conftest import ContactCentre

CALLEE = "+12125550143"


@pytest.fixture
def centre(dialler_centre: ContactCentre, monkeypatch: pytest.MonkeyPatch) -> Iterator[ContactCentre]:
    server = ConnectApiServer(dialler_centre.sim).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.endpoint)
    monkeypatch.setenv("CONNECT_INSTANCE_ID", dialler_centre.sim.instance_id)
    telephony.forget_client()
    try:
        yield dialler_centre
    finally:
        telephony.forget_client()
        server.stop()


def _dial(centre: ContactCentre, intent: str) -> str:
    return str(
        centre.sim.start_outbound_voice_contact(
            DestinationPhoneNumber=CALLEE,
            ContactFlowId=centre.sim.flow_arn("outbound-reminder").rsplit("/", 1)[-1],
            InstanceId=centre.sim.instance_id,
            SourcePhoneNumber="+12125550199",
            Attributes={"messageText": "Your parcel is waiting.", "dialIntent": intent},
        )
    )


def test_a_placed_call_is_found_by_its_intent_once_connect_lists_it(centre: ContactCentre) -> None:
    centre.sim.script_callee(CALLEE, Party.no_answer())
    started = datetime.fromtimestamp(centre.sim.clock.time(), UTC)
    contact_id = _dial(centre, "call#attempt-1")
    # Connect lists a voice contact once it reached an agent or ended: not while it rings.
    assert contact_search.find_contact("call#attempt-1", started, started) is None
    centre.sim.run_until_idle()
    now = datetime.fromtimestamp(centre.sim.clock.time(), UTC)
    assert contact_search.find_contact("call#attempt-1", started, now) == contact_id
    assert contact_search.find_contact("call#attempt-2", started, now) is None
