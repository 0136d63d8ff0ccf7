"""The marketers' console routes through the Chalice app (moto tables): the campaign list, the
templates from prompts/, a campaign created from its definition alone, and the audience check
that reports every row and stores nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from chalice.test import Client

from chalicelib import clock
from chalicelib.campaigns import overview
from chalicelib.screening import ListEntry, ScreeningList, add_entry
from chalicelib.tables import CampaignContactRecord, CustomerRecord
from local.campaign_driver import OPEN_HOURS, campaign_body
from local.connect_simulator.function_app import load_chalice_app
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

NOW = datetime.fromtimestamp(OPEN_HOURS, UTC)  # Wednesday 10:00 in New York, 23:00 in Beijing
HEADER = "phone,language,name,locker,pickup_code,deadline\n"


@pytest.fixture
def client(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Client]:
    monkeypatch.setattr(clock, "source", lambda: OPEN_HOURS)
    with Client(load_chalice_app()) as test_client:
        yield signed_in(test_client, "marketer")


def _call(
    client: Client, method: str, path: str, body: Any = None, content_type: str = "application/json"
) -> Any:
    payload = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
    response = client.http.request(method, path, headers={"Content-Type": content_type}, body=payload)
    return response.status_code, json.loads(response.body) if response.body else None


def _create(client: Client, name: str = "parcel-arrival", **overrides: Any) -> str:
    definition = campaign_body(name, **overrides)["campaign"]
    status, created = _call(client, "POST", "/campaigns", {"campaign": definition})
    assert status == 201, created
    return str(created["id"])


def test_a_campaign_created_from_its_definition_alone_takes_its_texts_from_prompts(client: Client) -> None:
    campaign_id = _create(client, id="parcel-console")
    status, shown = _call(client, "GET", f"/campaigns/{campaign_id}")
    assert status == 200
    assert shown["status"] == "draft" and shown["definition"]["purpose"] == "informational"
    assert shown["live"]["dialled"] == 0 and shown["not_yet_called"]["counts"] == {}

    status, refused = _call(
        client,
        "POST",
        "/campaigns",
        {
            "campaign": {
                **campaign_body()["campaign"],
                "id": "bad-window",
                "calling_window": {"start": "25:00", "end": "20:00"},
            }
        },
    )
    assert status == 400
    assert refused["error"]["message"].startswith("body.campaign.calling_window.start:")


def test_the_list_pages_through_every_campaign_once_with_status_and_progress(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overview, "PAGE_SIZE", 2)
    created = {_create(client, id=f"parcel-{n}") for n in range(3)}
    _call(client, "POST", "/campaigns/parcel-1/stop")
    listed: list[dict[str, Any]] = []
    cursor = ""
    for _ in range(5):
        status, page = _call(client, "GET", "/campaigns" + (f"?next={cursor}" if cursor else ""))
        assert status == 200 and len(page["campaigns"]) <= 2
        listed += page["campaigns"]
        cursor = page["next"] or ""
        if not cursor:
            break
    assert sorted(item["id"] for item in listed) == sorted(created)
    by_id = {item["id"]: item for item in listed}
    assert by_id["parcel-1"]["status"] == "stopped" and by_id["parcel-0"]["status"] == "draft"
    assert by_id["parcel-0"]["progress"] == 0.0
    assert _call(client, "GET", "/campaigns?next=forged")[0] == 400


def test_the_templates_are_the_campaign_messages_in_prompts_with_the_columns_they_fill(
    client: Client,
) -> None:
    status, body = _call(client, "GET", "/campaign-templates")
    assert status == 200
    by_name = {item["name"]: item for item in body["templates"]}
    parcel = by_name["parcel-arrival"]
    assert parcel["message_template"] == "campaign-parcel-arrival"
    assert parcel["sms_template"] == "campaign-parcel-arrival-sms"
    assert parcel["languages"] == ["en-US", "zh-CN"]
    assert {"locker", "pickup_code"} <= set(parcel["columns"])
    assert "menu-prompt" not in by_name and "sms-opt-out" not in by_name


def test_the_audience_check_reports_each_row_and_stores_nothing(client: Client) -> None:
    campaign_id = _create(client, id="parcel-check")
    add_entry(
        "+12125550133",
        ListEntry(ScreeningList.BLOCK, "abusive", "test", "supervisor1", NOW),
        NOW,
    )
    audience = HEADER + (
        "+12125550131,en-US,Ana,A-1,111,Friday\n"  # callable now (10:00 in New York)
        "not a number,en-US,Bo,B-2,222,Friday\n"
        "+12125550131,en-US,Ana again,A-1,111,Friday\n"  # the same number as line 2
        "+12125550132,en-US,Cy,,333,Friday\n"  # no locker: the message cannot be rendered
        "+12125550133,en-US,Di,D-4,444,Friday\n"  # blacklisted
        "+8613800138031,zh-CN,Wang,E-5,555,周五\n"  # 23:00 in Beijing: tomorrow
        ",en-US,Ed,F-6,666,Friday\n"
    )
    status, report = _call(
        client, "POST", f"/campaigns/{campaign_id}/audience/check", audience.encode(), "text/csv"
    )
    assert status == 200, report
    rows = {row["line"]: row for row in report["rows"]}
    assert (rows[2]["status"], rows[2]["callable_today"]) == ("call_now", True)
    assert (rows[3]["status"], rows[3]["reason"]) == ("rejected", "invalid_number")
    assert (rows[4]["status"], rows[4]["detail"]) == ("duplicate", "the same number as line 2")
    assert (rows[5]["status"], rows[5]["reason"]) == ("rejected", "missing_variable")
    assert "locker" in rows[5]["detail"]
    assert (rows[6]["status"], rows[6]["reason"], rows[6]["permanent"]) == ("never", "blacklisted", True)
    assert (rows[7]["status"], rows[7]["reason"], rows[7]["callable_today"]) == (
        "waiting",
        "outside_window",
        False,
    )
    assert rows[7]["next_at"] == "2026-11-26T01:00:00+00:00"  # 09:00 in Beijing
    assert (rows[8]["status"], rows[8]["reason"]) == ("rejected", "missing_phone")
    assert report["summary"] == {
        "rows": 7,
        "callable": 2,
        "call_now": 1,
        "rejected": {"invalid_number": 1, "missing_variable": 1, "missing_phone": 1},
        "duplicates": 1,
        "on_lists": {"blacklisted": 1},
        "never": {"blacklisted": 1},
        "waiting": {"outside_window": 1},
        "outside_window_today": 1,
    }
    assert list(CampaignContactRecord.query(campaign_id)) == []
    _, shown = _call(client, "GET", f"/campaigns/{campaign_id}")
    assert shown["status"] == "draft" and shown["counters"] == {}


def test_a_marketing_dry_run_says_never_for_want_of_consent_and_reads_recorded_consent(
    client: Client,
) -> None:
    campaign_id = _create(client, "birthday-greeting", id="birthday-check")
    CustomerRecord("+8613800138042", consent={"marketing_voice": True}, created_at=NOW, updated_at=NOW).save()
    audience = "phone,language,name\n+8613800138041,zh-CN,Chen\n+8613800138042,zh-CN,Liu\n"
    status, report = _call(
        client, "POST", f"/campaigns/{campaign_id}/audience/check", audience.encode(), "text/csv"
    )
    assert status == 200, report
    first, second = report["rows"]
    assert (first["status"], first["reason"], first["permanent"]) == ("never", "no_consent", True)
    assert second["status"] == "waiting" and not second["permanent"]  # consent; 23:00 in Beijing


def test_an_audience_without_the_phone_column_is_refused_whole(client: Client) -> None:
    campaign_id = _create(client, id="parcel-header")
    status, body = _call(
        client,
        "POST",
        f"/campaigns/{campaign_id}/audience/check",
        b"number,name\n+12125550131,Ana\n",
        "text/csv",
    )
    assert (status, body["error"]["code"]) == (400, "invalid_csv")


def test_live_figures_read_the_counters_as_a_marketer_does() -> None:
    counters = {
        "calls.placed": 9,
        "outcome.key_pressed": 3,
        "outcome.completed": 2,
        "outcome.hung_up_early": 1,
        "outcome.no_answer": 3,
        "key.2": 2,
        "key.8": 1,
        "sms.sent": 4,
        "refused.opted_out": 2,
        "refused.blacklisted": 1,
        "contacts.callable": 8,
        "contacts.finished": 7,
    }
    menu = {"2": {"action": "confirm"}, "8": {"action": "opt_out"}}
    assert overview.live_figures(counters, menu) == {
        "callable": 8,
        "finished": 7,
        "dialled": 9,
        "answered": 6,
        "keys_pressed": 3,
        "sms_fallbacks": 4,
        "opt_outs": 3,
        "refused": 3,
        "duplicates": 0,
    }
