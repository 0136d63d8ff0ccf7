"""Drives outbound campaigns through the local stack step by step: the REST API, the Connect
simulator on a virtual clock, and the queues delivered to the same handlers Lambda would call.

Used by the campaign tests, ``make demo`` and ``make bench``::

    with CampaignCentre.open(api_url, start_at=OPEN_HOURS) as centre:
        centre.sim.script_callee("+12125550142", Party.answers(presses=["2"]))
        campaign = centre.create_and_launch("parcel-arrival", audience_csv)
        centre.run()                      # load, dial, calls end, events delivered ... until quiet
        centre.contacts(campaign)         # every contact with its state, outcome, SMS
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import boto3
import requests

from local.paths import REPO_ROOT

#: A Wednesday, 15:00 UTC = 10:00 in New York: inside the example campaigns' calling windows.
OPEN_HOURS = datetime(2026, 11, 25, 15, 0, tzinfo=UTC).timestamp()
PROMPTS = REPO_ROOT / "prompts"
CAMPAIGNS = REPO_ROOT / "campaigns"


def campaign_body(name: str = "parcel-arrival", **overrides: Any) -> dict[str, Any]:
    """The POST /campaigns body the command line sends: definition, texts and menu prompts."""
    from chalicelib.campaigns import load_campaign_file, load_campaign_texts

    campaign = load_campaign_file(CAMPAIGNS / f"{name}.yaml")
    document = json.loads(json.dumps(campaign.document))
    document.update(overrides)
    texts = load_campaign_texts(campaign, PROMPTS)
    menu_prompts = {
        code: (PROMPTS / code / "campaign-menu-prompt.txt").read_text(encoding="utf-8").strip()
        for code in campaign.languages
    }
    return {"campaign": document, "texts": texts.to_document(), "menu_prompts": menu_prompts}


@lru_cache(maxsize=4)
def _sqs(endpoint: str | None) -> Any:
    """One client per endpoint (a test run starts many stacks): ``drain`` runs a few times a round."""
    return boto3.client("sqs")


def drain(queue_url: str, handler: Callable[[dict[str, Any]], dict[str, Any]], max_rounds: int = 50) -> int:
    """Deliver a queue's messages to an SQS batch handler like Lambda would; returns messages handled."""
    sqs = _sqs(os.environ.get("AWS_ENDPOINT_URL"))
    handled = 0
    for _ in range(max_rounds):
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get(
            "Messages", []
        )
        if not messages:
            break
        event = {
            "Records": [
                {"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"]}
                for m in messages
            ]
        }
        failed = {item["itemIdentifier"] for item in handler(event).get("batchItemFailures", [])}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        handled += len(messages)
    return handled


