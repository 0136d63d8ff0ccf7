"""Actions that only choose a branch: Compare, Loop, CheckHoursOfOperation."""

from __future__ import annotations

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
    hours = run.value(parameters.get("HoursOfOperationId", ""))
    is_open = run.sim.hours_open(hours)
    yield 0.0
    if is_open is None:
        return run.error(action, "NoMatchingError", f"unknown hours {hours}")
    run.log("flow", f"hours {'open' if is_open else 'closed'}")
    target = run.condition(action, "True" if is_open else "False")
    return target if target is not None else run.error(action, "NoMatchingError", "no condition")
