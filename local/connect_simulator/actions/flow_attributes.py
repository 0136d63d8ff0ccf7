"""UpdateFlowAttributes: attributes of this flow only (``$.FlowAttributes``), never passed on.

Doc: flow-control-actions-updateflowattributes; all are set or none. A value is written
``{"key": {"Value": "..."}}`` (the console's shape) or, leniently, ``{"key": "..."}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def update_flow_attributes(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    updates = {}
    for key, value in (parameters.get("FlowAttributes") or {}).items():
        raw = value.get("Value", "") if isinstance(value, dict) else value
        updates[run.value(key)] = run.value(raw)
    run.flow_attributes.update(updates)
    run.log("flow", f"flow attributes {updates}")
    return run.next(action)
