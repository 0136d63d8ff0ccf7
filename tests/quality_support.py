"""A small day of contact events whose KPIs are worked out by hand below, for unit and functional tests.

Wednesday 2026-11-25 (UTC), two queues (fault, order), two agents (a1, a2):

- C1 fault: queued 10:00:30, agent a1 10:00:45 (waited 15 s), ended 10:05:45 (300 s), rated 5
- C2 fault: queued 10:10:00, agent a2 10:10:50 (waited 50 s), ended 10:12:50 (120 s), rated 2
- C3 fault: queued 10:20:00, hung up 10:21:00 before an agent answered (abandoned)
- C4 order: queued 10:30:00, agent a1 10:30:10 (waited 10 s), ended 10:34:10 (240 s), rated 4
- C5 no queue: the flow ended the call (after hours); counted as a contact only

By hand, whole centre: 5 contacts, 4 queued, 3 answered, 2 within 20 s, 1 abandoned;
abandonment 1/4 = 0.25, service level 2/4 = 0.5, handle time (300+120+240)/3 = 220 s,
satisfaction (5+2+4)/3 = 3.6667, share of 4-5: 2/3 = 0.6667.
Queue fault: abandonment 1/3, service level 1/3, AHT 210. Agent a1: AHT 270, satisfaction 4.5.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest

INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/5a1c0e2b-7d4f-4c3e-9b8a-1f2e3d4c5b6a"
DAY = "2026-11-25"
QUEUE_FAULT = "11111111-fault"
QUEUE_ORDER = "22222222-order"


def iso(clock: str) -> str:
    return f"{DAY}T{clock}.000Z"


def epoch(clock: str) -> float:
    return datetime.fromisoformat(f"{DAY}T{clock}+00:00").astimezone(UTC).timestamp()


def contact_event(
    event_type: str,
    contact_id: str,
    *,
    started: str,
    queue: str | None = None,
    queued: str | None = None,
    agent: str | None = None,
    agent_at: str | None = None,
    ended: str | None = None,
    method: str = "INBOUND",
) -> dict[str, Any]:
    """An EventBridge contact event as Amazon Connect sends it (what the simulator emits)."""
    detail: dict[str, Any] = {
        "eventType": event_type,
        "contactId": contact_id,
        "initialContactId": contact_id,
        "channel": "VOICE",
        "instanceArn": INSTANCE,
        "initiationMethod": method,
        "initiationTimestamp": iso(started),
        "connectedToSystemTimestamp": iso(started),
    }
    if queue and queued:
        detail["queueInfo"] = {
            "queueArn": f"{INSTANCE}/queue/{queue}",
            "queueType": "STANDARD",
            "enqueueTimestamp": iso(queued),
        }
    if agent and agent_at:
        detail["agentInfo"] = {
            "agentArn": f"{INSTANCE}/agent/{agent}",
            "connectedToAgentTimestamp": iso(agent_at),
        }
    if event_type == "DISCONNECTED":
        detail["disconnectTimestamp"] = iso(ended or started)
        detail["disconnectReason"] = "CUSTOMER_DISCONNECT"
    moment = ended if event_type == "DISCONNECTED" else agent_at or queued or started
    return {
        "version": "0",
        "id": f"{contact_id}-{event_type}",
        "detail-type": "Amazon Connect Contact Event",
        "source": "aws.connect",
        "account": "123456789012",
        "time": iso(moment or started)[:19] + "Z",
        "region": "us-east-1",
        "resources": [f"{INSTANCE}/contact/{contact_id}", INSTANCE],
        "detail": detail,
    }


def lifecycle(contact_id: str, **times: Any) -> list[dict[str, Any]]:
    """INITIATED, QUEUED, CONNECTED_TO_AGENT, DISCONNECTED as far as the contact got."""
    events = [
        contact_event(
            "INITIATED", contact_id, started=times["started"], method=times.get("method", "INBOUND")
        )
    ]
    if times.get("queued"):
        events.append(
            contact_event(
                "QUEUED",
                contact_id,
                **{k: v for k, v in times.items() if k not in {"agent", "agent_at", "ended"}},
            )
        )
    if times.get("agent_at"):
        events.append(
            contact_event(
                "CONNECTED_TO_AGENT", contact_id, **{k: v for k, v in times.items() if k != "ended"}
            )
        )
    events.append(contact_event("DISCONNECTED", contact_id, **times))
    return events


CONTACTS: dict[str, dict[str, Any]] = {
    "C1": {
        "started": "10:00:00",
        "queue": QUEUE_FAULT,
        "queued": "10:00:30",
        "agent": "a1",
        "agent_at": "10:00:45",
        "ended": "10:05:45",
    },
    "C2": {
        "started": "10:09:40",
        "queue": QUEUE_FAULT,
        "queued": "10:10:00",
        "agent": "a2",
        "agent_at": "10:10:50",
        "ended": "10:12:50",
    },
    "C3": {"started": "10:19:30", "queue": QUEUE_FAULT, "queued": "10:20:00", "ended": "10:21:00"},
    "C4": {
        "started": "10:29:40",
        "queue": QUEUE_ORDER,
        "queued": "10:30:00",
        "agent": "a1",
        "agent_at": "10:30:10",
        "ended": "10:34:10",
    },
    "C5": {"started": "22:00:00", "ended": "22:00:40"},
}
RATINGS = {"C1": 5, "C2": 2, "C4": 4}


def day_events() -> list[dict[str, Any]]:
    return [event for contact_id, times in CONTACTS.items() for event in lifecycle(contact_id, **times)]


def scrambled_with_duplicates() -> list[dict[str, Any]]:
    """Every event once or more, DISCONNECTED before QUEUED and the like, in a fixed shuffled order."""
    import random

    events = day_events()
    events += [events[i] for i in (0, 3, 3, 7, 10, 15)]  # duplicates, one of them twice
    random.Random(7).shuffle(events)
    return events


def track_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Feed the day's events to the product's tracking, as the contact-events Lambda would, with
    queue ids named and the business day in UTC (the tests' hand-worked figures are in UTC)."""
    import json

    from chalicelib.quality import aggregates, tracking
    from tests.moto_snapshots import dynamodb_as_left_by

    monkeypatch.setattr(tracking, "customer_number", lambda contact_id: None)
    monkeypatch.setattr(aggregates, "business_zone", lambda: UTC)
    monkeypatch.setenv("CONNECT_QUEUE_IDS", json.dumps({"fault": QUEUE_FAULT}))

    def track() -> None:
        for event in day_events():
            tracking.track_contact_event(event)

    dynamodb_as_left_by("the hand-worked day", track)
