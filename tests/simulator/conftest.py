"""A Connect simulator running the product's flows against the real flow Lambdas on in-process moto."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from local.connect_simulator import (
    INBOUND_NUMBER,
    ConnectSimulator,
    Party,
    Transcript,
    install_contact_centre,
)
from local.connect_simulator.function_app import load_chalice_app
from local.connect_simulator.setup import BUSINESS_HOURS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from infra.flows import FlowResources

CALLER = "+12125550142"
OUTBOUND_FLOW = "outbound-reminder"


@dataclass
class ContactCentre:
    sim: ConnectSimulator
    resources: FlowResources

    def call_in(self, party: Party, caller: str = CALLER) -> Transcript:
        contact_id = self.sim.place_inbound_call(caller, party, to_number=INBOUND_NUMBER)
        self.sim.run_until_idle()
        assert self.sim.flow_errors == []
        return self.sim.transcript(contact_id)

    def remind(self, party: Party, callee: str = CALLER, **attributes: str) -> Transcript:
        self.sim.script_callee(callee, party)
        contact_id = self.sim.start_outbound_voice_contact(
            DestinationPhoneNumber=callee,
            ContactFlowId=self.sim.flow_arn(OUTBOUND_FLOW),
            InstanceId=self.sim.instance_id,
            SourcePhoneNumber="+12125550199",
            Attributes={
                "messageText": "Your parcel is waiting in locker 12.",
                "menuPrompt": "Press 1 if you cannot collect it, 2 if you will come, 0 for an agent.",
                "menuKeys": "120",
                "agentKey": "0",
                "language": "en-US",
                **attributes,
            },
        )
        self.sim.run_until_idle()
        assert self.sim.flow_errors == []
        return self.sim.transcript(contact_id)

    def close(self) -> None:
        self.sim.add_hours(BUSINESS_HOURS, False)


@pytest.fixture
def centre(aws: None) -> Iterator[ContactCentre]:
    sim = ConnectSimulator(max_concurrent_calls=10)
    # The functions run in this thread on in-process moto: their own computing time is what a
    # Lambda with a core of its own would take, whatever else the machine is running.
    sim.lambdas.stopwatch = time.thread_time
    resources = install_contact_centre(sim, load_chalice_app())
    yield ContactCentre(sim, resources)


@pytest.fixture
def dialler_centre() -> ContactCentre:
    """The same simulator without moto: enough for flows that invoke no Lambda (outbound, callback)."""
    sim = ConnectSimulator(max_concurrent_calls=10)
    return ContactCentre(sim, install_contact_centre(sim, load_chalice_app()))


def now() -> datetime:
    return datetime.now(UTC)
