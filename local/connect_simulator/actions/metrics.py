"""Queue metrics: GetMetricData loads ``$.Metrics``; CheckMetricData branches on one metric.

Docs: flow-control-actions-getmetricdata, flow-control-actions-checkmetricdata. The queue is
``QueueId``, an agent's queue (``AgentId``) or the contact's target queue; the numbers come from
the simulated queues (contacts waiting, the oldest one's age) and ``ConnectSimulator.set_staffing``
(agents online, available, staffed; one of each unless set); ``QueueChannel`` counts only the
contacts of that channel. An unknown queue is NoMatchingError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

CHECKED_METRICS = {
    "NumberOfAgentsAvailable": ("Agents", "Available", "Count"),
    "NumberOfAgentsStaffed": ("Agents", "Staffed", "Count"),
    "NumberOfAgentsOnline": ("Agents", "Online", "Count"),
    "OldestContactInQueueAgeSeconds": ("Queue", "OldestContactAge"),
    "NumberOfContactsInQueue": ("Queue", "Size"),
}


def _queue(run: FlowRun, parameters: dict[str, Any]) -> str | None:
    if parameters.get("AgentId"):
        agent = run.value(parameters["AgentId"]).rsplit("/", 1)[-1]
        return f"agent/{agent}" if agent else None
    if parameters.get("QueueId"):
        return run.sim.resolve_queue(run.value(parameters["QueueId"]))
    return run.contact.target_queue


def get_metric_data(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    queue = _queue(run, parameters)
    if queue is None:
        return run.error(action, "NoMatchingError", "no queue to read metrics of")
    channel = run.value(parameters.get("QueueChannel", "")).upper() or None  # "Voice" / "Chat"
    run.contact.metrics = run.sim.queue_metrics(queue, channel)
    size = run.contact.metrics["Queue"]["Size"]
    run.log("flow", f"metrics of {run.contact.metrics['Queue']['Name']}: {size} in queue")
    return run.next(action)


def check_metric_data(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    queue = _queue(run, parameters)
    path = CHECKED_METRICS.get(str(parameters.get("MetricType", "")))
    if queue is None or path is None:
        return run.error(action, "NoMatchingError", "no queue or unknown MetricType")
    value: Any = run.sim.queue_metrics(queue)
    for part in path:
        value = value[part]
    run.log("flow", f"{parameters['MetricType']} = {value}")
    target = run.condition(action, str(value))
    return target if target is not None else run.error(action, "NoMatchingCondition", str(value))
