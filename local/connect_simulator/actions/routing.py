"""Where the contact goes: its target queue, priority, the queue itself, and queued callbacks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import QUEUED, Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def update_contact_target_queue(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    contact = run.contact
    if "AgentId" in parameters:
        agent = run.value(parameters["AgentId"]).rsplit("/", 1)[-1]
        if not agent:
            return run.error(action, "NoMatchingError", "no agent")
        contact.target_queue = f"agent/{agent}"
        contact.queue_name = f"agent:{agent}"
    else:
        queue = run.value(parameters.get("QueueId", ""))
        arn = run.sim.resolve_queue(queue)
        if arn is None:
            return run.error(action, "NoMatchingError", f"unknown queue {queue!r}")
        contact.target_queue, contact.queue_name = arn, run.sim.queue_name(arn)
    run.log("flow", f"target queue {contact.queue_name}")
    return run.next(action)


def update_contact_routing_behavior(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    if "QueuePriority" in parameters:
        run.contact.priority = int(parameters["QueuePriority"])
        run.log("flow", f"queue priority {run.contact.priority}")
    if "QueueTimeAdjustmentSeconds" in parameters:
        adjustment = int(run.value(parameters["QueueTimeAdjustmentSeconds"]))
        run.contact.settings["queue_time_adjustment_s"] = adjustment
        run.log("flow", f"queue age adjusted by {adjustment}s")
    yield 0.0
    return run.next(action)


def transfer_contact_to_queue(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    contact = run.contact
    if contact.target_queue is None:
        return run.error(action, "NoMatchingError", "no target queue")
    if run.sim.queue_full(contact.target_queue):
        return run.error(action, "QueueAtCapacity", f"{contact.queue_name} is full")
    return QUEUED


def dequeue_contact_and_transfer_to_queue(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    """Customer queue flows move the waiting contact to another queue (contact-actions-
    dequeuecontactandtransfertoqueue); the queue flow ends and the contact waits there."""
    yield 0.0
    contact = run.contact
    if "AgentId" in parameters:
        agent = run.value(parameters["AgentId"]).rsplit("/", 1)[-1]
        target, name = f"agent/{agent}", f"agent:{agent}"
    else:
        queue = run.value(parameters.get("QueueId", ""))
        arn = run.sim.resolve_queue(queue)
        if arn is None:
            return run.error(action, "NoMatchingError", f"unknown queue {queue!r}")
        target, name = arn, run.sim.queue_name(arn) or arn
    if run.sim.queue_full(target):
        return run.error(action, "QueueAtCapacity", f"{name} is full")
    contact.target_queue, contact.queue_name = target, name
    run.log("queue", f"moved to {name}")
    return QUEUED


def transfer_contact_to_agent(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    """Transfer-to-agent flows end by connecting the customer to the agent (contact-actions-
    transfercontacttoagent): the contact waits for that agent like a queued contact."""
    yield 0.0
    run.log("flow", "transferred to the agent")
    return QUEUED


def update_routing_criteria(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    """Proficiency-based routing steps (flow-control-actions-updateroutingcriteria), kept on the
    contact; the simulated agent has every proficiency, so routing is not changed by them."""
    yield 0.0
    run.contact.settings["routing_criteria"] = parameters.get("RoutingCriteria")
    run.log("flow", "routing criteria set")
    return run.next(action)
