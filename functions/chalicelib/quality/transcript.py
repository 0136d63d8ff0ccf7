"""What happened on a reviewed contact, in time order, for the supervisor who listens to it.

Built from Connect's own record of the contact (DescribeContact: started, queued, connected to
the agent, recorded, ended and why) and the attributes the flows set on it (the menu key
pressed, the language, what the caller heard), with queues and agents by name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib import telephony
from chalicelib.quality.recordings import reviewable_agent


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    return None


def timeline(contact: dict[str, Any], queues: dict[str, str], agents: dict[str, str]) -> list[dict[str, str]]:
    """The contact's events, oldest first: ``{"at": ISO time, "kind", "text"}``."""
    events: list[tuple[datetime, str, str]] = []

    def add(value: Any, kind: str, text: str) -> None:
        moment = _moment(value)
        if moment is not None:
            events.append((moment, kind, text))

    channel = str(contact.get("Channel") or "VOICE").lower()
    method = str(contact.get("InitiationMethod") or "").lower()
    add(contact.get("InitiationTimestamp"), "started", f"{channel} contact started ({method})")
    add(contact.get("ConnectedToSystemTimestamp"), "connected", "connected to the contact centre")
    queue = contact.get("QueueInfo") or {}
    if queue:
        name = queues.get(str(queue.get("Id")), str(queue.get("Id")))
        add(queue.get("EnqueueTimestamp"), "queued", f"queued in {name}")
    agent = contact.get("AgentInfo") or {}
    if agent:
        name = agents.get(str(agent.get("Id")), str(agent.get("Id")))
        add(agent.get("ConnectedToAgentTimestamp"), "agent", f"connected to {name}")
    for recording in contact.get("Recordings") or []:
        add(recording.get("StartTimestamp"), "recording", "recording started")
    reason = str(contact.get("DisconnectReason") or "").lower().replace("_", " ")
    add(contact.get("DisconnectTimestamp"), "ended", f"ended ({reason})" if reason else "ended")
    events.sort(key=lambda event: event[0])
    return [{"at": moment.isoformat(), "kind": kind, "text": text} for moment, kind, text in events]


def contact_events(contact_id: str) -> dict[str, Any]:
    """The timeline and flow attributes of a contact an agent handled."""
    from chalicelib.agents import agent_names
    from chalicelib.quality.metrics import queue_labels

    agent = reviewable_agent(contact_id)
    contact = telephony.describe_contact(contact_id)
    attributes = telephony.contact_attributes(str(contact.get("InitialContactId") or contact_id))
    agents = agent_names()
    return {
        "contactId": contact_id,
        "agent": agent,
        "agentName": agents.get(agent, agent),
        "events": timeline(contact, queue_labels(), agents),
        "attributes": dict(sorted(attributes.items())),
    }
