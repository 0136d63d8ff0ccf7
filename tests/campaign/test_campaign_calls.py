"""Outbound campaigns end to end on the local stack: the REST API, the audience in S3, the loader,
the dialler, the Connect simulator running the outbound flow against scripted callees, contact
events through their queue, SMS fallback and retries."""

from __future__ import annotations

import json

import pytest

from chalicelib.screening import ListEntry, ScreeningList, add_entry
from local.campaign_driver import CampaignCentre
from local.connect_simulator import Party

HEADER = "phone,language,name,locker,pickup_code,deadline\n"


def _audience(*phones: str) -> str:
    return HEADER + "".join(
        f"{phone},en-US,Guest {n},A-{n},{100 + n},Friday\n" for n, phone in enumerate(phones)
    )


def test_every_outcome_is_recorded_and_the_unreached_get_the_text_once_by_sms(centre: CampaignCentre) -> None:
    callees = {
        "+12125550121": Party.answers(presses=["2"]),
        "+12125550122": Party.no_answer(),
        "+12125550123": Party.busy_line(),
        "+12125550124": Party.voicemail_box(),
        "+12125550125": Party.hangs_up(after_s=3),
        "+12125550126": Party.answers(),
    }
    for phone, party in callees.items():
        centre.sim.script_callee(phone, party)
    centre.duplicate_events = True  # EventBridge and SQS deliver at least once: every event twice here
    campaign = centre.create_and_launch("parcel-arrival", _audience(*callees), retries={"max_attempts": 1})
    centre.run()

    contacts = centre.contacts(campaign)
    outcomes = {phone: contacts[phone]["outcome"] for phone in callees}
    assert outcomes == {
        "+12125550121": "key_pressed",
        "+12125550122": "no_answer",
        "+12125550123": "busy",
        "+12125550124": "voicemail",
        "+12125550125": "hung_up_early",
        "+12125550126": "completed",
    }
    assert contacts["+12125550121"]["pressed_key"] == "2"
    for phone in ("+12125550122", "+12125550123", "+12125550124", "+12125550125"):
        texts = centre.sms_to(phone)
        assert len(texts) == 1, f"{phone} got {len(texts)} SMS"
        assert "locker" in texts[0] and "STOP" in texts[0].upper()
    for phone in ("+12125550121", "+12125550126"):
        assert centre.sms_to(phone) == []
    for phone in callees:
        assert len(centre.calls_to(phone)) == 1
    status = centre.status(campaign)
    assert status["status"] == "completed"
    assert status["counters"]["outcome.busy"] == 1
    assert status["counters"]["sms.sent"] == 4
    assert status["progress"] == 1.0


def test_blacklisted_and_opted_out_numbers_are_never_dialled(centre: CampaignCentre) -> None:
    now = centre.sim.clock.now()
    add_entry("+12125550131", ListEntry(ScreeningList.BLOCK, "abuse", "test", "tester", now), now)
    add_entry("+12125550132", ListEntry(ScreeningList.OPTOUT, "STOP", "sms", "callee", now), now)
    campaign = centre.create_and_launch(
        "parcel-arrival", _audience("+12125550131", "+12125550132", "+12125550133"), id="parcel-screened"
    )
    centre.run()
    assert centre.calls_to("+12125550131") == [] and centre.calls_to("+12125550132") == []
    assert len(centre.calls_to("+12125550133")) == 1
    contacts = centre.contacts(campaign)
    assert (contacts["+12125550131"]["state"], contacts["+12125550131"]["reason"]) == (
        "refused",
        "blacklisted",
    )
    assert contacts["+12125550132"]["state"] == "refused"


def test_a_missed_call_is_retried_after_the_campaign_delay(centre: CampaignCentre) -> None:
    centre.sim.script_callee("+12125550141", Party.no_answer())
    campaign = centre.create_and_launch(
        "parcel-arrival",
        _audience("+12125550141"),
        id="parcel-retry",
        retries={"max_attempts": 2, "delay_minutes": 30},
    )
    centre.run()
    assert len(centre.calls_to("+12125550141")) == 1
    assert centre.contacts(campaign)["+12125550141"]["state"] == "waiting"
    centre.sim.clock.advance(31 * 60)
    centre.run()
    assert len(centre.calls_to("+12125550141")) == 2
    contact = centre.contacts(campaign)["+12125550141"]
    assert (contact["state"], contact["attempts"]) == ("done", 2)
    assert len(centre.sms_to("+12125550141")) == 1  # the fallback goes once per contact, not per attempt


def test_calls_wait_for_the_callees_calling_window(centre: CampaignCentre) -> None:
    # 15:00 UTC is 23:00 in Beijing: outside the 09:00-20:00 window, so the call waits for morning.
    centre.sim.script_callee("+8613800138005", Party.answers())
    audience = HEADER + "+8613800138005,zh-CN,王小明,东门12,736201,周五\n"
    campaign = centre.create_and_launch("parcel-arrival", audience, id="parcel-window")
    centre.run()
    assert centre.calls_to("+8613800138005") == []
    contact = centre.contacts(campaign)["+8613800138005"]
    assert contact["state"] == "waiting"
    assert contact["next_attempt_at"].startswith("2026-11-26T01:00")  # 09:00 Beijing
    centre.sim.clock.advance(10 * 3600)
    centre.run()
    assert len(centre.calls_to("+8613800138005")) == 1


