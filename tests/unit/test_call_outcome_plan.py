"""What follows a campaign call (call_outcome_plan.plan_outcome): retry, opt-out, SMS, counters; no moto."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.call_outcome_plan import classify, plan_outcome
from tests.unit.campaign_builders import campaign, utc

NOW = utc(2026, 1, 5, 9)
ANSWERED = {"connectedToSystemTimestamp": "2026-01-05T09:00:05Z"}
HEARD = {"messageHeard": "true"}
NOT_ANSWERED: dict[str, str] = {}
CAMPAIGN = campaign(
    menu={"1": {"action": "opt_out"}, "2": {"action": "confirm"}},
    sms={"template": "campaign-parcel-arrival-sms", "send_on": ["no_answer", "voicemail"]},
    retries={"max_attempts": 3, "delay_minutes": 60, "retry_on": ["no_answer", "busy"]},
)


def test_the_event_and_the_flows_attributes_name_the_outcome() -> None:
    assert classify({"answeringMachineDetectionStatus": "VOICEMAIL_BEEP"}, {}) == "voicemail"
    assert classify({"disconnectReason": "TELECOM_BUSY"}, {}) == "busy"
    assert classify({"disconnectReason": "OUTBOUND_ATTEMPT_FAILED"}, {}) == "failed"
    assert classify(NOT_ANSWERED, {}) == "no_answer"
    assert classify(ANSWERED, {}) == "hung_up_early"
    assert classify(ANSWERED, {**HEARD, "menuResult": "key", "pressedKey": "2"}) == "key_pressed"
    assert classify(ANSWERED, HEARD) == "completed"


def test_a_missed_call_with_attempts_left_is_retried_after_the_delay_and_texted() -> None:
    plan = plan_outcome(NOT_ANSWERED, {}, CAMPAIGN, status="running", attempt=1, now=NOW)
    assert (plan.outcome, plan.retry_at, plan.state, plan.send_sms) == (
        "no_answer",
        NOW + timedelta(hours=1),
        "waiting",
        True,
    )
    assert plan.figures == {"outcome.no_answer": 1}


def test_the_last_attempt_finishes_the_contact() -> None:
    plan = plan_outcome(NOT_ANSWERED, {}, CAMPAIGN, status="running", attempt=3, now=NOW)
    assert (plan.retry_at, plan.state) == (None, "done")
    assert plan.figures == {"outcome.no_answer": 1, "contacts.finished": 1}


@pytest.mark.parametrize(("status", "retried"), [("running", True), ("paused", True), ("stopped", False)])
def test_only_a_running_or_paused_campaign_calls_again(status: str, retried: bool) -> None:
    plan = plan_outcome({"disconnectReason": "TELECOM_BUSY"}, {}, CAMPAIGN, status=status, attempt=1, now=NOW)
    assert (plan.retry_at is not None) is retried
    assert plan.send_sms is False  # busy is not one of this campaign's SMS outcomes


def test_an_outcome_the_campaign_does_not_retry_finishes_the_contact() -> None:
    plan = plan_outcome(ANSWERED, HEARD, CAMPAIGN, status="running", attempt=1, now=NOW)
    assert (plan.outcome, plan.retry_at, plan.send_sms) == ("completed", None, False)


def test_the_opt_out_key_is_recorded_as_an_opt_out_and_counted_as_its_key() -> None:
    pressed = {**HEARD, "menuResult": "key", "pressedKey": "1"}
    plan = plan_outcome(ANSWERED, pressed, CAMPAIGN, status="running", attempt=1, now=NOW)
    assert (plan.outcome, plan.pressed_key, plan.opt_out) == ("key_pressed", "1", True)
    assert plan.figures == {"outcome.key_pressed": 1, "contacts.finished": 1, "key.1": 1}


def test_another_key_is_no_opt_out_and_a_key_is_only_kept_when_it_is_the_outcome() -> None:
    pressed = {**HEARD, "menuResult": "key", "pressedKey": "2"}
    assert plan_outcome(ANSWERED, pressed, CAMPAIGN, status="running", attempt=1, now=NOW).opt_out is False
    hung_up = plan_outcome(ANSWERED, {"pressedKey": "1"}, CAMPAIGN, status="running", attempt=1, now=NOW)
    assert (hung_up.outcome, hung_up.pressed_key, hung_up.opt_out) == ("hung_up_early", None, False)


def test_a_campaign_without_sms_never_texts() -> None:
    silent = campaign(retries={"max_attempts": 1, "delay_minutes": 0, "retry_on": ["no_answer"]})
    assert plan_outcome(NOT_ANSWERED, {}, silent, status="running", attempt=1, now=NOW).send_sms is False
