"""Checks a Flow-language document against the catalogue; every violation names its rule and page.

``check_document(content, flow_type)`` is the whole of what Connect's documentation says about a
flow: the document (Version, StartAction, limits), each action's Identifier, its Type and the flow
types that may use it, its Parameters (names, required, mutually exclusive, types, ranges, enums,
static or dynamic), its Errors and Conditions, and that every transition lands on an action. It
knows nothing of this project (prompts, Lambda associations): ``infra.flows.validator`` adds that.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from infra.flows.language import document as doc
from infra.flows.language.actions import ACTION_TYPE_ALIASES, ALL_OPERATORS, DOCUMENTED_ACTION_TYPES, spec_for
from infra.flows.language.flow_types import FLOW_TYPES
from infra.flows.language.values import as_integer, has_reference, is_boolean, is_single_reference

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from infra.flows.language.spec import ActionSpec, Parameter

FLOW = "(flow)"


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (an action identifier, or ``(flow)``), which rule, and the page that says so."""

    action: str
    rule: str
    message: str
    page: str

    def __str__(self) -> str:
        return f"{self.action}: [{self.rule}] {self.message} ({self.page})"


def check_document(
    content: Any, flow_type: str = "CONTACT_FLOW", content_length: int | None = None
) -> list[Violation]:
    """Every documented rule ``content`` breaks as a flow of ``flow_type`` (empty when it is valid).

    ``content_length`` is the length of the Content string as it would be sent (the JSON text);
    it defaults to the compact JSON of ``content``.
    """
    if flow_type not in FLOW_TYPES:
        raise ValueError(f"unknown flow type {flow_type!r}; one of {', '.join(FLOW_TYPES)}")
    if not isinstance(content, dict):
        return [Violation(FLOW, "document", "the flow content must be a JSON object", doc.EXAMPLE_PAGE)]
    return list(_check(content, flow_type, content_length))


def _check(content: dict[str, Any], flow_type: str, content_length: int | None) -> Iterator[Violation]:
    length = content_length if content_length is not None else compact_length(content)
    if length > doc.MAX_CONTENT_LENGTH:
        yield Violation(
            FLOW,
            "content-size",
            f"the content is {length} characters; at most {doc.MAX_CONTENT_LENGTH}",
            doc.CONTENT_PAGE,
        )
    if content.get("Version") != doc.FLOW_LANGUAGE_VERSION:
        yield Violation(
            FLOW,
            "version",
            f"Version is {content.get('Version')!r}; the only supported version is {doc.FLOW_LANGUAGE_VERSION}",
            doc.EXAMPLE_PAGE,
        )
    if "Metadata" in content and not isinstance(content["Metadata"], dict):
        yield Violation(FLOW, "metadata", "Metadata, when present, must be an object", doc.EXAMPLE_PAGE)
    raw_actions = content.get("Actions")
    if not isinstance(raw_actions, list):
        yield Violation(FLOW, "actions", "Actions must be a list of actions", doc.EXAMPLE_PAGE)
        return
    if len(raw_actions) > doc.MAX_ACTIONS:
        yield Violation(
            FLOW,
            "actions-limit",
            f"{len(raw_actions)} actions; a flow may have no more than {doc.MAX_ACTIONS}",
            doc.EXAMPLE_PAGE,
        )
    actions: dict[str, dict[str, Any]] = {}
    for position, action in enumerate(raw_actions):
        if not isinstance(action, dict):
            yield Violation(f"Actions[{position}]", "action", "an action must be an object", doc.ACTIONS_PAGE)
            continue
        identifier = action.get("Identifier")
        name = identifier if isinstance(identifier, str) else f"Actions[{position}]"
        yield from _identifier(name, identifier, actions)
        if isinstance(identifier, str):
            actions.setdefault(identifier, action)
        yield from _action(name, action, flow_type)
    start = content.get("StartAction")
    if start not in actions:
        yield Violation(
            FLOW, "start-action", f"StartAction {start!r} matches no action's Identifier", doc.EXAMPLE_PAGE
        )
    for identifier, action in actions.items():
        for via, target in transition_targets(action):
            if target not in actions:
                yield Violation(
                    identifier,
                    "transition-target",
                    f"{via} goes to {target!r}, which is not an action of this flow",
                    doc.ACTIONS_PAGE,
                )


