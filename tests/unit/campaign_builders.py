"""Campaign definitions for tests: a valid base document with the parts a test cares about changed."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalicelib.campaigns.definition import Campaign, parse_campaign

REPO_ROOT = Path(__file__).resolve().parents[2]
CAMPAIGNS_DIR = REPO_ROOT / "campaigns"
PROMPTS_DIR = REPO_ROOT / "prompts"

BASE: dict[str, Any] = {
    "id": "test-campaign",
    "name": "Test campaign",
    "purpose": "informational",
    "languages": {"en-US": {"voice": "Joanna"}, "zh-CN": {"voice": "Zhiyu"}},
    "default_language": "en-US",
    "message": {"template": "campaign-parcel-arrival"},
    "calling_window": {"start": "00:00", "end": "24:00"},
    "retries": {"max_attempts": 50, "delay_minutes": 0},
    "schedule": {"start_date": "2020-01-01"},
}


def document(**changes: Any) -> dict[str, Any]:
    """BASE with top-level fields replaced (``None`` removes a field)."""
    result = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def campaign(**changes: Any) -> Campaign:
    """A campaign that by default calls around the clock, so only the rule under test binds."""
    return parse_campaign(document(**changes))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
