"""Actions that only choose a branch: Compare, Loop, CheckHoursOfOperation."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def compare(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    value = run.value(parameters.get("ComparisonValue", ""))
    yield 0.0
    target = run.condition(action, value)
    if target is not None:
        return target
    for error in action.get("Transitions", {}).get("Errors", []):
        if error.get("ErrorType") == "NoMatchingCondition":
            return str(error["NextAction"])
    return run.next(action)


def loop(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    identifier = action["Identifier"]
    count = int(run.value(parameters.get("LoopCount", "0")) or 0)
    done = run.contact.loop_counts.get(identifier, 0)
    if done < count:
        run.contact.loop_counts[identifier] = done + 1
        result = "ContinueLooping"
    else:
        run.contact.loop_counts[identifier] = 0
        result = "DoneLooping"
    yield 0.0
    target = run.condition(action, result)
    return target if target is not None else run.next(action)


def check_hours_of_operation(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    """In or out of hours (flow-control-actions-checkhoursofoperation): the given hours, else the
    target queue's (``ConnectSimulator.set_queue_hours``); agent queues have none: NoMatchingError."""
    hours = run.value(parameters.get("HoursOfOperationId", ""))
    if not hours and run.contact.target_queue:
        hours = run.sim.queue_hours(run.contact.target_queue) or ""
    is_open = run.sim.hours_open(hours)
    yield 0.0
    if is_open is None:
        return run.error(action, "NoMatchingError", f"unknown hours {hours}")
    run.log("flow", f"hours {'open' if is_open else 'closed'}")
    target = run.condition(action, "True" if is_open else "False")
    return target if target is not None else run.error(action, "NoMatchingError", "no condition")


def distribute_by_percentage(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    """A number from 1 to 100 against a chain of NumberLessThan conditions (flow-control-actions-
    distributebypercentage). The draw is seeded by contact and action, so a run can be repeated."""
    yield 0.0
    draw = random.Random(f"{run.contact.contact_id}:{action['Identifier']}").randint(1, 100)
    run.log("flow", f"distribution draw {draw}")
    target = run.condition(action, str(draw))
    return target if target is not None else run.error(action, "NoMatchingCondition", f"draw {draw}")


OUTBOUND_CALL_STATUS = {
    "HUMAN_ANSWERED": "CallAnswered",
    "VOICEMAIL_BEEP": "VoicemailBeep",
    "VOICEMAIL_NO_BEEP": "VoicemailNoBeep",
}


def check_outbound_call_status(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    """The answering-machine detection result (flow-control-actions-checkoutboundcallstatus):
    CallAnswered, VoicemailBeep, VoicemailNoBeep, else NotDetected (no AMD on the call)."""
    yield 0.0
    status = OUTBOUND_CALL_STATUS.get(run.contact.amd_status or "", "NotDetected")
    run.log("flow", f"outbound call status {status}")
    target = run.condition(action, status)
    return (
        target if target is not None else run.error(action, "NoMatchingError", f"no condition for {status}")
    )


def wait(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    """Pauses a chat (flow-control-actions-wait): CustomerReturned when the customer types before the
    timeout (if waited for), else WaitCompleted; voice contacts take the error branch (chat only)."""
    if not run.chat:
        yield 0.0
        return run.error(action, "NoMatchingError", "Wait is supported on chat only")
    limit = parameters.get("TimeoutSeconds", parameters.get("TimeLimitSeconds", 0))
    seconds = float(run.value(limit) or 0)
    events = [str(event) for event in parameters.get("Events") or []]
    if "CustomerReturned" in events and run.contact.pending_utterances:
        yield from run.wait(min(seconds, 5.0))
        result = "CustomerReturned"
    else:
        yield from run.wait(seconds)
        result = "WaitCompleted"
    run.log("flow", f"wait: {result}")
    target = run.condition(action, result)
    return target if target is not None else run.next(action)
