"""What every action handler shares: how a run ends, its errors, and how long speech takes.

A handler is ``handler(run, action, parameters)``: a generator that yields the seconds each step
takes on the virtual clock and returns the next action's identifier or one of the endings below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

Steps = Generator[float, None, str]
Handler = Callable[["FlowRun", dict[str, Any], dict[str, Any]], Steps]

# How a run ends; not valid identifiers (they start with NUL), so no action can be mistaken for them.
DISCONNECTED = "\x00disconnected"
QUEUED = "\x00queued"
ENDED = "\x00ended"
TRANSFERRED_TO_FLOW = "\x00transferred_to_flow"
TRANSFERRED_TO_PHONE = "\x00transferred_to_phone"
MODULE_RETURNED = "\x00module_returned"
ENDINGS = frozenset({DISCONNECTED, QUEUED, ENDED, TRANSFERRED_TO_FLOW, TRANSFERRED_TO_PHONE, MODULE_RETURNED})

CJK = re.compile(r"[\u3400-\u9fff]")


class CallerHungUp(Exception):
    """The party hung up while the flow was running."""


class Interrupted(Exception):
    """The run's deadline came (an agent answered while the queue flow was playing)."""


class FlowRuntimeError(Exception):
    """The flow JSON asks for something the simulator (or Connect) cannot do."""


def speech_seconds(text: str) -> float:
    """Roughly how long text-to-speech takes: 2.5 words a second, 4.5 CJK characters a second."""
    cjk = len(CJK.findall(text))
    words = len(CJK.sub(" ", text).split())
    return max(0.5, round(words / 2.5 + cjk / 4.5, 1))


def compare(operator: str, value: str, operand: str) -> bool:
    """One Flow-language condition operator applied to a result and an operand."""
    if operator == "Equals":
        return value == operand
    if operator == "TextStartsWith":
        return value.startswith(operand)
    if operator == "TextEndsWith":
        return value.endswith(operand)
    if operator == "TextContains":
        return operand in value
    try:
        number, other = float(value), float(operand)
    except ValueError:
        return False
    return {
        "NumberGreaterThan": number > other,
        "NumberGreaterOrEqualTo": number >= other,
        "NumberLessThan": number < other,
        "NumberLessOrEqualTo": number <= other,
    }.get(operator, False)
