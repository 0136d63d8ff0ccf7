"""The shapes of the catalogue: what one action type's page says, as data.

Every field of ``ActionSpec`` is read off one documentation page (``ActionSpec.page``): the
"Parameter object", "Results and conditions", "Errors" and "Restrictions" sections that each
Flow-language action page has. ``None`` means "the page's section is not transcribed here", which
the validator reads as "do not check", never as "nothing is allowed".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

#: How a parameter's value may be written, in the pages' words:
#: - ``any``: "may be defined statically or dynamically" (any text, references anywhere in it);
#: - ``single``: "statically, or as a single valid JSONPath identifier";
#: - ``static``: "must be defined statically" / "dynamic values are not supported";
#: - ``reference``: "must be a single valid JSONPath reference, and cannot be set statically".
Dynamic = Literal["any", "single", "static", "reference"]
#: A value's type. ``integer`` accepts a JSON number or a string of digits, the way the console
#: exports numbers (``"InputTimeLimitSeconds": "5"``); ``boolean`` is the strings ``"True"`` /
#: ``"False"`` (or JSON true/false) the pages use.
Kind = Literal["string", "integer", "boolean", "enum", "object", "map", "list", "any"]
Category = Literal["contact", "participant", "flow control", "interaction"]


@dataclass(frozen=True)
class Parameter:
    """One key of an action's Parameters object (or of an object nested in it)."""

    name: str
    kind: Kind = "string"
    required: bool = False
    dynamic: Dynamic = "any"
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    #: Members of an ``object`` (``None``: members not checked).
    fields: tuple[Parameter, ...] | None = None
    #: Entries of a ``map`` or items of a ``list``.
    min_entries: int | None = None
    max_entries: int | None = None
    #: The keys a ``map`` may have (empty: any key).
    keys: tuple[str, ...] = ()
    #: The shape of each item of a ``list`` (``None``: items not checked).
    items: Parameter | None = None
    #: Keys of this object of which at most one may be present.
    exclusive: tuple[tuple[str, ...], ...] = ()


#: A predicate over the action's Parameters, for the conditional rules ("only if StoreInput is True").
ParameterTest = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class ErrorBranch:
    """An error type the page documents, and when the page requires or allows a branch for it."""

    name: str
    #: The page says it "must always be defined" (or must be defined in the case ``required_when``).
    required: bool = False
    required_when: ParameterTest | None = None
    #: The page says it may be defined only in this case ("must be defined only if ...").
    allowed_when: ParameterTest | None = None
    when: str = ""  # the page's words for the conditions, shown in violations


@dataclass(frozen=True)
class Results:
    """The "Results and conditions" section: which Conditions the action's Transitions may hold."""

    #: Operators allowed in Conditions (empty: "No conditions are supported").
    operators: frozenset[str] = frozenset()
    #: The documented run results an operand may take (``None``: any static operand).
    operands: tuple[str, ...] | None = None
    #: Operands that must each have a condition.
    required_operands: tuple[str, ...] = ()
    #: No operands other than ``operands`` (``CheckHoursOfOperation``: True and False only).
    closed: bool = True
    note: str = ""

    @property
    def supports_conditions(self) -> bool:
        return bool(self.operators)


NO_RESULTS = Results()

#: A rule that is not a table entry (cross-field rules); yields one message per violation.
ActionCheck = Callable[[Mapping[str, Any], Mapping[str, Any]], Iterable[str]]


@dataclass(frozen=True)
class ActionSpec:
    """One Flow-language action type as its documentation page describes it."""

    type: str
    category: Category
    page: str
    summary: str
    #: Allowed keys of Parameters (``None``: the page's parameter object is not transcribed here).
    parameters: tuple[Parameter, ...] | None
    #: The documented error types (``None``: the page's Errors section is not transcribed here).
    errors: tuple[ErrorBranch, ...] | None
    #: The documented run results (``None``: not transcribed; conditions are not checked).
    results: Results | None
    flow_types: frozenset[str]
    #: Groups of parameter names of which at most one may be present.
    exclusive: tuple[tuple[str, ...], ...] = ()
    #: Groups of parameter names of which exactly one must be present.
    exactly_one: tuple[tuple[str, ...], ...] = ()
    #: "This is always a terminal action": no transitions at all.
    terminal: bool = False
    #: The action may end a flow with no NextAction (MessageParticipantIteratively in a queue flow).
    next_optional: bool = False
    #: Channel words from the Restrictions section ("only supported on the voice channel").
    channels: str = ""
    checks: tuple[ActionCheck, ...] = ()
    #: Where the current page and the 2023 one differ, or where the page is silent.
    notes: str = ""
    #: Names this type is also written with (see ``UnTagContact``).
    aliases: tuple[str, ...] = field(default=())

    @property
    def error_types(self) -> frozenset[str]:
        return frozenset(error.name for error in self.errors or ())

    def parameter(self, name: str) -> Parameter | None:
        for parameter in self.parameters or ():
            if parameter.name == name:
                return parameter
        return None
