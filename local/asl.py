"""Runs an Amazon States Language definition on the local stack, for what moto cannot execute
(a Distributed Map over a CSV object in S3).

It reads the deployed definition (``infra.batch_definitions``), not a copy: Task states that
invoke Lambda call the same handlers Lambda would (``invoke``), the ItemReader reads the object
from the local S3, the ItemBatcher cuts the same batches, Retry and Catch behave as documented.
Batches run one after the other (the deployed map runs up to ``MaxConcurrency`` at once; the
handlers are written for either). A field this interpreter does not know is an error, so a
definition change the local stack cannot honour fails loudly instead of running differently.

    output = AslInterpreter(invoke=call_handler, read_object=s3_text).run(definition, {"job_id": ...})
"""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

Invoke = Callable[[str, dict[str, Any]], Any]
ReadObject = Callable[[str, str], Iterable[str]]  # (bucket, key) -> text lines

_TASK_FIELDS = {
    "Type", "Resource", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "InputPath",
    "Retry", "Catch", "Next", "End", "Comment",
}  # fmt: skip
_MAP_FIELDS = {
    "Type", "ItemReader", "ItemSelector", "ItemBatcher", "ItemProcessor", "MaxConcurrency",
    "ToleratedFailurePercentage", "ResultPath", "OutputPath", "InputPath", "Retry", "Catch", "Next",
    "End", "Comment",
}  # fmt: skip
_LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
_S3_GET_OBJECT = "arn:aws:states:::s3:getObject"