@dataclass
class CampaignCentre:
    api: str
    sim: Any
    app: Any
    duplicate_events: bool = False
    #: The simulator's Connect API server; ``connect_api.accepted`` lists the requests it took.
    connect_api: Any = None
    state_machines: Any = None

    @cached_property
    def marketer(self) -> requests.Session:
        """The API as the demo marketer (campaigns are theirs in the role matrix)."""
        from local.staff_directory import staff_session

        return staff_session(self.api, "marketer")

    @classmethod
    @contextmanager
    def open(
        cls, api: str, start_at: float = OPEN_HOURS, max_concurrent_calls: int = 10
    ) -> Iterator[CampaignCentre]:
        """A simulator on its own virtual clock, wired like CDK wires Connect (events -> queue)."""
        from chalicelib import clock, messaging, telephony, work_queues
        from chalicelib.resources import CONTACT_EVENTS_QUEUE_ENV, QUEUES
        from chalicelib.tables import PacingRecord
        from local.connect_simulator import (
            ConnectApiServer,
            ConnectSimulator,
            VirtualClock,
            install_contact_centre,
        )
        from local.connect_simulator.function_app import load_chalice_app
        from local.connect_simulator.setup import connect_environment
        from local.environment import temporary_environment

        # A new virtual clock starts over: work left queued or parked, and per-second call tallies,
        # from an earlier run would carry times from another timeline.
        sqs = boto3.client("sqs")
        for queue in QUEUES:
            drain(os.environ[queue.env_var], lambda _event: {"batchItemFailures": []}, max_rounds=1000)
        with PacingRecord.batch_write() as writer:
            for item in PacingRecord.scan():
                writer.delete(item)
        app = load_chalice_app()
        sim = ConnectSimulator(clock=VirtualClock(start=start_at), max_concurrent_calls=max_concurrent_calls)
        install_contact_centre(sim, app)
        server = ConnectApiServer(sim).start()
        events_url = os.environ[CONTACT_EVENTS_QUEUE_ENV]
        centre = cls(api=api, sim=sim, app=app, connect_api=server)

        def to_queue(event: dict[str, Any]) -> None:  # the EventBridge rule's SQS target
            for _ in range(2 if centre.duplicate_events else 1):
                sqs.send_message(QueueUrl=events_url, MessageBody=json.dumps(event))

        sim.on_event(to_queue)
        env = {
            **connect_environment(sim, server.endpoint),
            "QUEUE_MAX_DELAY_S": "0",
            "DIALLER_MAX_CONCURRENT_CALLS": str(max_concurrent_calls),
            "DIALLER_CALLS_PER_SECOND": "5",
        }
        adapters = (telephony, messaging, work_queues)
        try:
            with temporary_environment(env):
                for adapter in adapters:
                    adapter.forget_client()
                clock.source = sim.clock.time
                yield centre
        finally:
            clock.source = time.time
            server.stop()
            for adapter in adapters:
                adapter.forget_client()

    def handler(self, name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        return lambda event: dict(self.app.handler_map[name](event, None))

    def create_and_launch(self, name: str, audience_csv: str, **overrides: Any) -> str:
        """What ``callctl campaign launch`` does, over HTTP: create, upload the audience, launch."""
        created = self.marketer.post(
            f"{self.api}/campaigns", json=campaign_body(name, **overrides), timeout=30
        )
        if created.status_code != 201:
            raise RuntimeError(f"creating the campaign failed: {created.status_code} {created.text}")
        campaign_id = str(created.json()["id"])
        upload = self.marketer.post(
            f"{self.api}/campaigns/{campaign_id}/audience", json={}, timeout=30
        ).json()
        put = requests.put(
            upload["upload_url"],
            data=audience_csv.encode("utf-8"),
            headers={"Content-Type": "text/csv"},
            timeout=60,
        )
        if put.status_code != 200:
            raise RuntimeError(f"uploading the audience failed: {put.status_code} {put.text}")
        launched = self.marketer.post(
            f"{self.api}/campaigns/{campaign_id}/launch",
            json={"audience_key": upload["audience_key"]},
            timeout=30,
        )
        if launched.status_code != 200:
            raise RuntimeError(f"launching failed: {launched.status_code} {launched.text}")
        return campaign_id

    def run(self, rounds: int = 20) -> None:
        """Load, dial, let calls end, deliver their events: until nothing moves."""
        from chalicelib.resources import CONTACT_EVENTS_QUEUE_ENV, DIALLER_QUEUE_ENV
        from local.state_machines import LocalStateMachines

        if self.state_machines is None:
            self.state_machines = LocalStateMachines(call=lambda name, event: self.handler(name)(event))
        for _ in range(rounds):
            moved = self.state_machines.run_pending()
            moved += drain(os.environ[DIALLER_QUEUE_ENV], self.handler("dial_contacts"), max_rounds=5)
            self.sim.run_until_idle()
            moved += drain(os.environ[CONTACT_EVENTS_QUEUE_ENV], self.handler("handle_contact_events"))
            if not moved:
                return

    def status(self, campaign_id: str) -> dict[str, Any]:
        return dict(self.marketer.get(f"{self.api}/campaigns/{campaign_id}", timeout=30).json())

    def contacts(self, campaign_id: str) -> dict[str, dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        cursor = ""
        while True:
            page = self.marketer.get(
                f"{self.api}/campaigns/{campaign_id}/contacts",
                params={"next": cursor} if cursor else None,
                timeout=30,
            ).json()
            rows.update({row["phone"]: row for row in page["contacts"]})
            cursor = page.get("next") or ""
            if not cursor:
                return rows

    def calls_to(self, phone: str) -> list[Any]:
        return [c for c in self.sim.contacts.values() if c.customer_number == phone]

    def sms_to(self, phone: str) -> list[str]:
        """SMS moto (running in this process) accepted for ``phone``."""
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.sns.models import sns_backends

        backend = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
        return [text for number, text in backend.sms_messages.values() if number == phone]


def example_audience(name: str) -> str:
    return Path(CAMPAIGNS / "audiences" / f"{name}.csv").read_text(encoding="utf-8")
