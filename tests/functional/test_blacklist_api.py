"""The screening API and the inbound flow's Lambda, through the Chalice app (moto tables)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from chalice.test import Client

from local.connect_simulator.function_app import load_chalice_app
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

CALLER = "+12125550142"
PATH = "/blacklist/%2B12125550142"


@pytest.fixture
def client(aws: None) -> Iterator[Client]:
    with Client(load_chalice_app()) as test_client:
        yield signed_in(test_client)


def _json(client: Client, method: str, path: str, body: Any = None, **headers: str) -> tuple[int, Any]:
    send = getattr(client.http, method)
    kwargs: dict[str, Any] = {"headers": {"Content-Type": "application/json", **headers}}
    if body is not None:
        kwargs["body"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
    response = send(path, **kwargs)
    return response.status_code, json.loads(response.body) if response.body else None


def connect_event(address: str | None, **parameters: str) -> dict[str, Any]:
    """The event Amazon Connect's "Invoke AWS Lambda function" block sends."""
    return {
        "Name": "ContactFlowEvent",
        "Details": {
            "ContactData": {
                "Attributes": {"language": "en-US"},
                "Channel": "VOICE",
                "ContactId": "4a573372-1f28-4e26-b97b-000000000001",
                "CustomerEndpoint": {"Address": address, "Type": "TELEPHONE_NUMBER"} if address else None,
                "InitialContactId": "4a573372-1f28-4e26-b97b-000000000001",
                "InitiationMethod": "INBOUND",
                "InstanceARN": "arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-0000-0000-000000000000",
                "PreviousContactId": "4a573372-1f28-4e26-b97b-000000000001",
                "Queue": None,
                "SystemEndpoint": {"Address": "+12125550100", "Type": "TELEPHONE_NUMBER"},
            },
            "Parameters": parameters,
        },
    }


def _invoke(client: Client, event: dict[str, Any]) -> dict[str, Any]:
    payload = client.lambda_.invoke("screen_caller", event).payload
    assert isinstance(payload, dict)
    return payload


def test_a_number_put_on_a_list_reads_back_and_comes_off_again(client: Client) -> None:
    status, body = _json(client, "put", PATH, {"list": "dnc", "reason": "asked on the phone"})
    assert status == 200
    assert body["lists"]["dnc"]["reason"] == "asked on the phone"
    _json(client, "put", PATH, {"list": "block", "reason": "fraud", "expires_at": "2099-01-01"})
    status, body = _json(client, "get", PATH)
    assert (status, sorted(body["lists"])) == (200, ["block", "dnc"])
    assert body["lists"]["block"]["expires_at"] == "2099-01-02T00:00:00+00:00"
    status, body = _json(client, "delete", PATH + "?list=dnc")
    assert (status, body["removed"]) == (200, ["dnc"])
    assert sorted(_json(client, "get", PATH)[1]["lists"]) == ["block"]
    assert _json(client, "delete", PATH)[1]["removed"] == ["block"]
    assert _json(client, "get", PATH)[0] == 404


@pytest.mark.parametrize(
    ("method", "path", "body", "code"),
    [
        ("put", PATH, {"list": "vip"}, "unknown_list"),
        ("put", PATH, {"reason": "no list"}, "invalid_input"),
        ("put", PATH, {"list": "dnc", "expires_at": "2001-01-01"}, "invalid_expiry"),
        ("put", PATH, {"list": "dnc", "colour": "red"}, "invalid_input"),
        ("put", "/blacklist/12345", {"list": "dnc"}, "invalid_phone"),
        ("put", PATH, "{not json", "invalid_json"),
        ("post", "/screening", {"numbers": "+12125550142"}, "invalid_input"),
        ("post", "/screening", {"numbers": [CALLER], "purpose": "spam"}, "unknown_purpose"),
        ("post", "/screening", {"numbers": [CALLER], "default_country": "XX"}, "invalid_country"),
        ("post", "/screening", {"numbers": [CALLER] * 10_001}, "invalid_input"),
    ],
)
def test_bad_input_gets_a_4xx_that_says_what_is_wrong(
    client: Client, method: str, path: str, body: Any, code: str
) -> None:
    status, answer = _json(client, method, path, body)
    assert status == 400
    assert answer["error"]["code"] == code
    assert answer["error"]["message"]


def test_removing_a_number_that_is_not_listed_is_a_404(client: Client) -> None:
    status, body = _json(client, "delete", PATH + "?list=warn")
    assert status == 404
    assert body["error"]["code"] == "not_found"


def test_screening_answers_a_verdict_and_reason_per_number(client: Client) -> None:
    _json(client, "put", PATH, {"list": "optout", "reason": "STOP"})
    status, body = _json(
        client,
        "post",
        "/screening",
        {"numbers": ["(212) 555-0142", "212 555 0199", "oops"], "purpose": "outbound_marketing",
         "default_country": "US"},
    )  # fmt: skip
    assert status == 200
    assert [(r["verdict"], r["reason"]) for r in body["results"]] == [
        ("refuse", "opted_out"), ("allow", "not_listed"), ("refuse", "invalid_number"),
    ]  # fmt: skip
    assert body["summary"] == {"refuse": 2, "allow": 1}
    service = _json(client, "post", "/screening", {"numbers": [CALLER], "purpose": "outbound_service"})[1]
    assert service["results"][0]["verdict"] == "allow"


