"""The EventBridge Scheduler adapter: one-time ``at(...)`` schedules for booked callbacks.

Per booking: ``callback-<booking id>`` fires ``fire_callback`` at the slot's start with
``{"bookingId", "attempt": 1}``; a retry after a missed call is ``callback-<id>-<attempt>``;
``reminder-<booking id>`` fires ``send_callback_reminder`` with ``{"bookingId"}`` the configured
lead time before. Schedules delete themselves after firing; a cancelled booking's are deleted, a
moved booking's are moved. The handlers re-read the booking, so a stray schedule does nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from chalicelib.callbacks.settings import CallbackSettings

_NOT_FOUND = "ResourceNotFoundException"
_EXISTS = "ConflictException"
#: Shortest lead the service is worth asking for: a reminder due sooner is not sent.
_MIN_LEAD = timedelta(seconds=60)


@lru_cache(maxsize=1)
def _client() -> Any:
    import boto3

    return boto3.client("scheduler")


def forget_client() -> None:
    _client.cache_clear()


def callback_schedule_name(booking_id: str, attempt: int = 1) -> str:
    return f"callback-{booking_id}" if attempt <= 1 else f"callback-{booking_id}-{attempt}"


def reminder_schedule_name(booking_id: str) -> str:
    return f"reminder-{booking_id}"


def at_expression(moment: datetime) -> str:
    """``at(2026-01-05T01:30:00)`` in UTC (the schedules' ScheduleExpressionTimezone)."""
    from datetime import UTC

    return f"at({moment.astimezone(UTC):%Y-%m-%dT%H:%M:%S})"


def _request(
    name: str,
    when: datetime,
    target_arn: str,
    payload: dict[str, Any],
    settings: CallbackSettings,
    purpose: str,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "Name": name,
        "GroupName": settings.schedule_group,
        "ScheduleExpression": at_expression(when),
        "ScheduleExpressionTimezone": "UTC",
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "ActionAfterCompletion": "DELETE",
        "Description": purpose,
        "Target": {
            "Arn": target_arn,
            "RoleArn": settings.target("scheduler_role_arn"),
            "Input": json.dumps(payload, separators=(",", ":")),
            # A late delivery is useless after the slot: give up within the slot's length.
            "RetryPolicy": {
                "MaximumEventAgeInSeconds": max(60, settings.slot_minutes * 60),
                "MaximumRetryAttempts": 3,
            },
        },
    }
    dead_letters = dead_letter_arn(settings)
    if dead_letters:  # what the Scheduler could not deliver is kept there, and alarms
        request["Target"]["DeadLetterConfig"] = {"Arn": dead_letters}
    return request


def dead_letter_arn(settings: CallbackSettings) -> str | None:
    """The schedule group's dead-letter queue, in the callback function's partition, region and
    account (``arn:<partition>:lambda:<region>:<account>:function:<name>``)."""
    from chalicelib.resources import schedule_dead_letter_queue_name

    parts = settings.callback_function_arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda":
        return None
    queue = schedule_dead_letter_queue_name(settings.schedule_group)
    return f"arn:{parts[1]}:sqs:{parts[3]}:{parts[4]}:{queue}"


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _put(request: dict[str, Any]) -> None:
    """Create the schedule, or move it if it already exists (a retried booking request)."""
    from botocore.exceptions import ClientError

    try:
        _client().create_schedule(**request)
    except ClientError as error:
        if _error_code(error) != _EXISTS:
            raise
        _client().update_schedule(**request)


def _delete(name: str, settings: CallbackSettings) -> bool:
    from botocore.exceptions import ClientError

    try:
        _client().delete_schedule(Name=name, GroupName=settings.schedule_group)
        return True
    except ClientError as error:
        if _error_code(error) != _NOT_FOUND:
            raise
        return False


def schedule_call(booking_id: str, at: datetime, settings: CallbackSettings, attempt: int = 1) -> str:
    """Fire ``fire_callback`` for this attempt at ``at``; returns the schedule's name."""
    name = callback_schedule_name(booking_id, attempt)
    payload = {"bookingId": booking_id, "attempt": attempt}
    _put(_request(name, at, settings.target("callback_function_arn"), payload, settings, "booked callback"))
    return name


def recheck_schedule_name(booking_id: str, attempt: int) -> str:
    return f"recheck-{booking_id}-{attempt}"


def schedule_recheck(booking_id: str, at: datetime, settings: CallbackSettings, attempt: int) -> str:
    """Fire ``fire_callback`` for this attempt again at ``at``: a delivery found the attempt's call
    neither confirmed nor listed yet, and looks again once Connect would list it."""
    name = recheck_schedule_name(booking_id, attempt)
    payload = {"bookingId": booking_id, "attempt": attempt}
    target = settings.target("callback_function_arn")
    _put(_request(name, at, target, payload, settings, "callback call recheck"))
    return name


def schedule_reminder(
    booking_id: str, starts_at: datetime, settings: CallbackSettings, now: datetime
) -> bool:
    """Remind the customer by SMS ``reminder_minutes`` before; False when that time has passed."""
    name = reminder_schedule_name(booking_id)
    if settings.reminder_minutes <= 0:
        return False
    when = starts_at - timedelta(minutes=settings.reminder_minutes)
    if when - now < _MIN_LEAD:
        _delete(name, settings)
        return False
    _put(
        _request(
            name,
            when,
            settings.target("reminder_function_arn"),
            {"bookingId": booking_id},
            settings,
            "callback reminder",
        )
    )
    return True


def schedule_booking(booking_id: str, starts_at: datetime, settings: CallbackSettings, now: datetime) -> str:
    """The call and its reminder for a new or moved booking; returns the call schedule's name."""
    name = schedule_call(booking_id, starts_at, settings)
    schedule_reminder(booking_id, starts_at, settings, now)
    return name


def unschedule_booking(
    booking_id: str, settings: CallbackSettings, extra_names: tuple[str, ...] = ()
) -> None:
    """Delete every schedule the booking may have; missing ones are fine."""
    names = {callback_schedule_name(booking_id), reminder_schedule_name(booking_id), *extra_names}
    for name in sorted(names):
        _delete(name, settings)


def describe(name: str, settings: CallbackSettings) -> dict[str, Any] | None:
    """The schedule as the service holds it, or None (for tests, the demo and the runner)."""
    from botocore.exceptions import ClientError

    try:
        return dict(_client().get_schedule(Name=name, GroupName=settings.schedule_group))
    except ClientError as error:
        if _error_code(error) != _NOT_FOUND:
            raise
        return None
