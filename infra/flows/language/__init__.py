"""The Amazon Connect Flow language as data: every documented action type, the flow types, the limits.

One ``ActionSpec`` per action page (``ACTIONS``), read from the current Flow-language reference;
the validator (``infra.flows.validator``) and the local simulator both read this package, so
neither keeps its own list of what Connect accepts::

    from infra.flows.language import DOCUMENTED_ACTION_TYPES, documented_errors
    assert "UpdateFlowLoggingBehavior" in DOCUMENTED_ACTION_TYPES
    documented_errors("TransferContactToQueue")   # frozenset({'QueueAtCapacity', 'NoMatchingError'})
"""

from __future__ import annotations

from infra.flows.language.actions import (
    ACTION_TYPE_ALIASES,
    ACTIONS,
    ALL_OPERATORS,
    DOCUMENTED_ACTION_TYPES,
    spec_for,
)
from infra.flows.language.document import (
    FLOW_LANGUAGE_VERSION,
    FORBIDDEN_IDENTIFIER_CHARACTERS,
    FORBIDDEN_IDENTIFIERS,
    MAX_ACTIONS,
    MAX_CONTENT_LENGTH,
    MAX_IDENTIFIER_LENGTH,
)
from infra.flows.language.flow_types import DEFAULT_FLOW_TYPE, FLOW_TYPES
from infra.flows.language.spec import ActionSpec, ErrorBranch, Parameter, Results

__all__ = [
    "ACTIONS",
    "ACTION_TYPE_ALIASES",
    "ALL_OPERATORS",
    "DEFAULT_FLOW_TYPE",
    "DOCUMENTED_ACTION_TYPES",
    "FLOW_LANGUAGE_VERSION",
    "FLOW_TYPES",
    "FORBIDDEN_IDENTIFIERS",
    "FORBIDDEN_IDENTIFIER_CHARACTERS",
    "MAX_ACTIONS",
    "MAX_CONTENT_LENGTH",
    "MAX_IDENTIFIER_LENGTH",
    "ActionSpec",
    "ErrorBranch",
    "Parameter",
    "Results",
    "allowed_in",
    "documented_errors",
    "documented_results",
    "spec_for",
]


def documented_errors(action_type: str) -> frozenset[str]:
    """The error types the action's page documents (empty for an undocumented type)."""
    spec = spec_for(action_type)
    return spec.error_types if spec is not None else frozenset()


def documented_results(action_type: str) -> tuple[str, ...] | None:
    """The run results a condition may compare against, or None when any static operand may be used
    (Compare, Lex intents) or the type is undocumented; ``()`` when no conditions are supported."""
    spec = spec_for(action_type)
    if spec is None or spec.results is None:
        return None
    if not spec.results.supports_conditions:
        return ()
    return spec.results.operands


def allowed_in(action_type: str, flow_type: str) -> bool:
    """Whether the action's page allows it in flows of ``flow_type``."""
    spec = spec_for(action_type)
    return spec is not None and flow_type in spec.flow_types
