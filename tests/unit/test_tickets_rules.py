"""The ticket status machine, SLA clock and input rules, without any storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.errors import Conflict, InvalidInput
from chalicelib.tickets.rules import (
    STATUSES,
    TRANSITIONS,
    check_transition,
    default_priority,
    sla_due,
    validated_priority,
    validated_rating,
)

ALLOWED = [
    ("new", "assigned"),
    ("new", "closed"),
    ("assigned", "in_progress"),
    ("assigned", "resolved"),
    ("in_progress", "waiting_on_customer"),
    ("in_progress", "resolved"),
    ("waiting_on_customer", "in_progress"),
    ("waiting_on_customer", "resolved"),
    ("waiting_on_customer", "closed"),
    ("resolved", "closed"),
    ("resolved", "reopened"),
    ("closed", "reopened"),
    ("reopened", "assigned"),
    ("reopened", "in_progress"),
    ("reopened", "resolved"),
]
REFUSED = [(a, b) for a in STATUSES for b in STATUSES if (a, b) not in ALLOWED]


def test_the_table_is_exactly_the_documented_transitions() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == set(ALLOWED)
    assert len(ALLOWED) + len(REFUSED) == len(STATUSES) ** 2


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_an_allowed_transition_passes(current: str, target: str) -> None:
    check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_a_refused_transition_is_a_conflict_naming_the_allowed_ones(current: str, target: str) -> None:
    with pytest.raises(Conflict) as refused:
        check_transition(current, target)
    assert refused.value.code == "invalid_transition"
    assert current in refused.value.message
    for allowed in TRANSITIONS[current]:
        assert allowed in refused.value.message


def test_an_unknown_status_is_invalid_input_not_a_conflict() -> None:
    with pytest.raises(InvalidInput):
        check_transition("new", "done")


def test_an_urgent_complaint_is_due_sooner_than_a_routine_inquiry() -> None:
    opened = datetime(2026, 1, 1, tzinfo=UTC)
    assert sla_due(opened, "complaint", 1) == opened + timedelta(hours=6)
    assert sla_due(opened, "complaint", 3) == opened + timedelta(hours=24)
    assert sla_due(opened, "inquiry", 5) == opened + timedelta(hours=144)
    assert sla_due(opened, "emergency", default_priority("emergency")) == opened + timedelta(hours=1)


@pytest.mark.parametrize("value", [0, 6, "3", 2.5, True, None])
def test_priority_outside_one_to_five_is_refused(value: object) -> None:
    with pytest.raises(InvalidInput):
        validated_priority(value)


@pytest.mark.parametrize("value", [0, 6, "5", True, None])
def test_a_rating_outside_one_to_five_is_refused(value: object) -> None:
    with pytest.raises(InvalidInput):
        validated_rating(value)
