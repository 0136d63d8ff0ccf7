"""Run a small hand-written flow through the simulator: the way action-area tests read a branch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator import ConnectSimulator, Party

if TYPE_CHECKING:
    from local.connect_simulator.contacts import Contact

CALLER = "+15555550142"


def action(
    identifier: str, kind: str, parameters: dict[str, Any] | None = None, **transitions: Any
) -> dict[str, Any]:
    """One Flow-language action; ``transitions`` are NextAction=..., Errors=[...], Conditions=[...]."""
    return {
        "Identifier": identifier,
        "Type": kind,
        "Parameters": parameters or {},
        "Transitions": transitions,
    }


def on_error(error_type: str, target: str) -> dict[str, str]:
    return {"ErrorType": error_type, "NextAction": target}


def equals(operand: str, target: str) -> dict[str, Any]:
    return {"NextAction": target, "Condition": {"Operator": "Equals", "Operands": [operand]}}


def to_queue(identifier: str, queue_id: str, then: str) -> dict[str, Any]:
    """Set the contact's target queue and go on to ``then`` (``bye`` on an error)."""
    return action(
        identifier,
        "UpdateContactTargetQueue",
        {"QueueId": queue_id},
        NextAction=then,
        Errors=[on_error("NoMatchingError", "bye")],
    )


def transfer(identifier: str = "transfer") -> dict[str, Any]:
    """Put the contact in its target queue (``bye`` when the queue is full or on an error)."""
    return action(
        identifier,
        "TransferContactToQueue",
        Errors=[on_error("QueueAtCapacity", "bye"), on_error("NoMatchingError", "bye")],
    )


def waiting_in(queue_id: str) -> dict[str, Any]:
    """A flow that only puts the caller in ``queue_id`` to wait there."""
    return flow(to_queue("queue", queue_id, "transfer"), transfer())


def flow(*actions: dict[str, Any]) -> dict[str, Any]:
    """A flow starting at its first action, ending with a shared ``bye`` disconnect."""
    every = [*actions, action("bye", "DisconnectParticipant")]
    return {"Version": "2019-10-30", "StartAction": actions[0]["Identifier"], "Actions": every}


def call(
    content: dict[str, Any],
    party: Party | None = None,
    sim: ConnectSimulator | None = None,
    **attributes: str,
) -> Contact:
    """Place one inbound call into ``content`` and run it to its end; returns the finished contact."""
    sim = sim or ConnectSimulator()
    sim.add_flow("under-test", content)
    contact_id = sim.place_inbound_call(CALLER, party or Party.answers(), flow_name="under-test")
    contact = sim.contacts[contact_id]
    contact.attributes.update(attributes)
    sim.run_until_idle()
    assert sim.flow_errors == []
    return contact
