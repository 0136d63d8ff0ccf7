"""Checks a flow before anybody deploys or runs it; every problem names the action, the rule and the page.

Two layers:

- the documented rules of the Flow language (``infra.flows.language.rules.check_document``): the
  document, identifiers, action types and the flow types that may use them, parameters, errors,
  conditions, transitions. A shape the documentation allows passes. ``validate_document`` is this
  layer alone; ``callctl flow validate`` uses it on any flow file.
- the project's own rules for the flows it builds (DESIGN.md rule 3), on top: every action is
  reachable from the StartAction, every action that is not terminal says where to go next, every
  error the action's page documents for its shape has a branch, every Lambda it invokes is
  associated with the instance, every prompt key it speaks exists in every language.

``validate_flow`` / ``ensure_valid`` run both on a ``BuiltFlow`` with the flow's real Connect type
(``BuiltFlow.flow_type``); the synth-time check in ``infra.flows.cdk`` uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from infra.flows.language import spec_for
from infra.flows.language.rules import FLOW, check_document, transition_targets
from infra.flows.prompts import PromptCatalogue

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from infra.flows.blocks import BuiltFlow

DESIGN_RULE = "DESIGN.md rule 3 (contact flows are code)"


@dataclass(frozen=True)
class Problem:
    """One broken rule; ``page`` is the documentation page (or the project rule) that states it."""

    action: str
    message: str
    rule: str = ""
    page: str = ""

    def __str__(self) -> str:
        where = f"action {self.action!r}" if self.action != FLOW else "flow"
        rule = f"[{self.rule}] " if self.rule else ""
        page = f" ({self.page})" if self.page else ""
        return f"{where}: {rule}{self.message}{page}"


class FlowValidationError(ValueError):
    """A flow failed validation; ``problems`` lists every problem found."""

    def __init__(self, flow_name: str, problems: list[Problem]) -> None:
        self.flow_name = flow_name
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"flow {flow_name!r} is not valid:\n{lines}")


def validate_document(
    content: Any, flow_type: str = "CONTACT_FLOW", content_length: int | None = None
) -> list[Problem]:
    """Every documented Flow-language rule ``content`` breaks as a flow of ``flow_type``."""
    return [
        Problem(violation.action, violation.message, violation.rule, violation.page)
        for violation in check_document(content, flow_type, content_length)
    ]


def validate_flow(
    flow: BuiltFlow,
    prompts: PromptCatalogue | None = None,
    associated_lambda_arns: Iterable[str] | None = None,
) -> list[Problem]:
    """Every problem in ``flow`` (empty when it is valid): the documented rules, then the project's."""
    problems = validate_document(flow.content, flow.flow_type)
    actions = {
        str(action.get("Identifier")): action
        for action in flow.content.get("Actions") or []
        if isinstance(action, dict)
    }
    problems += _unreachable(actions, flow.content.get("StartAction"))
    for identifier, action in actions.items():
        problems += _project_rules(identifier, action)
    if associated_lambda_arns is not None:
        associated = set(associated_lambda_arns)
        for identifier, action in actions.items():
            if action.get("Type") == "InvokeLambdaFunction":
                arn = (action.get("Parameters") or {}).get("LambdaFunctionARN")
                if arn not in associated:
                    problems.append(
                        Problem(
                            identifier,
                            f"invokes {arn!r}, which is not associated with the instance",
                            "lambda-associated",
                            DESIGN_RULE,
                        )
                    )
    catalogue = prompts or PromptCatalogue()
    for use in flow.prompt_uses:
        if catalogue.get(use.language, use.key) is None:
            problems.append(
                Problem(
                    use.action, f"prompt {use.key!r} does not exist in {use.language}", "prompt", DESIGN_RULE
                )
            )
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


def _unreachable(actions: Mapping[str, Mapping[str, Any]], start: Any) -> list[Problem]:
    reachable: set[str] = set()
    pending = [start] if start in actions else []
    while pending:
        identifier = pending.pop()
        if identifier in reachable:
            continue
        reachable.add(identifier)
        pending.extend(target for _, target in transition_targets(actions[identifier]) if target in actions)
    return [
        Problem(identifier, "is unreachable from the StartAction", "reachable", DESIGN_RULE)
        for identifier in actions
        if identifier not in reachable
    ]


def _project_rules(identifier: str, action: Mapping[str, Any]) -> list[Problem]:
    spec = spec_for(str(action.get("Type")))
    if spec is None or spec.terminal:
        return []
    transitions = action.get("Transitions") or {}
    parameters = action.get("Parameters") or {}
    problems = []
    if "NextAction" not in transitions and not spec.next_optional:
        problems.append(Problem(identifier, f"{spec.type} has no NextAction", "next-action", DESIGN_RULE))
    handled = {error.get("ErrorType") for error in transitions.get("Errors") or [] if isinstance(error, dict)}
    for branch in spec.errors or ():
        if branch.required or branch.required_when is not None:
            continue  # a documented requirement: the documented layer reports it
        if branch.allowed_when is not None and not branch.allowed_when(parameters):
            continue
        if branch.when and branch.allowed_when is None:
            continue  # the page ties it to a case it describes only in words
        if branch.name not in handled:
            problems.append(
                Problem(
                    identifier,
                    f"{spec.type} does not handle the error {branch.name}",
                    "error-handled",
                    f"{DESIGN_RULE}; {spec.page}",
                )
            )
    return problems