class StatesError(Exception):
    """A state's failure as Step Functions names it (``Error`` and ``Cause``)."""

    def __init__(self, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


class Unsupported(Exception):
    """The definition uses something this interpreter does not run."""


@dataclass
class AslInterpreter:
    invoke: Invoke
    read_object: ReadObject
    #: every Task invocation, (state name, attempt); the tests and the benchmark read it
    attempts: list[tuple[str, int]] = field(default_factory=list)

    def run(self, definition: dict[str, Any], execution_input: dict[str, Any]) -> Any:
        return self._run_states(definition, copy.deepcopy(execution_input), {})

    # -- the state graph ------------------------------------------------------------------------
    def _run_states(self, machine: dict[str, Any], data: Any, context: dict[str, Any]) -> Any:
        name = str(machine["StartAt"])
        states = machine["States"]
        while True:
            state = states[name]
            kind = state["Type"]
            if kind == "Succeed":
                return data
            if kind == "Fail":
                raise StatesError(str(state.get("Error", "States.Fail")), str(state.get("Cause", "")))
            if kind == "Pass":
                result = state.get("Result", data)
                data = _apply_result_path(data, result, state.get("ResultPath", "$"))
            elif kind in ("Task", "Map"):
                allowed = _TASK_FIELDS if kind == "Task" else _MAP_FIELDS
                unknown = set(state) - allowed
                if unknown:
                    raise Unsupported(f"state {name!r}: {', '.join(sorted(unknown))}")
                try:
                    data = self._with_retries(name, state, data, context)
                except StatesError as error:
                    catcher = next(
                        (c for c in state.get("Catch", []) if _matches(c["ErrorEquals"], error.error)), None
                    )
                    if catcher is None:
                        raise
                    failure = {"Error": error.error, "Cause": error.cause}
                    data = _apply_result_path(data, failure, catcher.get("ResultPath", "$"))
                    name = str(catcher["Next"])
                    continue
            else:
                raise Unsupported(f"state {name!r} of type {kind}")
            if state.get("End"):
                return data
            name = str(state["Next"])

    def _with_retries(self, name: str, state: dict[str, Any], data: Any, context: dict[str, Any]) -> Any:
        used: dict[int, int] = {}
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._execute(name, state, data, context, attempt)
            except StatesError as error:
                index = next(
                    (
                        i
                        for i, r in enumerate(state.get("Retry", []))
                        if _matches(r["ErrorEquals"], error.error)
                    ),
                    None,
                )
                if index is None:
                    raise
                used[index] = used.get(index, 0) + 1
                if used[index] > int(state["Retry"][index].get("MaxAttempts", 3)):
                    raise  # locally the back-off interval is not slept: the clock is ours

    def _execute(
        self, name: str, state: dict[str, Any], data: Any, context: dict[str, Any], attempt: int
    ) -> Any:
        effective = resolve_path(data, state.get("InputPath", "$"), context)
        if state["Type"] == "Task":
            result = self._task(name, state, effective, context, attempt)
        else:
            result = self._map(state, effective, context)
        if "ResultSelector" in state:
            result = render(state["ResultSelector"], result, context)
        output = _apply_result_path(data, result, state.get("ResultPath", "$"))
        return resolve_path(output, state.get("OutputPath", "$"), context)

    # -- Task: lambda:invoke --------------------------------------------------------------------
    def _task(
        self, name: str, state: dict[str, Any], data: Any, context: dict[str, Any], attempt: int
    ) -> Any:
        if state["Resource"] != _LAMBDA_INVOKE:
            raise Unsupported(f"Task resource {state['Resource']}")
        parameters = render(state.get("Parameters", {"Payload.$": "$"}), data, context)
        self.attempts.append((name, attempt))
        try:
            payload = self.invoke(str(parameters["FunctionName"]), dict(parameters.get("Payload") or {}))
        except StatesError:
            raise
        except Exception as error:  # the function failed: Step Functions sees its errorType
            cause = json.dumps({"errorMessage": str(error), "errorType": type(error).__name__})
            raise StatesError(type(error).__name__, cause) from error
        return {"Payload": json.loads(json.dumps(payload)), "StatusCode": 200}

    # -- Map: distributed, over a CSV object ------------------------------------------------------
    def _map(self, state: dict[str, Any], data: Any, context: dict[str, Any]) -> list[Any]:
        selector = state.get("ItemSelector")
        selected = (
            render(selector, data, {**context, "Map": {"Item": {"Index": index, "Value": item}}})
            if selector
            else item
            for index, item in enumerate(self._read_items(state["ItemReader"], data, context))
        )
        processor = state["ItemProcessor"]
        results: list[Any] = []
        failed = 0
        for batch in _batches(selected, state.get("ItemBatcher"), data, context):
            try:
                results.append(self._run_states(processor, batch, context))
            except StatesError:
                failed += 1
                results.append(None)
        tolerated = float(state.get("ToleratedFailurePercentage", 0))
        if failed and (failed * 100.0 / len(results)) > tolerated:
            raise StatesError(
                "States.ExceedToleratedFailureThreshold",
                f"{failed} of {len(results)} child executions failed",
            )
        return results

    def _read_items(self, reader: dict[str, Any], data: Any, context: dict[str, Any]) -> Iterator[Any]:
        """The CSV rows as objects keyed by the header, streamed (a million rows stay small)."""
        config = reader.get("ReaderConfig", {})
        if reader.get("Resource") != _S3_GET_OBJECT or config.get("InputType") != "CSV":
            raise Unsupported(f"ItemReader {reader.get('Resource')} {config.get('InputType')}")
        if config.get("CSVHeaderLocation", "FIRST_ROW") != "FIRST_ROW":
            raise Unsupported("CSVHeaderLocation other than FIRST_ROW")
        where = render(reader["Parameters"], data, context)
        rows = csv.reader(self.read_object(str(where["Bucket"]), str(where["Key"])))
        header = next(rows, None) or []
        limit = int(config.get("MaxItems") or 0)
        for count, values in enumerate((values for values in rows if values), start=1):
            yield dict(zip(header, values, strict=False))
            if limit and count >= limit:
                return


def _batches(
    items: Iterable[Any], batcher: dict[str, Any] | None, data: Any, context: dict[str, Any]
) -> Iterator[Any]:
    if not batcher:
        yield from items
        return
    max_items = int(batcher.get("MaxItemsPerBatch", 0)) or None
    max_bytes = int(batcher.get("MaxInputBytesPerBatch", 256 * 1024))
    batch_input = render(batcher["BatchInput"], data, context) if "BatchInput" in batcher else None
    extra = {"BatchInput": batch_input} if batch_input is not None else {}
    current: list[Any] = []
    size = 0
    for item in items:
        item_size = len(json.dumps(item, separators=(",", ":")))
        if current and ((max_items and len(current) >= max_items) or size + item_size > max_bytes):
            yield {"Items": current, **extra}
            current, size = [], 0
        current.append(item)
        size += item_size + 1
    if current:
        yield {"Items": current, **extra}


# -- paths and templates --------------------------------------------------------------------------
def resolve_path(data: Any, path: str | None, context: dict[str, Any]) -> Any:
    """``$``, ``$.a.b`` and ``$$.Map.Item.Index``-style reference paths; None means ``{}``."""
    if path is None:
        return {}
    if path.startswith("$$"):
        root, rest = context, path[2:]
    elif path.startswith("$"):
        root, rest = data, path[1:]
    else:
        raise Unsupported(f"path {path!r}")
    value = root
    for part in [p for p in rest.split(".") if p]:
        if not isinstance(value, dict) or part not in value:
            raise StatesError("States.Runtime", f"the path {path!r} matched nothing")
        value = value[part]
    return value


def render(template: Any, data: Any, context: dict[str, Any]) -> Any:
    """Parameters / ItemSelector / ResultSelector: keys ending in ``.$`` take a path's value."""
    if isinstance(template, dict):
        rendered: dict[str, Any] = {}
        for key, value in template.items():
            if key.endswith(".$"):
                rendered[key[:-2]] = copy.deepcopy(resolve_path(data, str(value), context))
            else:
                rendered[key] = render(value, data, context)
        return rendered
    if isinstance(template, list):
        return [render(value, data, context) for value in template]
    return template


def _apply_result_path(data: Any, result: Any, path: str | None) -> Any:
    if path is None:
        return data
    if path == "$":
        return result
    if not path.startswith("$."):
        raise Unsupported(f"ResultPath {path!r}")
    output = copy.deepcopy(data) if isinstance(data, dict) else {}
    target = output
    parts = path[2:].split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = result
    return output


def _matches(errors: list[str], error: str) -> bool:
    if "States.ALL" in errors:
        return True
    if error in errors:
        return True
    # A Lambda function's own error is also a task failure.
    return "States.TaskFailed" in errors and not error.startswith("States.")
