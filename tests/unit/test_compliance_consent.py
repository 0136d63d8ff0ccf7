"""Consent, opt-out and screening: who may not be called at all, per country and purpose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from chalicelib.campaigns.compliance import ConsentStatus, Refusal, dial_decision
from tests.unit.campaign_builders import campaign

if TYPE_CHECKING:
    from chalicelib.campaigns.definition import Campaign

BEIJING = "+8613800138011"
NEW_YORK = "+12125550142"
LONDON = "+442079460123"
NOW = datetime(2026, 6, 10, 4, 0, tzinfo=UTC)  # 12:00 in Beijing, 05:00 in London, 00:00 in New York
NOON_NEW_YORK = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)

MARKETING_MENU = {"8": {"action": "opt_out"}}


def marketing() -> Campaign:
    return campaign(purpose="marketing", menu=MARKETING_MENU)


def test_china_marketing_needs_recorded_consent() -> None:
    decision = dial_decision(BEIJING, marketing(), NOW)
    assert (decision.reason, decision.next_allowed_at) == (Refusal.NO_CONSENT, None)
    consented = ConsentStatus(marketing_consent_at=NOW - timedelta(days=30))
    assert dial_decision(BEIJING, marketing(), NOW, consent=consented).allowed


def test_a_refusal_stops_marketing_at_once_even_with_earlier_consent() -> None:
    refused = ConsentStatus(
        marketing_consent_at=NOW - timedelta(days=30), marketing_refused_at=NOW - timedelta(seconds=1)
    )
    decision = dial_decision(BEIJING, marketing(), NOW, consent=refused)
    assert (decision.reason, decision.next_allowed_at) == (Refusal.OPTED_OUT, None)


def test_consent_given_again_after_a_refusal_counts() -> None:
    again = ConsentStatus(
        marketing_refused_at=NOW - timedelta(days=30), marketing_consent_at=NOW - timedelta(days=1)
    )
    assert dial_decision(BEIJING, marketing(), NOW, consent=again).allowed


def test_a_marketing_refusal_does_not_stop_a_parcel_notice() -> None:
    refused = ConsentStatus(marketing_refused_at=NOW - timedelta(days=1))
    assert dial_decision(BEIJING, campaign(), NOW, consent=refused).allowed


def test_china_informational_and_collection_calls_need_no_marketing_consent() -> None:
    assert dial_decision(BEIJING, campaign(), NOW).allowed
    assert dial_decision(BEIJING, campaign(purpose="collection"), NOW).allowed


def test_us_prerecorded_marketing_needs_consent_too() -> None:
    assert dial_decision(NEW_YORK, marketing(), NOON_NEW_YORK).reason == Refusal.NO_CONSENT
    consented = ConsentStatus(marketing_consent_at=NOW - timedelta(days=1))
    assert dial_decision(NEW_YORK, marketing(), NOON_NEW_YORK, consent=consented).allowed


def test_the_default_pack_only_applies_the_campaign_configuration() -> None:
    assert dial_decision(LONDON, marketing(), NOW).allowed


@pytest.mark.parametrize("purpose", ["marketing", "informational", "collection"])
def test_an_opt_out_on_any_channel_stops_every_campaign(purpose: str) -> None:
    opted_out = ConsentStatus(
        marketing_consent_at=NOW - timedelta(days=9), opted_out_at=NOW - timedelta(minutes=1)
    )
    menu = MARKETING_MENU if purpose == "marketing" else None
    decision = dial_decision(BEIJING, campaign(purpose=purpose, menu=menu), NOW, consent=opted_out)
    assert (decision.allowed, decision.reason, decision.next_allowed_at) == (False, Refusal.OPTED_OUT, None)


def test_an_opt_out_recorded_for_the_future_does_not_apply_yet() -> None:
    later = ConsentStatus(opted_out_at=NOW + timedelta(minutes=1))
    assert dial_decision(BEIJING, campaign(), NOW, consent=later).allowed


def test_the_screening_verdict_is_passed_through_as_the_reason() -> None:
    decision = dial_decision(NEW_YORK, campaign(), NOON_NEW_YORK, screening_refusal="blacklisted")
    assert (decision.allowed, decision.reason, decision.next_allowed_at) == (False, "blacklisted", None)


@pytest.mark.parametrize("number", ["", "hello", "+1 555", "+15550100123"])
def test_an_invalid_number_is_refused_with_its_reason(number: str) -> None:
    decision = dial_decision(number, campaign(), NOW)
    assert (decision.allowed, decision.reason, decision.next_allowed_at) == (
        False,
        Refusal.INVALID_NUMBER,
        None,
    )


def test_a_decision_records_as_json_friendly_data() -> None:
    decision = dial_decision(BEIJING, marketing(), NOW)
    assert decision.to_record() == {
        "allowed": False,
        "reason": "no_consent",
        "permanent": True,
        "next_allowed_at": None,
        "detail": "china: marketing needs recorded consent",
        "rule_pack": "china",
        "time_zones": [],
    }


def test_refusals_no_wait_cures_are_permanent_and_a_closed_window_is_waiting() -> None:
    assert dial_decision(BEIJING, marketing(), NOW).outlook == "never"  # no consent
    blacklisted = dial_decision(NEW_YORK, campaign(), NOON_NEW_YORK, screening_refusal="blacklisted")
    assert (blacklisted.outlook, blacklisted.permanent) == ("never", True)
    night = dial_decision(NEW_YORK, campaign(), NOW)  # midnight in New York
    assert (night.reason, night.outlook, night.permanent) == (Refusal.OUTSIDE_WINDOW, "waiting", False)
    assert dial_decision(BEIJING, campaign(), NOW).outlook == "call_now"
