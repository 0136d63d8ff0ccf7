"""Amazon Connect Cases actions against the simulator's case store (``ConnectSimulator.cases``).

Docs: createcase, getcase, updatecase. The case created or found is ``$.Case`` (``CaseId`` and
its fields). GetCase that finds none is NoneFoundError, several MultipleFoundError; UpdateCase of
an unknown case is NoMatchingError. Linking always succeeds locally, so ContactNotLinked is
documented but never taken.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def _fields(run: FlowRun, parameters: dict[str, Any]) -> dict[str, str]:
    fields = parameters.get("CaseRequestFields") or {}
    return {key: run.value(value) for key, value in fields.items() if not isinstance(value, (dict, list))}


def _load(run: FlowRun, case_id: str, parameters: dict[str, Any]) -> None:
    run.contact.case = {"CaseId": case_id, **run.sim.cases[case_id]}
    if str(parameters.get("LinkContactToCase", "False")) == "True":
        run.contact.settings.setdefault("linked_cases", []).append(case_id)


def create_case(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    case_id = uuid.uuid4().hex
    run.sim.cases[case_id] = {
        "templateId": run.value(parameters.get("CaseTemplateId", "")),
        **_fields(run, parameters),
    }
    _load(run, case_id, parameters)
    run.log("flow", f"case {case_id} created")
    return run.next(action)


def get_case(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    wanted = _fields(run, parameters)
    if parameters.get("CaseId"):
        wanted["CaseId"] = run.value(parameters["CaseId"])
    matches = [
        case_id
        for case_id, case in run.sim.cases.items()
        if all({"CaseId": case_id, **case}.get(key) == value for key, value in wanted.items())
    ]
    if not matches:
        return run.error(action, "NoneFoundError", f"no case with {wanted}")
    if len(matches) > 1:
        return run.error(action, "MultipleFoundError", f"{len(matches)} cases with {wanted}")
    _load(run, matches[0], parameters)
    return run.next(action)


def update_case(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    case_id = run.value(parameters.get("CaseId", ""))
    if case_id not in run.sim.cases:
        return run.error(action, "NoMatchingError", f"unknown case {case_id!r}")
    run.sim.cases[case_id].update(_fields(run, parameters))
    _load(run, case_id, parameters)
    return run.next(action)