def test_a_full_connect_quota_delays_contacts_without_losing_any(centre: CampaignCentre) -> None:
    centre.sim.max_concurrent_calls = 2  # Connect answers LimitExceededException past two lines
    phones = [f"+121255501{50 + n}" for n in range(6)]
    for phone in phones:
        centre.sim.script_callee(phone, Party.answers(after_s=1))
    campaign = centre.create_and_launch(
        "parcel-arrival",
        _audience(*phones),
        id="parcel-quota",
        pacing={"max_concurrent_calls": 10, "calls_per_second": 10},
    )
    for _ in range(10):
        centre.run()
        centre.sim.clock.advance(5)
    assert centre.sim.peak_concurrent_calls <= 2
    assert all(len(centre.calls_to(phone)) == 1 for phone in phones)
    assert {row["outcome"] for row in centre.contacts(campaign).values()} == {"completed"}


def test_contacts_beyond_the_campaigns_lines_wait_and_are_called_as_lines_free(
    centre: CampaignCentre,
) -> None:
    phones = [f"+121255501{80 + n}" for n in range(7)]
    for phone in phones:
        centre.sim.script_callee(phone, Party.answers(after_s=1))
    campaign = centre.create_and_launch(
        "parcel-arrival",
        _audience(*phones),
        id="parcel-lines",
        pacing={"max_concurrent_calls": 2, "calls_per_second": 5},
    )
    centre.run(rounds=1)
    assert sum(len(centre.calls_to(phone)) for phone in phones) == 2  # two lines, the rest wait
    centre.run()  # every call that ends wakes the oldest waiting contacts
    assert centre.sim.peak_concurrent_calls == 2
    assert all(len(centre.calls_to(phone)) == 1 for phone in phones)
    assert centre.status(campaign)["status"] == "completed"


def test_the_opt_out_key_stops_every_later_call_to_that_number(centre: CampaignCentre) -> None:
    from datetime import timedelta

    from chalicelib import customers
    from chalicelib.screening import read_entries
    from chalicelib.tables import CustomerRecord

    phone = "+12125550191"
    customers.put_customer(phone, {"name": "Kim", "consent": {"marketing_voice": True}})
    # consent recorded before the campaign's (virtual) today
    CustomerRecord(phone).update(
        actions=[CustomerRecord.updated_at.set(centre.sim.clock.now() - timedelta(days=1))]
    )
    centre.sim.script_callee(phone, Party.answers(presses=["8"]))
    greeting = centre.create_and_launch("birthday-greeting", f"phone,language,name\n{phone},en-US,Kim\n")
    centre.run()
    contact = centre.contacts(greeting)[phone]
    assert (contact["outcome"], contact["pressed_key"]) == ("key_pressed", "8"), contact
    assert "optout" in {entry.value for entry in read_entries(phone)}

    parcels = centre.create_and_launch("parcel-arrival", _audience(phone), id="parcel-after-opt-out")
    centre.run()
    assert len(centre.calls_to(phone)) == 1  # only the greeting: nothing after the opt-out
    refused = centre.contacts(parcels)[phone]
    assert (refused["state"], refused["reason"]) == ("refused", "opted_out")


def test_a_campaign_with_answering_machine_detection_dials_campaign_traffic_and_one_without_does_not(
    centre: CampaignCentre,
) -> None:
    detecting = centre.create_and_launch("parcel-arrival", _audience("+12125550171"), id="parcel-amd-on")
    plain = centre.create_and_launch(
        "parcel-arrival", _audience("+12125550172"), id="parcel-amd-off", answering_machine_detection=False
    )
    centre.run()
    sent = {
        params["DestinationPhoneNumber"]: params
        for operation, params in centre.connect_api.accepted
        if operation == "StartOutboundVoiceContact"
    }
    assert sent["+12125550171"]["TrafficType"] == "CAMPAIGN"
    assert sent["+12125550171"]["AnswerMachineDetectionConfig"]["EnableAnswerMachineDetection"] is True
    assert "TrafficType" not in sent["+12125550172"]
    assert "AnswerMachineDetectionConfig" not in sent["+12125550172"]
    assert centre.contacts(detecting)["+12125550171"]["outcome"] == "completed"
    assert centre.contacts(plain)["+12125550172"]["outcome"] == "completed"


def test_the_transfer_key_queues_the_callee_in_the_campaigns_named_queue(
    centre: CampaignCentre, monkeypatch: pytest.MonkeyPatch
) -> None:
    courier = centre.sim.add_queue("courier").rsplit("/", 1)[-1]  # parcel-arrival: "3" -> queue courier
    monkeypatch.setenv("CONNECT_QUEUE_IDS", json.dumps({"courier": courier}))
    centre.sim.script_callee("+12125550173", Party.answers(presses=["3"]))
    campaign = centre.create_and_launch("parcel-arrival", _audience("+12125550173"), id="parcel-courier")
    centre.run()
    [call] = centre.calls_to("+12125550173")
    assert call.queue_name == "courier"
    assert call.attributes["transferredToAgent"] == "true"
    assert centre.contacts(campaign)["+12125550173"]["outcome"] == "key_pressed"
