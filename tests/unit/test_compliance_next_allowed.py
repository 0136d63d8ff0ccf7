"""``next_allowed_at`` is exactly the first moment a dial is allowed: swept across a DST change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.campaigns.compliance import CallAttempt, dial_decision
from tests.unit.campaign_builders import campaign

STEP = timedelta(minutes=15)
START = datetime(2026, 3, 6, 0, 0, tzinfo=UTC)  # US summer time begins on Sunday 8 March 2026


@pytest.mark.parametrize(
    ("number", "changes"),
    [
        (
            "+14155550142",
            {"calling_window": {"start": "09:00", "end": "17:00", "days": ["fri", "sun", "mon"]}},
        ),
        ("+13055550142", {"purpose": "collection", "retries": {"max_attempts": 20, "delay_minutes": 90}}),
        ("+8613800138021", {"purpose": "collection", "restricted_dates": ["2026-03-07"]}),
    ],
    ids=["pacific-some-days", "florida-collection", "china-collection-holiday"],
)
def test_no_moment_before_next_allowed_at_is_allowed_and_that_moment_is(number: str, changes: dict) -> None:
    subject = campaign(**changes)
    history = [
        CallAttempt(START + timedelta(hours=hours), "test-campaign", subject.purpose)
        for hours in (13, 14, 15)
    ]
    allowed_at = {}
    moment = START
    while moment < START + timedelta(days=5):
        allowed_at[moment] = dial_decision(number, subject, moment, history).allowed
        moment += STEP
    checked = 0
    for moment, allowed in allowed_at.items():
        if allowed:
            continue
        promised = dial_decision(number, subject, moment, history).next_allowed_at
        assert promised is not None
        assert dial_decision(number, subject, promised, history).allowed
        assert not any(allowed_at[m] for m in allowed_at if moment <= m < promised), moment
        checked += 1
    assert checked > 0 and any(allowed_at.values())
