"""Moving between flows: TransferToFlow, InvokeFlowModule and EndFlowModuleExecution.

- TransferToFlow (flow-control-actions-transfertoflow): the run continues at the start of another
  flow (by ARN, id or, for ``callctl flow run --flows DIR``, name); flow attributes do not follow.
  An unknown flow is NoMatchingError; ``callctl flow run`` ends the run ``transferred_to_flow``.
- InvokeFlowModule (flow-language-actions-invoke-flow-module): runs the module for the same
  contact; when it returns (EndFlowModuleExecution) the flow continues at NextAction. A module
  that disconnects or queues the contact ends the flow the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import MODULE_RETURNED, TRANSFERRED_TO_FLOW, Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

MAX_MODULE_DEPTH = 5  # adminguide: modules may nest up to five levels


def transfer_to_flow(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    reference = run.value(parameters.get("ContactFlowId", ""))
    yield 0.0
    found = run.sim.find_flow(reference)
    if found is None:
        if run.sim.stub_missing:
            run.stub("flow", reference)
            run.log("flow", f"transferred to flow {reference}")
            return TRANSFERRED_TO_FLOW
        return run.error(action, "NoMatchingError", f"unknown flow {reference!r}")
    name, content = found
    run.log("flow", f"transferred to flow {name}")
    return run.switch_to(name, content)


def invoke_flow_module(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    from local.connect_simulator.interpreter import FlowRun as ModuleRun

    reference = run.value(parameters.get("FlowModuleId", ""))
    found = run.sim.find_module(reference)
    if found is None:
        yield 0.0
        if run.sim.stub_missing:
            run.stub("flow module", reference)
            run.log("flow", f"module {reference} stubbed: returns at once")
            return run.next(action)
        return run.error(action, "NoMatchingError", f"unknown flow module {reference!r}")
    depth = run.contact.settings.get("module_depth", 0)
    if depth >= MAX_MODULE_DEPTH:
        yield 0.0
        return run.error(action, "NoMatchingError", f"modules nested deeper than {MAX_MODULE_DEPTH}")
    name, content = found
    run.log("flow", f"module {name}")
    run.contact.settings["module_depth"] = depth + 1
    try:
        module = ModuleRun(run.sim, run.contact, content, name, "FLOW_MODULE", run.listener, run.deadline)
        outcome = yield from module.run()
    finally:
        run.contact.settings["module_depth"] = depth
    return run.next(action) if outcome == MODULE_RETURNED else outcome


def end_flow_module_execution(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    return MODULE_RETURNED
