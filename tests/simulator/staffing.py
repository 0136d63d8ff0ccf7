"""The dev stage's staff in a simulated contact centre: agents signed in, directory seeded, and the
simulator's Connect API served so the flow Lambdas can ask where an agent is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from chalicelib import agents, telephony
from infra.staff import Staff, directory_entries, load_staff
from local.connect_simulator import ConnectApiServer, Party
from local.connect_simulator.agents import OFFLINE
from local.connect_simulator.setup import INBOUND_NUMBER, install_staff
from tests.moto_snapshots import dynamodb_as_left_by

if TYPE_CHECKING:
    from collections.abc import Iterator

    from local.connect_simulator import ConnectSimulator
    from local.connect_simulator.contacts import Contact
    from tests.simulator.conftest import ContactCentre

CALLER = "+12125550142"
FAULT_KEYS = ["1"]  # the inbound menu: 1 is a fault


@dataclass
class StaffedCentre:
    centre: ContactCentre
    staff: Staff
    user_ids: dict[str, str]  # username -> Connect user id

    @property
    def sim(self) -> ConnectSimulator:
        return self.centre.sim

    def set_status(self, username: str, status: str) -> None:
        self.sim.put_user_status(
            self.user_ids[username], self.sim.instance_id, self.sim.roster.status_id(status)
        )

    def only_signed_in(self, *usernames: str) -> None:
        for username in self.user_ids:
            if username not in usernames:
                self.set_status(username, OFFLINE)

    def call(self, party: Party, caller: str = CALLER) -> Contact:
        """Place an inbound call and run the flow until the caller is queued (time then stops)."""
        contact_id = self.sim.place_inbound_call(caller, party, to_number=INBOUND_NUMBER)
        contact = self.sim.contacts[contact_id]
        for _ in range(600):
            if contact.queued_at is not None or not contact.active:
                break
            self.sim.advance(0.5)
        assert contact.queued_at is not None, self.sim.transcript(contact_id).render()
        return contact

    def agent_of(self, contact: Contact) -> str | None:
        by_id = {user_id: username for username, user_id in self.user_ids.items()}
        return by_id.get(contact.routed_agent or "")

    def wait_of(self, contact: Contact) -> float:
        """Seconds between queueing and the offer to an agent."""
        assert contact.queued_at is not None and contact.offered_at is not None
        return round(contact.offered_at - contact.queued_at, 1)


@pytest.fixture
def staffed(centre: ContactCentre, monkeypatch: pytest.MonkeyPatch) -> Iterator[StaffedCentre]:
    staff = load_staff("dev")
    user_ids = install_staff(centre.sim, staff)

    def directory() -> None:
        for username, entry in directory_entries(staff, user_ids).items():
            agents.put_agent(username, entry)

    # The same staff and user ids every time: later tests get a copy of the directory it left.
    dynamodb_as_left_by(f"dev stage's directory {sorted(user_ids.items())}", directory)
    server = ConnectApiServer(centre.sim).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.endpoint)
    monkeypatch.setenv("CONNECT_INSTANCE_ID", centre.sim.instance_id)
    telephony.forget_client()
    try:
        yield StaffedCentre(centre, staff, user_ids)
    finally:
        telephony.forget_client()
        server.stop()
