"""Helpers the callback tests share: settings for a fixed week, and the SMS code moto received."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
import requests

from chalicelib import messaging
from chalicelib.callbacks import scheduling
from chalicelib.callbacks.settings import WEEKDAYS, CallbackSettings, from_environment
from local.environment import local_settings

if TYPE_CHECKING:
    from collections.abc import Iterator

#: A Monday, 08:00 in Shanghai: the first slot of the day (09:00) is an hour away.
MONDAY_MORNING = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
FIRST_SLOT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 Asia/Shanghai


def week_settings(**overrides: str) -> CallbackSettings:
    env = {
        **local_settings(),  # the schedules' targets
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


#: Open around the clock in UTC, so a slot is always bookable whenever the tests run.
CALLBACK_ENV = {
    "BUSINESS_TIME_ZONE": "UTC",
    "CALLBACK_HOURS": json.dumps({day: ["00:00", "24:00"] for day in WEEKDAYS}),
    "CALLBACK_SLOT_MINUTES": "30",
    "CALLBACK_SLOT_CAPACITY": "3",
    "CALLBACK_MAX_ATTEMPTS": "2",
    "CALLBACK_RETRY_MINUTES": "5",
    "CALLBACK_CODES_PER_HOUR": "3",
    "CALLBACK_VERIFICATIONS_PER_ADDRESS_PER_HOUR": "1000",
}


@pytest.fixture(scope="module")
def api(local_stack: Any) -> Iterator[str]:
    """The local stack's API URL, with callback settings that make a slot bookable at any hour."""
    from local.environment import temporary_environment
    from local.serial_dynamodb import serialize_dynamodb

    serialize_dynamodb()
    with temporary_environment(CALLBACK_ENV):
        messaging.forget_client()
        scheduling.forget_client()
        yield str(local_stack.api_url)
    messaging.forget_client()
    scheduling.forget_client()


def post(api: str, path: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(f"{api}{path}", json=body, timeout=30)


def free_slots(api: str, limit: int = 40) -> list[dict[str, Any]]:
    response = requests.get(
        f"{api}/callbacks/slots", params={"limit": str(limit), "tz": "Asia/Shanghai"}, timeout=30
    )
    assert response.status_code == 200, response.text
    return list(response.json()["slots"])


def verify(api: str, phone: str) -> tuple[str, str]:
    response = post(api, "/callbacks/verifications", {"phone": phone, "language": "en-US"})
    assert response.status_code == 201, response.text
    return response.json()["verificationId"], last_code_sent_to(phone)


def book(api: str, phone: str, slot: str | None = None, reason: str = "fault") -> dict[str, Any]:
    verification_id, code = verify(api, phone)
    response = post(
        api,
        "/callbacks/bookings",
        {
            "verificationId": verification_id,
            "code": code,
            "slot": slot or free_slots(api)[0]["startsAt"],
            "reason": reason,
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def booking(api: str, booking_id: str) -> dict[str, Any]:
    return dict(requests.get(f"{api}/callbacks/bookings/{booking_id}", timeout=30).json())
