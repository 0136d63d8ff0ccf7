"""Flow Lambdas, invoked in-process with the real Amazon Connect event and response rules.

Connect sends ``{"Name": "ContactFlowEvent", "Details": {"ContactData": ..., "Parameters": ...}}``
and, with ``ResponseValidation`` STRING_MAP, accepts only a flat JSON object of string values
(at most 32 KB; with ResponseType JSON any JSON object) returned within ``InvocationTimeLimitSeconds``; anything else (an exception, a
number, a nested object, too slow) sends the flow down the action's error branch.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

LOCAL_REGION = "us-east-1"
LOCAL_ACCOUNT = "123456789012"  # moto's placeholder account
LOCAL_FUNCTION_PREFIX = "contact-centre-local-"
MAX_RESPONSE_BYTES = 32 * 1024

Handler = Callable[[dict[str, Any], Any], Any]


def local_lambda_arn(function_name: str) -> str:
    """The fake ARN the local flows use for the Chalice ``lambda_function`` named ``function_name``."""
    return f"arn:aws:lambda:{LOCAL_REGION}:{LOCAL_ACCOUNT}:function:{LOCAL_FUNCTION_PREFIX}{function_name}"


@dataclass
class LambdaContext:
    """The parts of the Lambda context object handlers and Powertools read."""

    function_name: str
    invoked_function_arn: str
    time_limit_s: float
    aws_request_id: str = ""
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = ""

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.time_limit_s
        self.aws_request_id = self.aws_request_id or str(uuid.uuid4())

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass(frozen=True)
class Invocation:
    """What happened when a flow invoked a function: its answer, or why the flow took the error branch."""

    function: str
    parameters: dict[str, str]
    response: dict[str, Any] | None
    error: str | None
    elapsed_ms: float


def _string_map_problem(response: Any) -> str | None:
    if not isinstance(response, dict):
        return f"response is {type(response).__name__}, not a JSON object"
    for key, value in response.items():
        if not isinstance(key, str) or not isinstance(value, str):
            return f"response value {key!r} is {type(value).__name__}, not a string (STRING_MAP)"
    if len(json.dumps(response).encode()) > MAX_RESPONSE_BYTES:
        return "response is larger than 32 KB"
    return None


def _json_problem(response: Any) -> str | None:
    """ResponseType JSON: any JSON object (nested values allowed), at most 32 KB."""
    if not isinstance(response, dict):
        return f"response is {type(response).__name__}, not a JSON object"
    if len(json.dumps(response).encode()) > MAX_RESPONSE_BYTES:
        return "response is larger than 32 KB"
    return None


class LambdaRegistry:
    """Function ARN → handler; a flow's InvokeLambdaFunction goes through ``invoke``.

    ``stopwatch`` times an invocation against its limit: wall time by default. A test running the
    functions in-process on a shared machine passes ``time.thread_time``, the time the function
    itself computed, which is what it would take with a core of its own as a Lambda has, and not
    the time it waited for one.
    """

    def __init__(self, stopwatch: Callable[[], float] = time.perf_counter) -> None:
        self._handlers: dict[str, tuple[str, Handler]] = {}
        self.stopwatch = stopwatch

    def register(self, arn: str, handler: Handler, name: str | None = None) -> None:
        self._handlers[arn] = (name or arn.rsplit(":", 1)[-1], handler)

    def register_chalice_app(self, app: Any) -> list[str]:
        """Every ``lambda_function`` of a Chalice app, under ``local_lambda_arn(name)``; returns the ARNs."""
        arns = []
        for function in getattr(app, "pure_lambda_functions", []):
            arn = local_lambda_arn(function.name)
            self.register(arn, app.handler_map[function.name], function.name)
            arns.append(arn)
        return arns

    def __contains__(self, arn: object) -> bool:
        return arn in self._handlers

    def arns(self) -> list[str]:
        return list(self._handlers)

    def invoke(
        self, arn: str, event: dict[str, Any], time_limit_s: float, response_type: str = "STRING_MAP"
    ) -> Invocation:
        parameters = dict(event.get("Details", {}).get("Parameters", {}))
        if arn not in self._handlers:
            return Invocation(arn, parameters, None, f"no function registered for {arn}", 0.0)
        name, handler = self._handlers[arn]
        payload = json.loads(json.dumps(event))  # what crosses the wire, not our objects
        context = LambdaContext(function_name=name, invoked_function_arn=arn, time_limit_s=time_limit_s)
        started = self.stopwatch()
        try:
            response = json.loads(json.dumps(handler(payload, context)))
        except Exception as exc:  # the function failed: Connect takes the error branch
            elapsed = (self.stopwatch() - started) * 1000
            return Invocation(name, parameters, None, f"{type(exc).__name__}: {exc}", elapsed)
        elapsed = (self.stopwatch() - started) * 1000
        if elapsed > time_limit_s * 1000:
            return Invocation(name, parameters, None, f"timed out after {elapsed:.0f} ms", elapsed)
        problem = _string_map_problem(response) if response_type == "STRING_MAP" else _json_problem(response)
        if problem:
            return Invocation(name, parameters, None, problem, elapsed)
        return Invocation(name, parameters, response, None, elapsed)


def connect_event(contact_data: Mapping[str, Any], parameters: Mapping[str, str]) -> dict[str, Any]:
    return {
        "Name": "ContactFlowEvent",
        "Details": {"ContactData": dict(contact_data), "Parameters": dict(parameters)},
    }
