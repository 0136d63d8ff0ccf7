"""How the Flow language writes values: static text, JSONPath references, numbers as strings.

The pages distinguish a value "defined statically", "a single valid JSONPath identifier"
(``$.Attributes.tier``) and text that mixes both (``"Hello $.Customer.FirstName"``).
"""

from __future__ import annotations

import re
from typing import Any, Final

#: One JSONPath reference and nothing else, e.g. ``$.Attributes.tier`` or ``$.External.x-y``.
SINGLE_REFERENCE: Final = re.compile(r"^\$\.[A-Za-z][^\s$]*$")
_INTEGER: Final = re.compile(r"^-?\d+$")


def is_single_reference(value: Any) -> bool:
    return isinstance(value, str) and bool(SINGLE_REFERENCE.match(value))


def has_reference(value: Any) -> bool:
    """Whether a string value is (or contains) a dynamic reference."""
    return isinstance(value, str) and "$." in value


def as_integer(value: Any) -> int | None:
    """The integer a JSON number or a string of digits holds (None otherwise; booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value.strip())
    return None


def is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def is_boolean(value: Any) -> bool:
    return is_true(value) or is_false(value)
