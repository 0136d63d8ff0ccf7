"""A STOP or 退订 reply opts the number out of every channel, with proof; other replies do not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from chalice.test import Client

from chalicelib.screening import Purpose, read_entries, screen_number
from chalicelib.screening.lists import ScreeningList
from chalicelib.sms_replies import handle_inbound_sms, is_opt_out
from tests.functional.sms_support import inbound_sms_event
from tests.functional.tickets_support import function_app

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["STOP", "stop", " Stop. ", "退订", "TD", "UNSUBSCRIBE"])
def test_opt_out_keywords_are_recognised(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize("text", ["3", "please stop calling at night", "OK", ""])
def test_other_replies_are_not_opt_outs(text: str) -> None:
    assert not is_opt_out(text)


def test_a_stop_reply_is_recorded_with_its_proof_and_stops_marketing(aws: None) -> None:
    assert handle_inbound_sms("+8613800138021", "退订", now=NOW) == "opted_out"
    entry = read_entries("+8613800138021")[ScreeningList.OPTOUT]
    assert (entry.source, entry.added_at, entry.reason) == ("sms_reply", NOW, "SMS reply: 退订")
    verdict = screen_number("+8613800138021", Purpose.OUTBOUND_MARKETING, now=NOW)
    assert (verdict.verdict.value, verdict.reason.value) == ("refuse", "opted_out")


def test_a_digit_without_a_survey_changes_nothing(aws: None) -> None:
    assert handle_inbound_sms("+12125550199", "4", now=NOW) == "no_survey"
    assert read_entries("+12125550199") == {}


@pytest.mark.parametrize(("phone", "body"), [("+8613800138022", "退订"), ("+12125550123", "STOP")])
def test_a_stop_sms_delivered_by_the_inbound_sms_topic_opts_the_sender_out(
    aws: None, phone: str, body: str
) -> None:
    event = inbound_sms_event(phone, body)
    with Client(function_app()) as client:
        answer = client.lambda_.invoke("receive_sms_reply", event).payload
    assert answer == {"results": ["opted_out"]}
    entry = read_entries(phone)[ScreeningList.OPTOUT]
    assert (entry.source, entry.reason) == ("sms_reply", f"SMS reply: {body}")
    verdict = screen_number(phone, Purpose.OUTBOUND_MARKETING)
    assert (verdict.verdict.value, verdict.reason.value) == ("refuse", "opted_out")
