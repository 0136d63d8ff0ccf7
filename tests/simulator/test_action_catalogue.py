"""Every action type the Flow-language reference documents has a simulator handler."""

from __future__ import annotations

from infra.flows.language import ACTION_TYPE_ALIASES, DOCUMENTED_ACTION_TYPES
from local.connect_simulator.actions import HANDLERS


def test_every_documented_action_type_has_a_handler() -> None:
    missing = sorted(DOCUMENTED_ACTION_TYPES - set(HANDLERS))
    assert missing == []


def test_the_alternative_spellings_of_a_type_have_the_same_handler() -> None:
    for alias, documented in ACTION_TYPE_ALIASES.items():
        assert HANDLERS[alias] is HANDLERS[documented]
