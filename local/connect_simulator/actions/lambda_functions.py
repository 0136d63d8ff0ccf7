"""InvokeLambdaFunction (interactions-invokelambdafunction): the function gets Connect's event.

``ResponseValidation.ResponseType`` STRING_MAP (the default) accepts only a flat object of
strings; JSON accepts any JSON object, nested values readable as ``$.External.a.b``. The answer
becomes ``$.External``; a failure, a timeout or a refused answer takes the error branch.
``InvocationType`` ASYNCHRONOUS does not wait: the flow goes on at once and ``$.External`` is
left as it was (the function still runs; its answer is only written to the transcript).
"""

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
    limit = float(run.value(parameters.get("InvocationTimeLimitSeconds", 3)) or 3)
    validation = parameters.get("ResponseValidation") or {}
    response_type = str(validation.get("ResponseType", "STRING_MAP"))
    event = connect_event(run.contact_data(), invocation_parameters)
    if arn not in run.sim.lambdas and run.sim.stub_missing:
        run.stub("lambda", arn)
    invocation = run.sim.lambdas.invoke(arn, event, limit, response_type)
    shown = ", ".join(f"{key}={value}" for key, value in invocation_parameters.items())
    if str(parameters.get("InvocationType", "SYNCHRONOUS")) == "ASYNCHRONOUS":
        yield 0.0
        outcome = invocation.error or invocation.response
        run.log("lambda", f"{invocation.function}({shown}) invoked asynchronously -> {outcome}")
        return run.next(action)
    yield from run.wait(max(0.1, round(invocation.elapsed_ms / 1000, 1)))
    if invocation.error is not None:
        run.log("lambda", f"{invocation.function}({shown}) failed: {invocation.error}")
        return run.error(action, "NoMatchingError", invocation.error)
    run.contact.external = dict(invocation.response or {})
    run.log("lambda", f"{invocation.function}({shown}) -> {run.contact.external}")
    return run.next(action)
