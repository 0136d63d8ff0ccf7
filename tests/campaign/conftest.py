"""A campaign call centre on the local stack: moto server, the REST API, the Connect simulator over
HTTP, and a pump that delivers the queues to the same handlers Lambda would call."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
import requests

from chalicelib import clock, messaging, telephony, work_queues
from chalicelib.resources import AUDIENCE_QUEUE_ENV, CONTACT_EVENTS_QUEUE_ENV, DIALLER_QUEUE_ENV
from local.connect_simulator import (
    OUTBOUND_NUMBER,
    ConnectApiServer,
    ConnectSimulator,
    Party,
    VirtualClock,
    install_contact_centre,
)
from local.connect_simulator.function_app import load_chalice_app
from tests.campaign.support import REPO, drain

#: A Wednesday, 15:00 UTC = 10:00 in New York: inside the example campaigns' calling windows.
OPEN_HOURS = datetime(2026, 11, 25, 15, 0, tzinfo=UTC).timestamp()


@dataclass
class CampaignCentre:
    api: str
    sim: ConnectSimulator
    app: Any
    duplicate_events: bool = False
    events_delivered: list[dict[str, Any]] = field(default_factory=list)

    def handler(self, name: str) -> Any:
        return lambda event: self.app.handler_map[name](event, None)

    def create_and_launch(self, name: str, audience_csv: str, **overrides: Any) -> str:
        """What `callctl campaign launch` does, over HTTP: create, upload the audience, launch."""
        from tests.campaign.support import campaign_body

        body = campaign_body(name, **overrides)
        created = requests.post(f"{self.api}/campaigns", json=body, timeout=10)
        assert created.status_code == 201, created.text
        campaign_id = created.json()["id"]
        upload = requests.post(f"{self.api}/campaigns/{campaign_id}/audience", json={}, timeout=10).json()
        put = requests.put(
            upload["upload_url"],
            data=audience_csv.encode("utf-8"),
            headers={"Content-Type": "text/csv"},
            timeout=10,
        )
        assert put.status_code == 200, put.text
        launched = requests.post(
            f"{self.api}/campaigns/{campaign_id}/launch",
            json={"audience_key": upload["audience_key"]},
            timeout=10,
        )
        assert launched.status_code == 200, launched.text
        return str(campaign_id)

    def run(self, rounds: int = 20) -> None:
        """Load, dial, let calls end, deliver their events: until nothing moves."""
        for _ in range(rounds):
            moved = drain(AUDIENCE_QUEUE_ENV, self.handler("load_audience"))
            moved += drain(DIALLER_QUEUE_ENV, self.handler("dial_contacts"), max_rounds=5)
            self.sim.run_until_idle()
            moved += drain(CONTACT_EVENTS_QUEUE_ENV, self.handler("handle_contact_events"))
            if not moved:
                return

    def status(self, campaign_id: str) -> dict[str, Any]:
        return dict(requests.get(f"{self.api}/campaigns/{campaign_id}", timeout=10).json())

    def contacts(self, campaign_id: str) -> dict[str, dict[str, Any]]:
        body = requests.get(f"{self.api}/campaigns/{campaign_id}/contacts", timeout=10).json()
        return {row["phone"]: row for row in body["contacts"]}

    def calls_to(self, phone: str) -> list[Any]:
        return [c for c in self.sim.contacts.values() if c.customer_number == phone]

    def sms_to(self, phone: str) -> list[str]:
        from moto.backends import get_backend  # the moto server runs in this process

        backend = get_backend("sns")["123456789012"]["us-east-1"]
        return [text for number, text in backend.sms_messages.values() if number == phone]


@pytest.fixture
def centre(local_stack: Any) -> Iterator[CampaignCentre]:
    app = load_chalice_app()
    sim = ConnectSimulator(clock=VirtualClock(start=OPEN_HOURS), max_concurrent_calls=10)
    install_contact_centre(sim, app)
    server = ConnectApiServer(sim).start()
    sqs = boto3.client("sqs")
    events_url = os.environ[CONTACT_EVENTS_QUEUE_ENV]
    centre = CampaignCentre(api=local_stack.api_url, sim=sim, app=app)

    def to_queue(event: dict[str, Any]) -> None:  # the EventBridge rule's SQS target
        for _ in range(2 if centre.duplicate_events else 1):
            sqs.send_message(QueueUrl=events_url, MessageBody=json.dumps(event))

    sim.on_event(to_queue)
    env = {
        "AWS_ENDPOINT_URL_CONNECT": server.endpoint,
        "CONNECT_INSTANCE_ID": sim.instance_id,
        "OUTBOUND_FLOW_ID": sim.flow_arn("outbound-reminder"),
        "OUTBOUND_SOURCE_PHONE_NUMBER": OUTBOUND_NUMBER,
        "QUEUE_MAX_DELAY_S": "0",
        "DIALLER_MAX_CONCURRENT_CALLS": "10",
        "DIALLER_CALLS_PER_SECOND": "5",
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    for adapter in (telephony, messaging, work_queues):
        adapter.forget_client()
    clock.source = sim.clock.time
    try:
        yield centre
    finally:
        clock.source = __import__("time").time
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        for adapter in (telephony, messaging, work_queues):
            adapter.forget_client()


__all__ = ["REPO", "CampaignCentre", "Party"]
