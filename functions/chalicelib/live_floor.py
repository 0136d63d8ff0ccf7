"""The supervisors' live floor: every queue and every signed-in agent, now.

What is happening this moment comes from Amazon Connect's real-time metrics (waiting contacts,
the longest wait, agents by state: ``telephony.current_queue_metrics`` and
``telephony.current_agents``); what happened so far today (service level, abandonment, contacts
handled) from our own KPI counters (``quality.aggregates``). ``plan_floor`` puts the two together
without I/O; ``live_floor`` reads them.

    {"at": "2026-11-30T09:00:00+00:00", "day": "2026-11-30", "serviceLevelSeconds": 20.0,
     "queues": [{"id", "name", "waiting", "longestWaitSeconds", "agentsOnline", "agentsAvailable",
                 "agentsOnContact", "agentsAfterContactWork", "queuedToday", "answeredToday",
                 "abandonedToday", "serviceLevel", "abandonmentRate"}, ...],
     "agents": [{"id", "name", "state", "status", "contactId", "contactState", "queue",
                 "stateSince", "secondsInState", "handledToday"}, ...]}
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalicelib.quality.kpis import kpis

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: GetCurrentUserData's AgentContactState, as the floor names it.
CONTACT_STATES = {
    "INCOMING": "Incoming",
    "PENDING": "Incoming",
    "CONNECTING": "Incoming",
    "CONNECTED": "On contact",
    "CONNECTED_ONHOLD": "On hold",
    "MISSED": "Missed contact",
    "ERROR": "Error",
    "ENDED": "After contact work",
    "REJECTED": "Rejected contact",
}


def _epoch(raw: object) -> float | None:
    """botocore gives timestamps as datetimes; numbers are taken as epoch seconds."""
    if isinstance(raw, datetime):
        return (raw if raw.tzinfo else raw.replace(tzinfo=UTC)).timestamp()
    if isinstance(raw, int | float):
        return float(raw)
    return None


def _count(values: Mapping[str, float | None], name: str) -> int:
    return int(values.get(name) or 0)


def queue_row(
    queue_id: str, name: str, live: Mapping[str, float | None], today: Mapping[str, float]
) -> dict[str, Any]:
    """One queue's line: Connect's numbers now, and today's service level and abandonment."""
    rates = kpis(today)
    return {
        "id": queue_id,
        "name": name,
        "waiting": _count(live, "CONTACTS_IN_QUEUE"),
        "longestWaitSeconds": _count(live, "OLDEST_CONTACT_AGE"),
        "agentsOnline": _count(live, "AGENTS_ONLINE"),
        "agentsAvailable": _count(live, "AGENTS_AVAILABLE"),
        "agentsOnContact": _count(live, "AGENTS_ON_CONTACT"),
        "agentsAfterContactWork": _count(live, "AGENTS_AFTER_CONTACT_WORK"),
        "queuedToday": int(today.get("queued", 0)),
        "answeredToday": int(today.get("answered", 0)),
        "abandonedToday": int(today.get("abandoned", 0)),
        "serviceLevel": rates["service_level"],
        "abandonmentRate": rates["abandonment_rate"],
    }


def agent_row(
    user_data: Mapping[str, Any],
    names: Mapping[str, str],
    queue_names: Mapping[str, str],
    handled_today: Mapping[str, float],
    now: float,
) -> dict[str, Any]:
    """One agent's line from their GetCurrentUserData entry: on a contact, the contact's state
    and its time in it; otherwise their agent status and its time.

    >>> row = agent_row({"User": {"Id": "u1"}, "Status": {"StatusName": "Available",
    ...     "StatusStartTimestamp": 100.0}, "Contacts": []}, {"u1": "Li Na"}, {}, {"u1": 3}, 160.0)
    >>> row["name"], row["state"], row["secondsInState"], row["handledToday"]
    ('Li Na', 'Available', 60, 3)
    """
    user_id = str((user_data.get("User") or {}).get("Id") or "")
    status = user_data.get("Status") or {}
    contacts = list(user_data.get("Contacts") or [])
    contact = contacts[0] if contacts else None
    if contact is not None:
        contact_state = str(contact.get("AgentContactState") or "")
        state = CONTACT_STATES.get(contact_state, contact_state.title())
        since = _epoch(contact.get("StateStartTimestamp"))
        queue_id = str((contact.get("Queue") or {}).get("Id") or "")
    else:
        contact_state, state = "", str(status.get("StatusName") or "")
        since = _epoch(status.get("StatusStartTimestamp"))
        queue_id = ""
    return {
        "id": user_id,
        "name": names.get(user_id, user_id),
        "state": state,
        "status": str(status.get("StatusName") or ""),
        "contactId": str(contact.get("ContactId") or "") if contact else "",
        "contactState": contact_state,
        "queue": queue_names.get(queue_id, queue_id),
        "stateSince": datetime.fromtimestamp(since, UTC).isoformat() if since is not None else None,
        "secondsInState": max(0, int(now - since)) if since is not None else None,
        "handledToday": int(handled_today.get(user_id, 0)),
    }


def plan_floor(
    *,
    queue_names: Mapping[str, str],
    live_queues: Mapping[str, Mapping[str, float | None]],
    users: Sequence[Mapping[str, Any]],
    queue_counters: Mapping[str, Mapping[str, float]],
    handled_today: Mapping[str, float],
    agent_names: Mapping[str, str],
    now: float,
    day: str,
    service_level_s: float,
) -> dict[str, Any]:
    """The floor from what was read: queues by name, agents by name."""
    queues = [
        queue_row(queue_id, name, live_queues.get(queue_id) or {}, queue_counters.get(queue_id) or {})
        for queue_id, name in sorted(queue_names.items(), key=lambda item: (item[1], item[0]))
    ]
    agents = sorted(
        (agent_row(entry, agent_names, queue_names, handled_today, now) for entry in users),
        key=lambda row: (str(row["name"]).lower(), row["id"]),
    )
    return {
        "at": datetime.fromtimestamp(now, UTC).isoformat(),
        "day": day,
        "serviceLevelSeconds": service_level_s,
        "queues": queues,
        "agents": agents,
    }


def live_floor() -> dict[str, Any]:
    """Read Connect's real-time metrics and today's counters, and plan the floor."""
    from chalicelib import agents, clock, telephony
    from chalicelib.quality import aggregates
    from chalicelib.quality.facts import SERVICE_LEVEL_S
    from chalicelib.quality.metrics import queue_labels

    queue_names = queue_labels()
    now = clock.now()
    day = clock.today(aggregates.business_zone()).isoformat()
    ids = sorted(queue_names)
    live_queues = telephony.current_queue_metrics(ids) if ids else {}
    users = telephony.current_agents(ids) if ids else []
    queue_counters = {row.name: row.counters for row in aggregates.read_dimension("queue", day, day)}
    handled = {
        row.name: row.counters.get("handled", 0) for row in aggregates.read_dimension("agent", day, day)
    }
    return plan_floor(
        queue_names=queue_names,
        live_queues=live_queues,
        users=users,
        queue_counters=queue_counters,
        handled_today=handled,
        agent_names=agents.agent_names() if users else {},
        now=now,
        day=day,
        service_level_s=SERVICE_LEVEL_S,
    )
