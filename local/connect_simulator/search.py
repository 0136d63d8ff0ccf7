"""SearchContacts on the simulator: the subset the product uses (an API-initiated voice contact
found by a searchable contact attribute within a time range), with Connect's visibility rule.

Amazon Connect lists a voice contact once it has reached an agent or has ended; a call still
ringing or in its flow is not found yet. Served at ``POST /search-contacts`` (server.py).
"""

from __future__ import annotations

from typing import Any

from local.connect_simulator.simulator import ConnectError, ConnectSimulator

MAX_RESULTS = 100


def _seconds(raw: Any) -> float:
    """botocore sends timestamps to rest-json services as epoch seconds."""
    try:
        return float(raw)
    except (TypeError, ValueError) as exc:
        raise ConnectError("InvalidParameterException", f"not a timestamp: {raw!r}") from exc


def _attributes_match(attributes: dict[str, str], searchable: dict[str, Any]) -> bool:
    criteria = searchable.get("Criteria") or []
    results = [attributes.get(str(c.get("Key"))) in [str(v) for v in c.get("Values") or []] for c in criteria]
    if not results:
        return True
    return any(results) if searchable.get("MatchType") == "MATCH_ANY" else all(results)


def search_contacts(sim: ConnectSimulator, body: dict[str, Any]) -> dict[str, Any]:
    sim._check_instance(str(body.get("InstanceId", "")))
    time_range = body.get("TimeRange") or {}
    if time_range.get("Type") != "INITIATION_TIMESTAMP":
        raise ConnectError("InvalidParameterException", "only INITIATION_TIMESTAMP ranges are simulated")
    start, end = _seconds(time_range.get("StartTime")), _seconds(time_range.get("EndTime"))
    criteria = body.get("SearchCriteria") or {}
    methods = criteria.get("InitiationMethods") or []
    searchable = criteria.get("SearchableContactAttributes") or {}
    limit = min(MAX_RESULTS, int(body.get("MaxResults") or MAX_RESULTS))
    found: list[dict[str, Any]] = []
    with sim._lock:
        for contact in sim.contacts.values():
            visible = contact.ended_at is not None or contact.agent_connected_at is not None
            if not visible or not start <= contact.started_at <= end:
                continue
            if methods and contact.initiation_method not in methods:
                continue
            if not _attributes_match(contact.attributes, searchable):
                continue
            found.append(
                {
                    "Id": contact.contact_id,
                    "InitialContactId": contact.contact_id,
                    "Channel": "VOICE",
                    "InitiationMethod": contact.initiation_method,
                    "InitiationTimestamp": contact.started_at,
                }
            )
    found.sort(key=lambda item: item["InitiationTimestamp"])
    return {"Contacts": found[:limit], "TotalCount": len(found)}
