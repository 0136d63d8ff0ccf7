"""Amazon Connect contact events (EventBridge shape) turned into facts about the contact.

Only what the event itself says: queue, agent and their timestamps, when it started and ended.
Every event carries the contact's timestamps so far, so a DISCONNECTED that arrives before the
QUEUED already tells the whole story, and the late QUEUED adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.quality.facts import CONTACT

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class ContactUpdate:
    contact_id: str
    event_type: str
    initiation_method: str
    facts: dict[str, Any]
    at: float  # when the event happened (the latest moment it reports)


def parse_time(raw: object) -> float | None:
    """Epoch seconds from a contact event timestamp (``2021-08-04T17:17:53.000Z``)."""
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _after(arn: object, marker: str) -> str | None:
    """``.../queue/<id>`` -> ``<id>`` (agent queues keep their ``agent/<id>`` form)."""
    if not isinstance(arn, str) or marker not in arn:
        return None
    return arn.split(marker, 1)[1] or None


def from_event(event: Mapping[str, Any]) -> ContactUpdate | None:
    """The facts one contact event states, or None when it is not a contact event we can use."""
    detail = event.get("detail") or {}
    contact_id = detail.get("contactId")
    event_type = str(detail.get("eventType") or "")
    if not contact_id or not event_type:
        return None
    queue = detail.get("queueInfo") or {}
    agent = detail.get("agentInfo") or {}
    facts: dict[str, Any] = {
        "kind": CONTACT,
        "initiation_method": detail.get("initiationMethod"),
        "channel": detail.get("channel"),  # VOICE | CHAT | TASK | EMAIL
        "initiated_at": parse_time(detail.get("initiationTimestamp")),
        "connected_to_system_at": parse_time(detail.get("connectedToSystemTimestamp")),
        "enqueued_at": parse_time(queue.get("enqueueTimestamp")),
        "queue": _after(queue.get("queueArn"), "/queue/") if queue.get("enqueueTimestamp") else None,
        "agent_connected_at": parse_time(agent.get("connectedToAgentTimestamp")),
        "agent": _after(agent.get("agentArn"), "/agent/") if agent.get("connectedToAgentTimestamp") else None,
    }
    if event_type in {"DISCONNECTED", "COMPLETED"}:
        facts["disconnected_at"] = parse_time(detail.get("disconnectTimestamp"))
    work = agent.get("afterContactWorkDuration")
    if isinstance(work, int | float) and work >= 0:
        facts["after_contact_work_s"] = float(work)
    moments = [value for key, value in facts.items() if key.endswith("_at") and isinstance(value, float)]
    stamped = parse_time(event.get("time"))
    if stamped is not None:
        moments.append(stamped)
    return ContactUpdate(
        contact_id=str(contact_id),
        event_type=event_type,
        initiation_method=str(detail.get("initiationMethod") or ""),
        facts={key: value for key, value in facts.items() if value is not None},
        at=max(moments) if moments else 0.0,
    )