def test_a_messy_csv_imports_with_a_report_and_exports_back(client: Client) -> None:
    csv_body = (
        "\ufeffphone,list,reason\n"
        "(212) 555-0142,dnc,complained\n"
        "212.555.0143,,no list: default\n"
        "0086 138 0013 8000,退订,SMS reply\n"
        "call me maybe,dnc,\n"
        "212-555-0142,dnc,again\n"
    ).encode()
    response = client.http.post(
        "/blacklist/import?default_country=US&list=warn&source=crm",
        body=csv_body,
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 200
    report = json.loads(response.body)
    assert {k: report[k] for k in ("rows", "accepted", "normalised", "duplicated", "rejected")} == {
        "rows": 5, "accepted": 3, "normalised": 3, "duplicated": 1, "rejected": 1,
    }  # fmt: skip
    assert report["rejections"] == [{"row": 5, "reason": "not a valid phone number"}]
    assert report["by_list"] == {"dnc": 1, "optout": 1, "warn": 1}

    exported = client.http.get("/blacklist/export")
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    lines = exported.body.decode().splitlines()
    assert lines[0] == "number,list,reason,source,added_by,added_at,expires_at"
    assert sorted(line.split(",")[:3] for line in lines[1:]) == [
        ["+12125550142", "dnc", "complained"],
        ["+12125550143", "warn", "no list: default"],
        ["+8613800138000", "optout", "SMS reply"],
    ]
    only_dnc = client.http.get("/blacklist/export?list=dnc").body.decode().splitlines()
    assert [line.split(",")[0] for line in only_dnc[1:]] == ["+12125550142"]


def test_export_pages_with_a_cursor(client: Client) -> None:
    for last in ("0142", "0143", "0144"):
        _json(client, "put", f"/blacklist/%2B1212555{last}", {"list": "dnc"})
    numbers, cursor, pages = [], "", 0
    while True:
        response = client.http.get(f"/blacklist/export?limit=2&cursor={cursor}")
        numbers += [line.split(",")[0] for line in response.body.decode().splitlines()[1:]]
        pages += 1
        cursor = response.headers.get("X-Next-Cursor", "")
        if not cursor:
            break
    assert sorted(numbers) == ["+12125550142", "+12125550143", "+12125550144"]
    assert pages >= 2


def test_an_import_without_a_body_or_with_a_bad_country_is_refused(client: Client) -> None:
    empty = client.http.post("/blacklist/import", body=b"", headers={"Content-Type": "text/csv"})
    assert (empty.status_code, json.loads(empty.body)["error"]["code"]) == (400, "invalid_csv")
    bad = client.http.post(
        "/blacklist/import?default_country=Mars", body=b"+12125550142\n", headers={"Content-Type": "text/csv"}
    )
    assert (bad.status_code, json.loads(bad.body)["error"]["code"]) == (400, "invalid_country")


def test_the_flow_lambda_blocks_a_blacklisted_caller_with_flat_string_attributes(client: Client) -> None:
    _json(client, "put", PATH, {"list": "block", "reason": "fraud"})
    answer = _invoke(client, connect_event(CALLER))
    assert answer == {
        "verdict": "block",
        "reason": "blacklisted",
        "warning": "false",
        "lists": "block",
        "note": "fraud",
    }
    assert all(isinstance(value, str) for value in answer.values())


def test_the_flow_lambda_flags_a_caller_on_the_warning_list(client: Client) -> None:
    _json(client, "put", PATH, {"list": "warn", "reason": "abusive to agents"})
    answer = _invoke(client, connect_event(CALLER))
    assert (answer["verdict"], answer["reason"], answer["warning"]) == ("warn", "warning_list", "true")
    assert answer["note"] == "abusive to agents"


def test_the_flow_lambda_lets_do_not_call_and_unknown_callers_through(client: Client) -> None:
    _json(client, "put", PATH, {"list": "dnc"})
    assert _invoke(client, connect_event(CALLER))["verdict"] == "allow"
    assert _invoke(client, connect_event("+12125550199"))["reason"] == "not_listed"
    withheld = _invoke(client, connect_event(None))
    assert (withheld["verdict"], withheld["reason"], withheld["warning"]) == (
        "allow",
        "invalid_number",
        "false",
    )


def test_the_flow_lambda_screens_a_number_the_flow_passes_as_a_parameter(client: Client) -> None:
    _json(client, "put", PATH, {"list": "block"})
    assert _invoke(client, connect_event("+12125550199", number=CALLER))["verdict"] == "block"


def test_the_flow_lambda_answers_even_when_the_table_is_unreachable(
    client: Client, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from chalicelib.screening import store

    def unreachable(number: str) -> Any:
        raise ConnectionError("endpoint down")

    monkeypatch.setattr(store, "read_entries", unreachable)
    answer = _invoke(client, connect_event(CALLER))
    assert answer == {
        "verdict": "allow",
        "reason": "screening_unavailable",
        "warning": "false",
        "lists": "",
        "note": "",
    }
    assert "5550142" not in capsys.readouterr().out  # the caller's number is masked in the log
