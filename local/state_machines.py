"""The product's Step Functions state machines on the local stack: created in moto from the
deployed definitions, and their executions run by ``local.asl`` (moto records an execution but
cannot run a Distributed Map).

    machines = LocalStateMachines(call=lambda handler, payload: app.handler_map[handler](payload, None))
    machines.run_pending()     # every execution started since, to its end
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

import boto3

from chalicelib.resources import STATE_MACHINE_ARN_PREFIX_ENV, STATE_MACHINES
from infra.batch_definitions import csv_batch_job
from infra.wiring import STATE_MACHINE_TASKS
from local.asl import AslInterpreter, StatesError

#: (handler name, payload) -> the handler's result; raises what the handler raises
Call = Callable[[str, dict[str, Any]], Any]
ACCOUNT = "123456789012"

#: Executions taken by a runner of this process: several runners (the local stack's pump, a test
#: driver) never run one twice, and each waits for the others' before saying all is done.
_claims = threading.Condition()
_claimed: set[str] = set()
_running: set[str] = set()


class _StartedExecutions:
    """How many executions moto has started in this process (all runners poll the same moto)."""

    count = 0


def count_started_executions() -> None:
    """Idempotent: moto's StartExecution counts what it starts, so a runner that has seen every
    execution started so far answers ``pending`` without asking moto (it polls several times a
    second, three requests each time, for executions that are rare)."""
    from moto.stepfunctions.models import StepFunctionBackend

    original: Any = StepFunctionBackend.start_execution
    if getattr(original, "_counted", False):
        return

    def start_execution(self: StepFunctionBackend, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        finally:
            _StartedExecutions.count += 1

    start_execution._counted = True  # type: ignore[attr-defined]
    StepFunctionBackend.start_execution = start_execution  # type: ignore[method-assign]


def local_function_arn(function_name: str, prefix: str, region: str) -> str:
    return f"arn:aws:lambda:{region}:{ACCOUNT}:function:{prefix}{function_name}"


def provision(prefix: str, region: str) -> None:
    """Create each state machine in moto with its deployed definition; export their ARN prefix."""
    client = boto3.client("stepfunctions")
    for spec in STATE_MACHINES:
        function_arn = local_function_arn(STATE_MACHINE_TASKS[spec.logical_name], prefix, region)
        arn = client.create_state_machine(
            name=f"{prefix}{spec.logical_name}",
            definition=json.dumps(csv_batch_job(function_arn)),
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/{prefix}state-machines",
        )["stateMachineArn"]
        os.environ[STATE_MACHINE_ARN_PREFIX_ENV] = arn.removesuffix(spec.logical_name)


def s3_lines(bucket: str, key: str) -> Iterator[str]:
    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
    first = True
    for raw in body.iter_lines(keepends=True):
        line = raw.decode("utf-8")
        if first:
            line, first = line.removeprefix("\ufeff"), False
        yield line


class LocalStateMachines:
    """Runs the executions started against moto's state machines, each once, to its end (then
    stops it in moto, the only end moto lets us record, with the outcome as its cause)."""

    def __init__(self, call: Call) -> None:
        self.call = call
        self.finished: dict[str, str] = {}  # execution ARN -> "SUCCEEDED" | "FAILED: <error>"
        count_started_executions()
        self._starts_seen = -1  # executions started when this runner last listed them
        self.interpreter = AslInterpreter(invoke=self._invoke, read_object=s3_lines)

    def _invoke(self, function_arn: str, payload: dict[str, Any]) -> Any:
        name = function_arn.rsplit(":", 1)[-1]
        handler = next(
            (task for task in STATE_MACHINE_TASKS.values() if name == task or name.endswith(f"-{task}")), None
        )
        if handler is None:
            raise StatesError("Lambda.ResourceNotFoundException", f"no local function {name}")
        return self.call(handler, payload)

    @cached_property
    def _client(self) -> Any:
        """One client for the runner's life: ``pending`` is polled several times a second."""
        return boto3.client("stepfunctions")

    def pending(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        """(execution ARN, definition, input) of every running execution not run yet."""
        started = _StartedExecutions.count
        if started == self._starts_seen:
            return []  # none started since this runner last listed them all
        client = self._client
        found = []
        prefix = os.environ.get(STATE_MACHINE_ARN_PREFIX_ENV)
        for spec in STATE_MACHINES:
            if not prefix:
                break
            arn = prefix + spec.logical_name
            definition: dict[str, Any] | None = None
            for page in client.get_paginator("list_executions").paginate(
                stateMachineArn=arn, statusFilter="RUNNING"
            ):
                for execution in page["executions"]:
                    if execution["executionArn"] in self.finished:
                        continue
                    if definition is None:
                        definition = json.loads(
                            client.describe_state_machine(stateMachineArn=arn)["definition"]
                        )
                    described = client.describe_execution(executionArn=execution["executionArn"])
                    found.append((execution["executionArn"], definition, json.loads(described["input"])))
        self._starts_seen = started
        return found

    def run_pending(self) -> int:
        """Run every execution started since; returns once none runs anywhere in this process."""
        ran = 0
        for execution_arn, definition, execution_input in self.pending():
            with _claims:
                if execution_arn in _claimed:
                    continue
                _claimed.add(execution_arn)
                _running.add(execution_arn)
            try:
                self.run(execution_arn, definition, execution_input)
                ran += 1
            finally:
                with _claims:
                    _running.discard(execution_arn)
                    _claims.notify_all()
        with _claims:
            _claims.wait_for(lambda: not _running, timeout=3600)
        return ran

    def run(self, execution_arn: str, definition: dict[str, Any], execution_input: dict[str, Any]) -> str:
        try:
            self.interpreter.run(definition, execution_input)
            outcome = "SUCCEEDED"
        except StatesError as error:
            outcome = f"FAILED: {error.error}"
        self.finished[execution_arn] = outcome
        # moto cannot mark an execution succeeded; stopping it takes it off the RUNNING list, so
        # another runner on the same moto does not run it again.
        self._client.stop_execution(executionArn=execution_arn, error="LocallyRun", cause=outcome)
        return outcome
