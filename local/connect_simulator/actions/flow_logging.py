"""UpdateFlowLoggingBehavior: Connect writes flow logs only for flows that turn them on.

Doc: flow-control-actions-updateflowloggingbehavior. ``FlowLoggingBehavior`` is Enabled or
Disabled (static only); it lasts for the rest of the contact unless changed again. No results,
no errors. While it is on, the run appends one entry per action to ``contact.flow_log``, the
fields CloudWatch flow logs carry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun
    from local.connect_simulator.runtime import Steps


def update_flow_logging_behavior(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    behavior = str(parameters.get("FlowLoggingBehavior", ""))
    if behavior not in ("Enabled", "Disabled"):
        run.unsupported(f"UpdateFlowLoggingBehavior.FlowLoggingBehavior={behavior!r}")
    run.contact.flow_logging = behavior == "Enabled"
    run.log("flow", f"flow logging {behavior.lower()}")
    yield 0.0
    return run.next(action)
