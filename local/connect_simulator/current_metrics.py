"""GetCurrentMetricData on the simulator: real-time queue metrics from its own contacts and agents.

Served at ``POST /metrics/current/{InstanceId}`` (server.py), in Connect's response shape: one
``MetricResults`` entry per queue (and channel, when grouped so) with ``Dimensions`` and the
requested metrics in request order under ``Collections``. The documented rules are kept: a
queue or routing-profile filter is required (not both), each metric has its documented unit,
and OLDEST_CONTACT_AGE comes in seconds when grouped but in milliseconds when not.

Agents count for a queue when their routing profile holds it: online (any status but Offline,
or still on a contact), available (Available with nothing on hand), on contact (a contact
offered or connected), in after-contact work, non-productive (a custom status, nothing on hand).
Without agents the simulator's stand-in agent (or ``set_staffing``) gives the agent counts.
"""

from __future__ import annotations

from typing import Any

from local.connect_simulator.agents import AVAILABLE, CONNECTED, CONNECTING, ENDED, OFFLINE
from local.connect_simulator.simulator import ConnectError, ConnectSimulator

#: Metric -> its documented unit (API reference, GetCurrentMetricData, CurrentMetrics).
UNITS = {
    "AGENTS_AFTER_CONTACT_WORK": "COUNT",
    "AGENTS_AVAILABLE": "COUNT",
    "AGENTS_ERROR": "COUNT",
    "AGENTS_NON_PRODUCTIVE": "COUNT",
    "AGENTS_ON_CALL": "COUNT",
    "AGENTS_ON_CONTACT": "COUNT",
    "AGENTS_ONLINE": "COUNT",
    "AGENTS_STAFFED": "COUNT",
    "CONTACTS_IN_QUEUE": "COUNT",
    "CONTACTS_SCHEDULED": "COUNT",
    "OLDEST_CONTACT_AGE": "SECONDS",
    "SLOTS_ACTIVE": "COUNT",
    "SLOTS_AVAILABLE": "COUNT",
}
SIMULATED_GROUPINGS = ("QUEUE", "CHANNEL")
CHANNELS = ("VOICE", "CHAT", "TASK")


def _invalid(message: str) -> ConnectError:
    return ConnectError("InvalidParameterException", message)


def _metrics(body: dict[str, Any]) -> list[tuple[str, str]]:
    wanted: list[tuple[str, str]] = []
    for metric in body.get("CurrentMetrics") or []:
        name, unit = str(metric.get("Name") or ""), str(metric.get("Unit") or "")
        if metric.get("MetricId"):
            raise _invalid("MetricId (custom metrics) is not simulated")
        if name not in UNITS:
            raise _invalid(f"{name or 'a metric'} is not simulated (ESTIMATED_WAIT_TIME needs routing steps)")
        if unit != UNITS[name]:
            raise _invalid(f"{name} is measured in {UNITS[name]}, not {unit or 'no unit'}")
        wanted.append((name, unit))
    if not wanted:
        raise _invalid("CurrentMetrics must name at least one metric")
    return wanted


def _queues(sim: ConnectSimulator, filters: dict[str, Any]) -> list[str]:
    """The queue ARNs the filter selects (by queue, or the queues of the routing profiles)."""
    queues, profiles = filters.get("Queues") or [], filters.get("RoutingProfiles") or []
    if queues and profiles:
        raise _invalid("You cannot filter by both queue and routing profile")
    if queues:
        found = [sim.resolve_queue(str(queue)) for queue in queues]
        missing = [str(queue) for queue, arn in zip(queues, found, strict=True) if arn is None]
        if missing:
            raise ConnectError("ResourceNotFoundException", f"Queue {missing[0]} not found")
        return list(dict.fromkeys(arn for arn in found if arn))
    if profiles:
        wanted = {str(profile).rsplit("/", 1)[-1] for profile in profiles}
        arns: list[str] = []
        for name, profile in sim.roster.profiles.items():
            if sim.roster.routing_profile_arn(name).rsplit("/", 1)[-1] in wanted:
                arns.extend(arn for arn in profile.queues if arn not in arns)
        return arns
    raise _invalid("Filters must include Queues or RoutingProfiles")


