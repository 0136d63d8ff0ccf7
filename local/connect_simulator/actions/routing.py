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


def create_callback_contact(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    queue = run.value(parameters.get("QueueId", "")) or run.contact.target_queue or ""
    run.sim.record_queued_callback(run.contact, queue, int(parameters.get("InitialCallDelaySeconds", 1)))
    yield 0.0
    return run.next(action)
