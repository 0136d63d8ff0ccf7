"""Supervisor alerts: complaints, low satisfaction scores and overdue tickets are raised once each,
published to the stage's alerts topic once, and worked through (acknowledged, then resolved)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from chalice.test import Client

from chalicelib import clock, notifications
from tests.functional.tickets_support import function_app
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

JSON = {"Content-Type": "application/json"}
CALLER = "+12125550143"


@pytest.fixture
def topic_messages(aws: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The alerts topic (in moto) with a queue subscribed: what supervisors would be sent."""
    sns, sqs = boto3.client("sns"), boto3.client("sqs")
    topic = sns.create_topic(Name="supervisor-alerts")["TopicArn"]
    queue = sqs.create_queue(QueueName="alert-inbox")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    monkeypatch.setenv(notifications.ALERTS_TOPIC_ENV, topic)
    notifications.forget_client()

    def received() -> list[dict[str, Any]]:
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
        for message in messages:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
        return [json.loads(message["Body"]) for message in messages]

    yield received
    notifications.forget_client()


@pytest.fixture
def client(aws: None) -> Iterator[Client]:
    with Client(function_app()) as test_client:
        yield signed_in(test_client, "supervisor")


def _call(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    response = client.http.request(method, path, headers=JSON, body=json.dumps(body or {}).encode())
    return response.status_code, json.loads(response.body)


def _ticket(client: Client, category: str, subject: str) -> str:
    status, created = _call(
        client,
        "POST",
        "/tickets",
        {"phone": CALLER, "category": category, "channel": "phone", "subject": subject},
    )
    assert status == 201, created
    return str(created["id"])


def test_alerts_are_raised_and_published_once_and_worked_through(
    client: Client, topic_messages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.quality.ratings import open_follow_up

    complaint = _ticket(client, "complaint", "Agent hung up on me")
    fault = _ticket(client, "fault", "Line drops every evening")
    follow_up = open_follow_up("contact-9", 1, CALLER, "contact")

    status, listed = _call(client, "GET", "/alerts")
    assert status == 200 and listed["raised"] == 2
    kinds = {alert["id"]: alert["kind"] for alert in listed["alerts"]}
    assert kinds == {
        f"complaint_ticket:{complaint}": "complaint_ticket",
        f"low_satisfaction:{follow_up}": "low_satisfaction",
    }
    assert sorted(message["id"] for message in topic_messages()) == sorted(kinds)
    # Looking again raises and sends nothing new.
    assert _call(client, "GET", "/alerts")[1]["raised"] == 0
    assert topic_messages() == []

    # A week on, every ticket is past its due time: each is overdue once.
    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(clock, "source", lambda: later)
    status, listed = _call(client, "GET", "/alerts")
    overdue = {alert["subject"] for alert in listed["alerts"] if alert["kind"] == "ticket_overdue"}
    assert overdue == {complaint, fault, follow_up}
    assert len(topic_messages()) == 3

    alert_id = f"complaint_ticket:{complaint}"
    # The console sends the id URL-encoded (":" as %3A), as a browser's encodeURIComponent does.
    status, acknowledged = _call(client, "POST", f"/alerts/{alert_id.replace(':', '%3A')}/acknowledge")
    assert status == 200 and acknowledged["status"] == "acknowledged"
    assert acknowledged["acknowledgedBy"]
    assert _call(client, "POST", f"/alerts/{alert_id}/acknowledge")[0] == 409
    status, resolved = _call(client, "POST", f"/alerts/{alert_id}/resolve")
    assert status == 200 and resolved["status"] == "resolved"
    assert _call(client, "POST", f"/alerts/{alert_id}/resolve")[0] == 409
    remaining = {alert["id"] for alert in _call(client, "GET", "/alerts")[1]["alerts"]}
    assert alert_id not in remaining and len(remaining) == 4
    assert _call(client, "POST", "/alerts/complaint_ticket:T-nothing/resolve")[0] == 404


def test_agents_are_refused_the_alerts(aws: None) -> None:
    with Client(function_app()) as test_client:
        agent = signed_in(test_client, "agent")
        assert agent.http.get("/alerts", headers=JSON).status_code == 403


def test_a_warning_listed_caller_entering_a_queue_alerts_the_supervisors_once(
    client: Client, topic_messages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib import telephony
    from chalicelib.quality import tracking
    from tests.quality_support import QUEUE_FAULT, contact_event

    flagged = {"flagged-1": {"callerWarning": "true"}, "plain-1": {"callerWarning": "false"}}
    monkeypatch.setattr(telephony, "contact_attributes", lambda contact_id: flagged[contact_id])
    monkeypatch.setenv("CONNECT_QUEUE_IDS", json.dumps({"fault": QUEUE_FAULT}))
    for contact_id in flagged:
        queued = contact_event("QUEUED", contact_id, started="10:00:00", queue=QUEUE_FAULT, queued="10:00:20")
        tracking.track_contact_event(queued)
        tracking.track_contact_event(queued)  # EventBridge may deliver an event twice

    listed = _call(client, "GET", "/alerts")[1]["alerts"]
    assert [(alert["id"], alert["title"]) for alert in listed] == [
        ("warning_caller:flagged-1", "Warning-list caller waiting in fault")
    ]
    assert [message["id"] for message in topic_messages()] == ["warning_caller:flagged-1"]