def _agent_counts(sim: ConnectSimulator, queue_arns: list[str]) -> dict[str, float]:
    """Agents of the routing profiles that hold any of ``queue_arns``, each counted once."""
    roster = sim.roster
    if not roster.active:
        staffing = [sim.queue_metrics(arn)["Agents"] for arn in queue_arns]
        return {
            f"AGENTS_{state.upper()}": float(max((int(s[state]["Count"]) for s in staffing), default=0))
            for state in ("Online", "Available", "Staffed")
        }
    agents = [
        a
        for a in roster.agents.values()
        if any(arn in roster.profiles[a.routing_profile].queues for arn in queue_arns)
    ]
    online = [a for a in agents if a.status != OFFLINE or a.contact_id is not None]
    on_contact = [
        a for a in agents if a.contact_id is not None and a.contact_state in (CONNECTING, CONNECTED)
    ]
    after_work = [a for a in agents if a.contact_id is not None and a.contact_state == ENDED]
    idle_away = [a for a in online if a.contact_id is None and a.status not in (AVAILABLE, OFFLINE)]
    available = sum(1 for a in agents if a.routable)
    return {
        "AGENTS_ONLINE": len(online),
        "AGENTS_AVAILABLE": available,
        "AGENTS_ON_CALL": len(on_contact),
        "AGENTS_ON_CONTACT": len(on_contact),
        "AGENTS_AFTER_CONTACT_WORK": len(after_work),
        "AGENTS_NON_PRODUCTIVE": len(idle_away),
        "AGENTS_STAFFED": len(online),
        "SLOTS_ACTIVE": sum(1 for a in online if a.contact_id is not None),
        "SLOTS_AVAILABLE": available,
    }


def _values(
    sim: ConnectSimulator, queue_arns: list[str], channels: list[str | None], grouped: bool
) -> dict[str, float]:
    """Every metric over these queues and channels (contacts added up, agents counted once)."""
    waiting = [sim.queue_metrics(arn, channel)["Queue"] for arn in queue_arns for channel in channels]
    oldest_s = max((float(queue["OldestContactAge"]) for queue in waiting), default=0.0)
    values: dict[str, float] = dict.fromkeys(UNITS, 0.0)
    values.update({name: float(count) for name, count in _agent_counts(sim, queue_arns).items()})
    values["CONTACTS_IN_QUEUE"] = float(sum(int(queue["Size"]) for queue in waiting))
    values["OLDEST_CONTACT_AGE"] = oldest_s if grouped else oldest_s * 1000.0
    return values


def current_metric_data(sim: ConnectSimulator, instance_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The GetCurrentMetricData response for ``body`` (already held to botocore's model)."""
    with sim._lock:
        sim._check_instance(instance_id)
        metrics = _metrics(body)
        filters = body.get("Filters") or {}
        groupings = list(body.get("Groupings") or [])
        unsupported = [grouping for grouping in groupings if grouping not in SIMULATED_GROUPINGS]
        if unsupported:
            raise _invalid(f"grouping by {unsupported[0]} is not simulated")
        channels = [str(channel) for channel in filters.get("Channels") or []]
        if "CHANNEL" in groupings and not channels:
            raise _invalid("If you group by CHANNEL, you should include a Channels filter")
        queues = _queues(sim, filters)
        sim.roster.finish_work(sim.clock.time())
        by_queue = "QUEUE" in groupings
        by_channel = "CHANNEL" in groupings
        queue_keys: list[str | None] = list(queues) if by_queue else [None]
        channel_keys: list[str | None] = list(channels) if by_channel else [None]
        keys = [(queue, channel) for queue in queue_keys for channel in channel_keys]
        results = []
        for queue_key, channel_key in keys:
            in_scope = [queue_key] if queue_key else queues
            wanted: list[str | None] = [channel_key] if channel_key else [*channels] or [None]
            values = _values(sim, in_scope, wanted, bool(groupings))
            dimensions: dict[str, Any] = {}
            if queue_key:
                dimensions["Queue"] = {"Id": queue_key.rsplit("/", 1)[-1], "Arn": queue_key}
            if channel_key:
                dimensions["Channel"] = channel_key
            results.append(
                {
                    "Dimensions": dimensions,
                    "Collections": [
                        {"Metric": {"Name": name, "Unit": unit}, "Value": values[name]}
                        for name, unit in metrics
                    ],
                }
            )
        return {
            "MetricResults": results,
            "DataSnapshotTime": sim.clock.time(),
            "ApproximateTotalCount": len(results),
        }
