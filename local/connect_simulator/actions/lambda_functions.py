"""InvokeLambdaFunction: the function gets Connect's event; its answer becomes ``$.External``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.lambdas import connect_event
from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def invoke_lambda_function(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    arn = run.value(parameters.get("LambdaFunctionARN", ""))
    invocation_parameters = {
        run.value(key): run.value(value)
        for key, value in (parameters.get("LambdaInvocationAttributes") or {}).items()
    }
    limit = float(parameters.get("InvocationTimeLimitSeconds", 3))
    invocation = run.sim.lambdas.invoke(arn, connect_event(run.contact_data(), invocation_parameters), limit)
    yield from run.wait(max(0.1, round(invocation.elapsed_ms / 1000, 1)))
    shown = ", ".join(f"{key}={value}" for key, value in invocation_parameters.items())
    if invocation.error is not None:
        run.log("lambda", f"{invocation.function}({shown}) failed: {invocation.error}")
        return run.error(action, "NoMatchingError", invocation.error)
    run.contact.external = dict(invocation.response or {})
    run.log("lambda", f"{invocation.function}({shown}) -> {run.contact.external}")
    return run.next(action)