def compact_length(content: Any) -> int:
    """Length of ``content`` as compact JSON text, the form a flow's Content string is stored in."""
    return len(json.dumps(content, separators=(",", ":"), ensure_ascii=False))


def transition_targets(action: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """``(how, target)`` for every NextAction of an action (default, each condition, each error)."""
    transitions = action.get("Transitions") or {}
    if not isinstance(transitions, dict):
        return
    if "NextAction" in transitions:
        yield "NextAction", transitions["NextAction"]
    for condition in _list(transitions.get("Conditions")):
        if isinstance(condition, dict):
            operands = (condition.get("Condition") or {}).get("Operands")
            yield f"the condition {operands}", condition.get("NextAction")
    for error in _list(transitions.get("Errors")):
        if isinstance(error, dict):
            yield f"the error {error.get('ErrorType')}", error.get("NextAction")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _identifier(name: str, identifier: Any, seen: Mapping[str, Any]) -> Iterator[Violation]:
    def violation(message: str) -> Violation:
        return Violation(name, "identifier", message, doc.ACTIONS_PAGE)

    if not isinstance(identifier, str) or not identifier:
        yield violation("every action needs a non-empty string Identifier")
        return
    if identifier in seen:
        yield violation("the Identifier must be unique among the flow's actions")
    if len(identifier) > doc.MAX_IDENTIFIER_LENGTH:
        yield violation(
            f"the Identifier is {len(identifier)} characters; at most {doc.MAX_IDENTIFIER_LENGTH}"
        )
    forbidden = sorted(set(identifier) & doc.FORBIDDEN_IDENTIFIER_CHARACTERS)
    if forbidden:
        yield violation(
            f"the Identifier contains {' '.join(forbidden)}, characters not allowed in an Identifier"
        )
    if identifier in doc.FORBIDDEN_IDENTIFIERS:
        yield violation(f"{identifier!r} is a string not allowed as an Identifier")


def _action(name: str, action: dict[str, Any], flow_type: str) -> Iterator[Violation]:
    action_type = action.get("Type")
    for key in sorted(set(action) - doc.ACTION_KEYS):
        yield Violation(name, "action-keys", f"{key!r} is not a field of an action", doc.ACTIONS_PAGE)
    spec = spec_for(action_type) if isinstance(action_type, str) else None
    if spec is None:
        close = difflib.get_close_matches(
            str(action_type), sorted(DOCUMENTED_ACTION_TYPES | set(ACTION_TYPE_ALIASES)), 1
        )
        hint = f" (did you mean {close[0]}?)" if close else ""
        yield Violation(
            name, "action-type", f"{action_type!r} is not a documented action type{hint}", doc.ACTIONS_PAGE
        )
        return
    if flow_type not in spec.flow_types:
        allowed = ", ".join(t for t in FLOW_TYPES if t in spec.flow_types)
        yield Violation(
            name,
            "flow-type",
            f"{spec.type} is not available in {flow_type} flows (only in {allowed})",
            spec.page,
        )
    parameters = action.get("Parameters", {})
    if not isinstance(parameters, dict):
        yield Violation(name, "parameters", "Parameters must be an object", spec.page)
        parameters = {}
    transitions = action.get("Transitions", {})
    if not isinstance(transitions, dict):
        yield Violation(name, "transitions", "Transitions must be an object", doc.ACTIONS_PAGE)
        transitions = {}
    yield from _parameters(name, spec, parameters)
    yield from _transitions(name, spec, parameters, transitions)
    for check in spec.checks:
        for message in check(parameters, transitions):
            yield Violation(name, f"{spec.type}-rule", message, spec.page)


# -- parameters ----------------------------------------------------------------------------------


def _parameters(name: str, spec: ActionSpec, parameters: dict[str, Any]) -> Iterator[Violation]:
    if spec.parameters is None:
        return
    yield from _object_members(name, spec, "", spec.parameters, parameters, spec.exclusive)
    for group in spec.exactly_one:
        present = [key for key in group if key in parameters]
        if len(present) != 1:
            yield Violation(
                name,
                "parameter-exclusive",
                f"exactly one of {', '.join(group)} must be given (got {', '.join(present) or 'none'})",
                spec.page,
            )


def _object_members(
    name: str,
    spec: ActionSpec,
    path: str,
    members: tuple[Parameter, ...],
    value: dict[str, Any],
    exclusive: tuple[tuple[str, ...], ...],
) -> Iterator[Violation]:
    known = {member.name: member for member in members}
    for key in value:
        if key not in known:
            close = difflib.get_close_matches(key, list(known), 1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            allowed = ", ".join(known) or "none"
            yield Violation(
                name,
                "parameter-unknown",
                f"{path}{key} is not a parameter of {spec.type}{hint}; documented: {allowed}",
                spec.page,
            )
    for member in members:
        if member.name not in value:
            if member.required:
                yield Violation(name, "parameter-required", f"{path}{member.name} is required", spec.page)
            continue
        yield from _value(name, spec, f"{path}{member.name}", member, value[member.name])
    for group in exclusive:
        present = [key for key in group if key in value]
        if len(present) > 1:
            yield Violation(
                name,
                "parameter-exclusive",
                f"{' and '.join(path + key for key in present)} may not be given together",
                spec.page,
            )


@dataclass(frozen=True)
class _Site:
    """Where a parameter value sits: the action, its spec, and the value's dotted path."""

    action: str
    spec: ActionSpec
    path: str

    def violation(self, message: str, rule: str = "parameter-value") -> Violation:
        return Violation(self.action, rule, f"{self.path} {message}", self.spec.page)


def _value(name: str, spec: ActionSpec, path: str, parameter: Parameter, value: Any) -> Iterator[Violation]:
    site = _Site(name, spec, path)
    if isinstance(value, str) and has_reference(value):
        yield from _dynamic(site, parameter, value)  # the value itself is only known when the flow runs
        return
    if parameter.dynamic == "reference":
        yield site.violation(
            f"must be a single JSONPath reference and cannot be set statically (got {value!r})"
        )
        return
    yield from _KIND_CHECKS[parameter.kind](site, parameter, value)


def _dynamic(site: _Site, parameter: Parameter, value: str) -> Iterator[Violation]:
    if parameter.dynamic == "static":
        yield site.violation(f"must be defined statically, not {value!r}")
    elif parameter.dynamic in ("single", "reference") and not is_single_reference(value):
        yield site.violation(f"must be static or a single JSONPath reference, not {value!r}")


def _string(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    if not isinstance(value, str):
        yield site.violation(f"must be a string, not {type(value).__name__}")


def _integer(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    number = as_integer(value)
    if number is None:
        yield site.violation(f"must be an integer, not {value!r}")
    elif parameter.minimum is not None and number < parameter.minimum:
        yield site.violation(f"is {number}; it must be at least {parameter.minimum}")
    elif parameter.maximum is not None and number > parameter.maximum:
        yield site.violation(f"is {number}; it must be at most {parameter.maximum}")


def _boolean(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    if not is_boolean(value):
        yield site.violation(f"must be True or False, not {value!r}")


def _enum(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    if value not in parameter.choices:
        yield site.violation(f"is {value!r}; one of {', '.join(parameter.choices)}")


def _object(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    if not isinstance(value, dict):
        yield site.violation("must be an object")
    elif parameter.fields is not None:
        yield from _object_members(
            site.action, site.spec, f"{site.path}.", parameter.fields, value, parameter.exclusive
        )


def _map(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    if not isinstance(value, dict):
        yield site.violation("must be an object of keys and values")
        return
    for key in value:
        if parameter.keys and key not in parameter.keys:
            yield Violation(
                site.action,
                "parameter-unknown",
                f"{site.path}.{key} is not documented; one of {', '.join(parameter.keys)}",
                site.spec.page,
            )
    yield from _entries(site, parameter, len(value))


def _list_value(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    if not isinstance(value, list):
        yield site.violation("must be a list")
        return
    yield from _entries(site, parameter, len(value))
    if parameter.items is not None:
        for index, item in enumerate(value):
            yield from _value(site.action, site.spec, f"{site.path}[{index}]", parameter.items, item)


def _anything(site: _Site, parameter: Parameter, value: Any) -> Iterator[Violation]:
    return iter(())


_KIND_CHECKS: Mapping[str, Callable[[_Site, Parameter, Any], Iterator[Violation]]] = {
    "string": _string,
    "integer": _integer,
    "boolean": _boolean,
    "enum": _enum,
    "object": _object,
    "map": _map,
    "list": _list_value,
    "any": _anything,
}


def _entries(site: _Site, parameter: Parameter, count: int) -> Iterator[Violation]:
    if parameter.min_entries is not None and count < parameter.min_entries:
        yield site.violation(f"has {count} entries; at least {parameter.min_entries}")
    if parameter.max_entries is not None and count > parameter.max_entries:
        yield site.violation(f"has {count} entries; at most {parameter.max_entries}")


# -- transitions ---------------------------------------------------------------------------------


def _transitions(
    name: str, spec: ActionSpec, parameters: dict[str, Any], transitions: dict[str, Any]
) -> Iterator[Violation]:
    for key in sorted(set(transitions) - doc.TRANSITION_KEYS):
        yield Violation(name, "transitions", f"{key!r} is not a field of Transitions", doc.ACTIONS_PAGE)
    errors = _list(transitions.get("Errors"))
    conditions = _list(transitions.get("Conditions"))
    if spec.terminal:
        if transitions.get("NextAction") or errors or conditions:
            yield Violation(name, "terminal", f"{spec.type} is a terminal action: no transitions", spec.page)
        return
    yield from _errors(name, spec, parameters, errors)
    yield from _conditions(name, spec, conditions)


def _errors(
    name: str, spec: ActionSpec, parameters: dict[str, Any], errors: list[Any]
) -> Iterator[Violation]:
    if spec.errors is None:
        return
    documented = {branch.name: branch for branch in spec.errors}
    handled: list[str] = []
    for error in errors:
        error_type = error.get("ErrorType") if isinstance(error, dict) else None
        handled.append(str(error_type))
        branch = documented.get(str(error_type))
        if branch is None:
            listed = ", ".join(documented) or "none"
            yield Violation(
                name,
                "error-type",
                f"{error_type!r} is not an error {spec.type} documents (documented: {listed})",
                spec.page,
            )
        elif branch.allowed_when is not None and not branch.allowed_when(parameters):
            yield Violation(name, "error-type", f"{branch.name} may be defined {branch.when}", spec.page)
    for duplicate in sorted({error for error in handled if handled.count(error) > 1}):
        yield Violation(name, "error-type", f"the error {duplicate} has more than one branch", spec.page)
    for branch in spec.errors:
        demanded = branch.required or (branch.required_when is not None and branch.required_when(parameters))
        if demanded and branch.name not in handled:
            yield Violation(
                name,
                "error-required",
                f"the error {branch.name} {branch.when or 'must be handled'}",
                spec.page,
            )


def _conditions(name: str, spec: ActionSpec, conditions: list[Any]) -> Iterator[Violation]:
    results = spec.results
    if results is None:
        return
    if conditions and not results.supports_conditions:
        yield Violation(name, "conditions", f"{spec.type} supports no conditions", spec.page)
        return
    seen: set[str] = set()
    for condition in conditions:
        body = condition.get("Condition") if isinstance(condition, dict) else None
        if not isinstance(body, dict) or not isinstance(body.get("Operands"), list):
            yield Violation(
                name,
                "conditions",
                "a condition needs a Condition with Operator and Operands",
                doc.ACTIONS_PAGE,
            )
            continue
        operator = body.get("Operator")
        if operator not in ALL_OPERATORS:
            yield Violation(name, "conditions", f"{operator!r} is not a condition operator", doc.ACTIONS_PAGE)
        elif operator not in results.operators:
            allowed = ", ".join(sorted(results.operators))
            yield Violation(
                name,
                "conditions",
                f"{spec.type} supports only the operators {allowed}, not {operator}",
                spec.page,
            )
        operands = body["Operands"]
        if len(operands) != 1 or not isinstance(operands[0], str):
            yield Violation(
                name,
                "conditions",
                f"{operator} takes one string operand, not {json.dumps(operands)}",
                doc.ACTIONS_PAGE,
            )
        for operand in operands:
            text = str(operand)
            seen.add(text)
            if results.operands is not None and results.closed and text not in results.operands:
                yield Violation(
                    name,
                    "conditions",
                    f"{text!r} is not a result of {spec.type} (one of {', '.join(results.operands)})",
                    spec.page,
                )
    for required in results.required_operands:
        if required not in seen:
            yield Violation(name, "conditions", f"a condition Equals {required} is required", spec.page)
