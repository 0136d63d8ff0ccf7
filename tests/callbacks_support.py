"""Helpers the callback tests share: settings for a fixed week, and the SMS code moto received."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from chalicelib.callbacks.settings import WEEKDAYS, CallbackSettings, from_environment

#: A Monday, 08:00 in Shanghai: the first slot of the day (09:00) is an hour away.
MONDAY_MORNING = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
FIRST_SLOT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 Asia/Shanghai


def week_settings(**overrides: str) -> CallbackSettings:
    env = {
        "BUSINESS_TIME_ZONE": "Asia/Shanghai",
        "CALLBACK_HOURS": json.dumps({day: ["09:00", "18:00"] for day in WEEKDAYS}),
        "CALLBACK_SLOT_MINUTES": "30",
        "CALLBACK_SLOT_CAPACITY": "3",
        "CALLBACK_REMINDER_MINUTES": "30",
    }
    env.update(overrides)
    return from_environment(env)


def sms_sent_to(phone: str) -> list[str]:
    """Every SMS moto's SNS accepted for ``phone``, oldest first (in-process or server mode)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    backend = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
    return [text for number, text in backend.sms_messages.values() if number == phone]


def last_code_sent_to(phone: str) -> str:
    for text in reversed(sms_sent_to(phone)):
        match = re.search(r"\b(\d{6})\b", text)
        if match:
            return match.group(1)
    raise AssertionError(f"no code was texted to {phone}")
