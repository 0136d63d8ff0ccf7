"""Checks a flow before anybody deploys or runs it; every problem names the action at fault.

- the document: Version 2019-10-30, a StartAction that exists, unique identifiers (<= 50 chars),
  at most 250 actions, only action types this project knows (the simulator runs all of them);
- transitions: every NextAction (default, condition, error) lands on an action; no action is
  unreachable from the start; terminal actions have no transitions, others have a NextAction;
- error branches: every action that can fail handles the errors its type raises
  (e.g. InvokeLambdaFunction → NoMatchingError, TransferContactToQueue → QueueAtCapacity);
  GetParticipantInput conditions are single keys; CheckHoursOfOperation and Loop have both results;
- parameters that must be static are (QueuePriority, InvocationTimeLimitSeconds 1..8, voice);
- every Lambda the flow invokes is associated with the instance (when that list is given);
- every prompt key the flow speaks exists in every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from infra.flows.blocks import FLOW_LANGUAGE_VERSION, MAX_IDENTIFIER_LENGTH, BuiltFlow
from infra.flows.prompts import PromptCatalogue

MAX_ACTIONS = 250
TERMINAL_TYPES = frozenset({"DisconnectParticipant", "EndFlowExecution"})
# The errors each action type can raise (Flow-language reference), all of which must be handled.
REQUIRED_ERRORS: dict[str, tuple[str, ...]] = {
    "MessageParticipant": ("NoMatchingError",),
    "GetParticipantInput": ("NoMatchingError",),  # + InputTimeLimitExceeded/NoMatchingCondition below
    "InvokeLambdaFunction": ("NoMatchingError",),
    "UpdateContactAttributes": ("NoMatchingError",),
    "UpdateContactTargetQueue": ("NoMatchingError",),
    "TransferContactToQueue": ("QueueAtCapacity", "NoMatchingError"),
    "CheckHoursOfOperation": ("NoMatchingError",),
    "Compare": ("NoMatchingCondition",),
    "CreateCallbackContact": ("NoMatchingError",),
    "UpdateContactEventHooks": ("NoMatchingError",),
    "UpdateContactRoutingBehavior": (),
    "UpdateContactTextToSpeechVoice": (),
    "Loop": (),
    "DisconnectParticipant": (),
    "EndFlowExecution": (),
}
KNOWN_TYPES = frozenset(REQUIRED_ERRORS)
SINGLE_REFERENCE = re.compile(r"^\$\.[A-Za-z][\w.]*$")


@dataclass(frozen=True)
class Problem:
    action: str
    message: str

    def __str__(self) -> str:
        return f"action {self.action!r}: {self.message}"


class FlowValidationError(ValueError):
    """A flow failed validation; ``problems`` lists every problem found."""

    def __init__(self, flow_name: str, problems: list[Problem]) -> None:
        self.flow_name = flow_name
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"flow {flow_name!r} is not valid:\n{lines}")


def _targets(action: dict[str, Any]) -> Iterable[tuple[str, str]]:
    transitions = action.get("Transitions") or {}
    if "NextAction" in transitions:
        yield "NextAction", transitions["NextAction"]
    for condition in transitions.get("Conditions") or []:
        operands = condition.get("Condition", {}).get("Operands", [])
        yield f"condition {operands}", condition.get("NextAction")
    for error in transitions.get("Errors") or []:
        yield f"error {error.get('ErrorType')}", error.get("NextAction")


def _check_action(action: dict[str, Any], identifier: str) -> list[Problem]:
    problems: list[Problem] = []
    action_type = action.get("Type", "")
    parameters = action.get("Parameters") or {}
    transitions = action.get("Transitions") or {}
    handled = {error.get("ErrorType") for error in transitions.get("Errors") or []}
    operands = [
        condition.get("Condition", {}).get("Operands", [None])[0]
        for condition in transitions.get("Conditions") or []
    ]

    def problem(message: str) -> None:
        problems.append(Problem(identifier, message))

    if action_type not in KNOWN_TYPES:
        problem(f"unknown action type {action_type!r}")
        return problems
    if action_type in TERMINAL_TYPES:
        if transitions:
            problem(f"{action_type} ends the flow and must have no transitions")
        return problems
    if "NextAction" not in transitions:
        problem(f"{action_type} has no NextAction")
    required = list(REQUIRED_ERRORS[action_type])
    if action_type == "GetParticipantInput" and str(parameters.get("StoreInput", "False")) != "True":
        required += ["InputTimeLimitExceeded", "NoMatchingCondition"]
        for operand in operands:
            if not isinstance(operand, str) or len(operand) != 1 or operand not in "0123456789*#":
                problem(f"GetParticipantInput condition {operand!r} is not a single DTMF key")
    for error_type in required:
        if error_type not in handled:
            problem(f"{action_type} does not handle the error {error_type}")
    if action_type == "CheckHoursOfOperation" and sorted(operands) != ["False", "True"]:
        problem("CheckHoursOfOperation needs exactly the conditions True and False")
    if action_type == "Loop" and sorted(operands) != ["ContinueLooping", "DoneLooping"]:
        problem("Loop needs exactly the conditions ContinueLooping and DoneLooping")
    if action_type == "InvokeLambdaFunction":
        limit = str(parameters.get("InvocationTimeLimitSeconds", ""))
        if not limit.isdigit() or not 1 <= int(limit) <= 8:
            problem(f"InvocationTimeLimitSeconds {limit!r} must be a static integer 1..8")
        if not parameters.get("LambdaFunctionARN"):
            problem("InvokeLambdaFunction has no LambdaFunctionARN")
    if action_type == "UpdateContactRoutingBehavior":
        priority = str(parameters.get("QueuePriority", ""))
        if not priority.isdigit() or int(priority) < 1:
            problem(f"QueuePriority {priority!r} must be a static integer larger than zero")
    if action_type == "UpdateContactTextToSpeechVoice" and str(
        parameters.get("TextToSpeechVoice", "")
    ).startswith("$"):
        problem("TextToSpeechVoice must be static")
    if action_type == "Compare" and not SINGLE_REFERENCE.match(str(parameters.get("ComparisonValue", ""))):
        problem("Compare needs a single JSONPath reference as ComparisonValue")
    if action_type == "UpdateContactTargetQueue" and ("QueueId" in parameters) == ("AgentId" in parameters):
        problem("UpdateContactTargetQueue needs exactly one of QueueId and AgentId")
    return problems


def validate_flow(
    flow: BuiltFlow,
    prompts: PromptCatalogue | None = None,
    associated_lambda_arns: Iterable[str] | None = None,
) -> list[Problem]:
    """Every problem in ``flow`` (empty when it is valid)."""
    content = flow.content
    problems: list[Problem] = []
    if content.get("Version") != FLOW_LANGUAGE_VERSION:
        problems.append(Problem("(flow)", f"Version must be {FLOW_LANGUAGE_VERSION!r}"))
    actions: dict[str, dict[str, Any]] = {}
    for action in content.get("Actions") or []:
        identifier = str(action.get("Identifier", ""))
        if identifier in actions:
            problems.append(Problem(identifier, "identifier is used by more than one action"))
        if not identifier or len(identifier) > MAX_IDENTIFIER_LENGTH:
            problems.append(Problem(identifier, f"identifier must be 1..{MAX_IDENTIFIER_LENGTH} characters"))
        actions[identifier] = action
    if len(actions) > MAX_ACTIONS:
        problems.append(Problem("(flow)", f"{len(actions)} actions, Connect allows {MAX_ACTIONS}"))
    start = content.get("StartAction")
    if start not in actions:
        problems.append(Problem("(flow)", f"StartAction {start!r} is not an action"))

    for identifier, action in actions.items():
        problems.extend(_check_action(action, identifier))
        for via, target in _targets(action):
            if target not in actions:
                problems.append(
                    Problem(identifier, f"{via} transitions to {target!r}, which is not an action")
                )

    reachable: set[str] = set()
    pending = [start] if start in actions else []
    while pending:
        identifier = pending.pop()
        if identifier in reachable:
            continue
        reachable.add(identifier)
        pending.extend(target for _, target in _targets(actions[identifier]) if target in actions)
    for identifier in actions:
        if identifier not in reachable:
            problems.append(Problem(identifier, "is unreachable from the StartAction"))

    if associated_lambda_arns is not None:
        associated = set(associated_lambda_arns)
        for identifier, action in actions.items():
            if action.get("Type") == "InvokeLambdaFunction":
                arn = (action.get("Parameters") or {}).get("LambdaFunctionARN")
                if arn not in associated:
                    problems.append(
                        Problem(identifier, f"invokes {arn!r}, which is not associated with the instance")
                    )

    catalogue = prompts or PromptCatalogue()
    for use in flow.prompt_uses:
        if catalogue.get(use.language, use.key) is None:
            problems.append(Problem(use.action, f"prompt {use.key!r} does not exist in {use.language}"))
    return problems


def ensure_valid(
    flow: BuiltFlow,
    prompts: PromptCatalogue | None = None,
    associated_lambda_arns: Iterable[str] | None = None,
) -> BuiltFlow:
    """``flow`` itself when valid; otherwise ``FlowValidationError`` listing every problem."""
    problems = validate_flow(flow, prompts, associated_lambda_arns)
    if problems:
        raise FlowValidationError(flow.name, problems)
    return flow
