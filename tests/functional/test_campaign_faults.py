"""A campaign contact (max_attempts 1, SMS when not answered) under injected faults: each AWS write
of its run, from the dial to the SMS fallback, fails once in turn, in every event ordering, and
every failed delivery is redelivered as SQS would. Whatever fails, the contact is called once,
the call is in the attempt history the caps read, and the SMS goes out once (or is reported)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from chalicelib import clock, contact_events, contact_search, effects, messaging, telephony, work_queues
from chalicelib.campaigns import audience, runs
from chalicelib.dialler import Dialler
from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.tables import CampaignContactRecord, ContactAttemptRecord
from local.campaign_driver import OPEN_HOURS, campaign_body
from tests.callbacks_support import sms_sent_to
from tests.fault_injection import AwsWriteFaults

if TYPE_CHECKING:
    from collections.abc import Iterator

ORDERINGS = ("event_after_save", "event_before_save", "event_twice")
HEADER = "phone,language,name,locker,pickup_code,deadline\n"


@pytest.fixture
def campaign_aws(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The product's tables (the shared ``aws`` fixture) and the dialler queue; yields the SQS
    client the worlds of the test drain it with (one client, not one per round)."""
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="dialler")["QueueUrl"]
    monkeypatch.setenv(DIALLER_QUEUE_ENV, url)
    for adapter in (messaging, work_queues, telephony):
        adapter.forget_client()
    yield sqs
    for adapter in (messaging, work_queues, telephony):
        adapter.forget_client()


@dataclass
class CampaignWorld:
    """Connect and the two queues as the dialler and the outcome handler see them, with redelivery."""

    ordering: str
    sqs: Any
    now: float = OPEN_HOURS
    calls: list[Any] = field(default_factory=list)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def start_call(self, call: Any) -> str:
        contact_id = str(uuid.uuid4())
        self.calls.append(call)
        self.attributes[contact_id] = dict(call.attributes)
        ended = {"eventType": "DISCONNECTED", "contactId": contact_id, "initiationMethod": "API"}
        if self.ordering == "event_before_save":
            if not self._deliver_event(ended):  # the event raced the dialler's own writes
                self.events.append(ended)
        else:
            self.events.extend([ended] * (2 if self.ordering == "event_twice" else 1))
        return contact_id

    def find_contact(self, key: str, *_: Any) -> str | None:
        return next((cid for cid, attrs in self.attributes.items() if attrs.get("dialIntent") == key), None)

    def _deliver_event(self, detail: dict[str, Any]) -> bool:
        try:
            contact_events.handle_event({"detail": detail})
            return True
        except Exception:
            return False  # reported in batchItemFailures: SQS redelivers it

    def _drain_queue(self) -> None:
        url = work_queues.queue_url(DIALLER_QUEUE_ENV)
        while received := self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            for message in received:
                self.messages.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    def _dial(self, body: dict[str, Any]) -> bool:
        try:
            Dialler(clock=lambda: self.now).handle_message(body)
            return True
        except Exception:
            return False

    def run(self, rounds: int = 30) -> None:
        for _ in range(rounds):
            self._drain_queue()
            self.messages = [body for body in self.messages if not self._dial(body)]
            self.events = [event for event in self.events if not self._deliver_event(event)]
            self.now += 60
            if not self.messages and not self.events:
                self._drain_queue()
                if not self.messages:
                    return


def _problems(campaign_id: str, phone: str, world: CampaignWorld) -> list[str]:
    problems = []
    contact = CampaignContactRecord.get(campaign_id, phone, consistent_read=True)
    if contact.state not in ("done", "unconfirmed"):
        problems.append(f"contact left {contact.state}")
    placed = {attrs["dialIntent"]: cid for cid, attrs in world.attributes.items()}
    history = list(ContactAttemptRecord.by_phone.query(phone))
    if len(history) != 1 or (history[0].contact_id not in placed.values() and contact.state != "unconfirmed"):
        problems.append(f"attempt history holds {len(history)} call(s), not the one placed")
    texts = sms_sent_to(phone)
    if contact.state == "done" and (len(texts) > 1 or (not texts and contact.sms_state != "unconfirmed")):
        problems.append(f"{len(texts)} SMS fallback(s), sms_state {contact.sms_state}")
    return problems


def _scenario(
    ordering: str, fail_at: int | None, index: int, monkeypatch: pytest.MonkeyPatch, sqs: Any
) -> tuple[AwsWriteFaults, Counter[str], list[str], bool]:
    campaign_id = f"faults-{index}"
    phone = f"+121255501{index:02d}"
    body = campaign_body(
        "parcel-arrival",
        id=campaign_id,
        retries={"max_attempts": 1, "delay_minutes": 60, "retry_on": ["no_answer"]},
    )
    runs.create_campaign(body)
    runs.change_status(campaign_id, "launch", loading="pending", audience_key=f"{campaign_id}/audience.csv")
    audience.load_audience(campaign_id, [HEADER, f"{phone},en-US,Alex Morgan,A-17,482913,Friday 6 pm\n"])
    world = CampaignWorld(ordering, sqs, now=OPEN_HOURS + 7 * index)  # a start second of its own (pacing)
    monkeypatch.setattr(telephony, "start_outbound_call", world.start_call)
    monkeypatch.setattr(telephony, "contact_attributes", lambda contact_id: world.attributes[contact_id])
    monkeypatch.setattr(contact_search, "find_contact", world.find_contact)
    monkeypatch.setattr(clock, "source", lambda: world.now)
    faults = AwsWriteFaults(fail_at)
    with faults.installed():
        faults.armed = True
        world.run()
        faults.armed = False
    sms = effects.get(
        "sms#campaign-fallback#" + hashlib.sha256(f"{campaign_id}#{phone}".encode()).hexdigest()
    )
    reported = sms is not None and sms.status == effects.GAVE_UP
    return (
        faults,
        Counter(call.client_token for call in world.calls),
        _problems(campaign_id, phone, world),
        reported,
    )


@pytest.mark.slow  # every write of the run failed in turn: about 25 scenarios per ordering
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_every_injected_fault_still_calls_a_contact_once_and_loses_no_follow_up(
    ordering: str, campaign_aws: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenarios = most_calls = lost = unconfirmed = 0
    failures: list[str] = []
    clean, per_attempt, problems, _ = _scenario(ordering, None, 0, monkeypatch, campaign_aws)
    assert (list(per_attempt.values()), problems) == ([1], []), f"{ordering} without faults"
    for fail_at in range(1, clean.writes + 1):
        faults, per_attempt, problems, reported = _scenario(
            ordering, fail_at, fail_at, monkeypatch, campaign_aws
        )
        scenarios += 1
        most_calls = max(most_calls, *per_attempt.values(), 0)
        lost += len(problems)
        unconfirmed += reported
        if list(per_attempt.values()) != [1] or problems:
            failures.append(f"{ordering}, write #{fail_at} {faults.failed}: {dict(per_attempt)}, {problems}")
    with capsys.disabled():
        print(
            f"\nfaults campaign ({ordering}): {scenarios} injected faults; calls placed per attempt (max) = "
            f"{most_calls}; lost follow-ups = {lost}; SMS reported unconfirmed = {unconfirmed}"
        )
    assert failures == []
    assert scenarios >= 5 and most_calls == 1 and lost == 0
