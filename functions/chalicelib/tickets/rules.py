"""The ticket rules, as data: categories, channels, the status machine and the SLA clock. No I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.errors import Conflict, InvalidInput

CATEGORIES = ("emergency", "complaint", "inquiry", "consultation", "fault", "order", "cancellation")
CHANNELS = ("phone", "web", "sms", "email", "voicemail", "callback", "campaign")
STATUSES = ("new", "assigned", "in_progress", "waiting_on_customer", "resolved", "closed", "reopened")
OPEN_STATUSES = frozenset({"new", "assigned", "in_progress", "waiting_on_customer", "reopened"})
#: Open statuses in the order the open (and overdue) list shows them.
OPEN_LIST_ORDER = ("new", "reopened", "assigned", "in_progress", "waiting_on_customer")


def open_list_keys(status: str, due_at: datetime) -> dict[str, str | None]:
    """The ``open-in-list-order`` index keys of a ticket: set while open, removed once not.

    >>> open_list_keys("assigned", datetime(2026, 5, 1, 12, tzinfo=UTC))["open_order"]
    '2#2026-05-01T12:00:00.000000+00:00'
    """
    if status not in OPEN_STATUSES:
        return {"open_list": None, "open_order": None}
    moment = due_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    return {"open_list": "open", "open_order": f"{OPEN_LIST_ORDER.index(status)}#{moment}"}


#: Statuses a customer may rate a ticket in.
RATEABLE_STATUSES = frozenset({"resolved", "closed"})
#: Statuses that mean somebody is working the ticket, so it must have an owner.
OWNED_STATUSES = frozenset({"assigned", "in_progress", "waiting_on_customer"})

#: status -> the statuses it may move to. Everything not listed is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"assigned", "closed"}),  # closed: spam or duplicate, never worked
    "assigned": frozenset({"in_progress", "resolved"}),
    "in_progress": frozenset({"waiting_on_customer", "resolved"}),
    "waiting_on_customer": frozenset({"in_progress", "resolved", "closed"}),  # closed: no reply
    "resolved": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),
    "reopened": frozenset({"assigned", "in_progress", "resolved"}),
}

PRIORITIES = (1, 2, 3, 4, 5)  # 1 is the most urgent
#: What came of a contact, as the agent records it on the ticket (the console offers these).
DISPOSITIONS = (
    "resolved_first_contact",
    "follow_up_needed",
    "escalated",
    "transferred",
    "information_given",
    "wrong_number",
    "abusive_caller",
)
#: Hours to resolve at priority 3, by category.
SLA_HOURS: dict[str, float] = {
    "emergency": 4,
    "complaint": 24,
    "fault": 24,
    "order": 48,
    "cancellation": 48,
    "inquiry": 72,
    "consultation": 72,
}
#: Priority scales the category's hours: an urgent complaint is due in 6 hours, not 24.
PRIORITY_SLA_FACTOR: dict[int, float] = {1: 0.25, 2: 0.5, 3: 1.0, 4: 1.5, 5: 2.0}
_DEFAULT_PRIORITY: dict[str, int] = {"emergency": 1, "complaint": 2, "fault": 2}


def default_priority(category: str) -> int:
    return _DEFAULT_PRIORITY.get(category, 3)


def sla_due(created_at: datetime, category: str, priority: int) -> datetime:
    """When the ticket must be resolved by.

    >>> sla_due(datetime(2026, 1, 1, tzinfo=UTC), "complaint", 1).isoformat()
    '2026-01-01T06:00:00+00:00'
    """
    return created_at + timedelta(hours=SLA_HOURS[category] * PRIORITY_SLA_FACTOR[priority])


def check_transition(current: str, target: str) -> None:
    """Refuse a status change the machine does not allow, saying what would be allowed."""
    if target not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}; got {target!r}")
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise Conflict(
            f"a ticket that is {current} can move to {' or '.join(sorted(allowed))}, not {target}",
            code="invalid_transition",
        )


def validated_category(value: object) -> str:
    if value not in CATEGORIES:
        raise InvalidInput(f"category must be one of {', '.join(CATEGORIES)}; got {value!r}")
    return str(value)


def validated_channel(value: object) -> str:
    if value not in CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}; got {value!r}")
    return str(value)


def validated_priority(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in PRIORITIES:
        raise InvalidInput(f"priority must be an integer from 1 (most urgent) to 5; got {value!r}")
    return value


def validated_text(value: object, field: str, max_length: int, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > max_length or (required and not value.strip()):
        qualifier = "a non-empty" if required else "a"
        raise InvalidInput(f"{field} must be {qualifier} string of at most {max_length} characters")
    return value


def validated_rating(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise InvalidInput(f"rating must be an integer from 1 to 5; got {value!r}")
    return value
