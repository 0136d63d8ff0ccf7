"""The audience loader: every row stored with its fate, callable ones enqueued, re-runs safe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.campaigns import runs
from chalicelib.campaigns.audience import load_audience
from chalicelib.errors import InvalidInput
from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.screening import ListEntry, ScreeningList, add_entry
from chalicelib.tables import CampaignContactRecord
from tests.campaign.support import create_queues, queued_bodies, store_campaign

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
HEADER = "phone,language,name,locker,pickup_code,deadline"


def _rows(*lines: str) -> list[str]:
    return [HEADER + "\n", *(line + "\n" for line in lines)]


@pytest.fixture
def campaign(aws: None) -> str:
    create_queues()
    return store_campaign()


def _block(phone: str) -> None:
    add_entry(phone, ListEntry(ScreeningList.BLOCK, "fraud", "test", "tester", NOW), NOW)


def test_each_row_is_stored_with_its_fate_and_callable_ones_are_enqueued(campaign: str) -> None:
    _block("+12125550103")
    report = load_audience(
        campaign,
        _rows(
            "+1 (212) 555-0101,en-US,Alex,A-1,111,Friday",
            "212-555-0102,zh-CN,Sam,B-2,222,Friday",  # national format: invalid without a country
            "+12125550103,en-US,Blocked,C-3,333,Friday",
            "+12125550101,en-US,Alex again,A-1,111,Friday",
            "+12125550104,en-US,No locker,,444,Friday",
            "+8613800138001,zh-CN,王小明,东门12,736201,周五18点",
        ),
        now=NOW,
    )
    assert report.rows == 6
    assert report.duplicates == 1
    assert report.callable == 2
    assert report.refused == {"invalid_number": 1, "blacklisted": 1, "missing_variable": 1}
    states: dict[str, tuple[str, str | None]] = {
        c.phone: (c.state, c.reason) for c in CampaignContactRecord.query(campaign)
    }
    assert states["+12125550103"] == ("refused", "blacklisted")
    assert states["row#3"] == ("refused", "invalid_number")
    assert states["+12125550101"] == ("queued", None)
    assert states["+12125550104"] == ("refused", "missing_variable")  # an empty locker is not spoken
    chinese = CampaignContactRecord.get(campaign, "+8613800138001")
    assert "东门12" in (chinese.call_text or "") and chinese.voice == "Zhiyu"
    enqueued = queued_bodies(DIALLER_QUEUE_ENV)
    assert sorted(p for body in enqueued for p in body["phones"]) == ["+12125550101", "+8613800138001"]
    counters = runs.counters(campaign)
    assert counters["contacts.callable"] == 2
    assert counters["refused.blacklisted"] == 1


def test_a_missing_template_variable_refuses_that_row_only(campaign: str) -> None:
    report = load_audience(
        campaign,
        ["phone,language,name\n", "+12125550105,en-US,Only a name\n"],
        now=NOW,
    )
    assert report.refused == {"missing_variable": 1}
    assert report.callable == 0


def test_re_running_a_load_enqueues_nobody_twice(campaign: str) -> None:
    rows = _rows(
        "+12125550110,en-US,A,L1,1,Fri",
        "+12125550111,en-US,B,L2,2,Fri",
    )
    first = load_audience(campaign, rows, now=NOW)
    queued_bodies(DIALLER_QUEUE_ENV)  # the first run's messages were consumed
    second = load_audience(campaign, rows, now=NOW)
    assert first.callable == 2
    assert second.callable == 0 and second.already_loaded == 2
    assert queued_bodies(DIALLER_QUEUE_ENV) == []


def test_a_file_without_the_phone_column_is_refused_with_a_clear_message(campaign: str) -> None:
    with pytest.raises(InvalidInput, match="no 'phone' column"):
        load_audience(campaign, ["number,name\n", "+12125550101,A\n"], now=NOW)
