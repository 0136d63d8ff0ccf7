"""The malformed requests an outside tester sent (each once answered 500 or accepted), refused.

Every case must answer a 4xx in ``{"error": {"code", "message"}}``; so must the errors Chalice
and API Gateway produce on their own (500, 405, 415, an unknown route), in-process and over HTTP
through the local server.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import pytest
import requests
from chalice.test import Client

from local.campaign_driver import campaign_body
from tests.functional.hostile_support import Answer, EdgeClient
from tests.functional.tickets_support import CALLER, function_app

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.usefixtures("aws"),
]

PHONE_PATH = "/customers/%2B12125550142"
SLOT = "2026-03-02T01:00:00Z"
FAKE_VERIFICATION = {"verificationId": "0" * 32, "code": "123456"}


def _forged(document: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode()


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


#: (case id, method, path, body (str: sent as is; else JSON), content type, expected code or None)
CASES: list[tuple[str, str, str, Any, str | None, str | None]] = [
    ("json nested 50,000 deep", "POST", "/tickets", _deep(50_000), "application/json", "invalid_json"),
    (
        "json nested 50,000 deep, public",
        "POST",
        "/callbacks/verifications",
        _deep(50_000),
        "application/json",
        "invalid_json",
    ),
    (
        "json nested 40 deep",
        "PUT",
        PHONE_PATH,
        '{"name":' + "[" * 40 + "]" * 40 + "}",
        "application/json",
        "invalid_json",
    ),
    (
        "timeZone not a string",
        "POST",
        "/callbacks/bookings",
        {**FAKE_VERIFICATION, "slot": SLOT, "timeZone": 8},
        "application/json",
        "invalid_time_zone",
    ),
    (
        "after in year 1 at +14:00",
        "GET",
        "/callbacks/slots?after=0001-01-01T00%3A00%3A00%2B14%3A00",
        None,
        None,
        "invalid_slot",
    ),
    (
        "lone surrogate in a body",
        "PUT",
        PHONE_PATH,
        '{"name": "\\ud800"}',
        "application/json",
        "invalid_text",
    ),
    ("lone surrogate in a query", "GET", "/callbacks/slots?tz=%ED%A0%80", None, None, None),
    ("tier as a list", "PUT", PHONE_PATH, {"tier": ["top"]}, "application/json", "invalid_input"),
    (
        "expiry 9999-12-31",
        "PUT",
        "/blacklist/%2B12125550142",
        {"list": "dnc", "expires_at": "9999-12-31"},
        "application/json",
        "invalid_expiry",
    ),
    ("minimum=inf", "GET", "/quality/samples?minimum=inf", None, None, "invalid_input"),
    ("negative sample size", "GET", "/quality/samples?minimum=-1", None, None, "invalid_input"),
    ("rate=nan", "GET", "/quality/samples?rate=nan", None, None, "invalid_input"),
    (
        "texts: {}",
        "POST",
        "/campaigns",
        {**campaign_body("parcel-arrival"), "texts": {}},
        "application/json",
        "invalid_input",
    ),
    (
        "absurd pacing",
        "POST",
        "/campaigns",
        campaign_body("parcel-arrival", pacing={"max_concurrent_calls": 10**9, "calls_per_second": 1e9}),
        "application/json",
        "invalid_input",
    ),
    (
        "NaN in a body",
        "POST",
        "/tickets/T-1/rating",
        '{"phone": "+12125550142", "rating": NaN}',
        "application/json",
        "invalid_json",
    ),
    (
        "1e999 in a body",
        "PUT",
        "/quality/reviews/c-1",
        '{"score": 1e999}',
        "application/json",
        "invalid_json",
    ),
    (
        "an oversized CSV cell",
        "POST",
        "/blacklist/import",
        "number,list\n+12125550142," + "x" * 200_000 + "\n",
        "text/csv",
        "invalid_csv",
    ),
    ("a key over 2,048 bytes", "GET", "/tickets/" + "T" * 2_100, None, None, "invalid_input"),
    (
        "a multibyte key over 2,048 bytes",
        "PUT",
        "/agents/" + "%C3%A9" * 1_100,
        {"name": "Ann"},
        "application/json",
        "invalid_input",
    ),
    (
        "a booking id over 2,048 bytes",
        "GET",
        "/callbacks/bookings/" + "b" * 3_000,
        None,
        None,
        "invalid_input",
    ),
    (
        "forged ticket cursor",
        "GET",
        "/tickets?status=new&next=" + _forged({"p": 0, "k": {"ticket_id": {"S": "x" * 3000}}}),
        None,
        None,
        "invalid_input",
    ),
    (
        "forged ticket cursor, short",
        "GET",
        "/tickets?status=new&next=" + _forged({"p": 0, "k": {"x": {"N": "1"}}}),
        None,
        None,
        "invalid_token",
    ),
    (
        "forged contacts cursor",
        "GET",
        "/campaigns/parcel-arrival/contacts?next=" + _forged({"campaign_id": {"S": ""}}),
        None,
        None,
        "invalid_input",
    ),
    (
        "forged export cursor",
        "GET",
        "/blacklist/export?cursor=" + base64.urlsafe_b64encode(b"").decode() + "AA",
        None,
        None,
        "invalid_cursor",
    ),
    ("NUL in a phone number", "PUT", "/customers/%2B1212555%000142", {}, "application/json", "invalid_phone"),
    (
        "RTL override in a phone number",
        "POST",
        "/tickets",
        {"phone": "\u202e+12125550142", "category": "fault"},
        "application/json",
        "invalid_phone",
    ),
    (
        "tel: phone number",
        "POST",
        "/callbacks/verifications",
        {"phone": "tel:+12125550142"},
        "application/json",
        "invalid_phone",
    ),
    (
        "vanity letters",
        "POST",
        "/callbacks/verifications",
        {"phone": "+1-800-FLOWERS"},
        "application/json",
        "invalid_phone",
    ),
    (
        "national format on the JSON API",
        "POST",
        "/tickets",
        {"phone": "(212) 555-0142", "category": "fault"},
        "application/json",
        "invalid_phone",
    ),
    ("a query parameter twice", "GET", "/callbacks/slots?limit=1&limit=2", None, None, "invalid_input"),
    ("an unknown query parameter", "GET", "/health?debug=1", None, None, "invalid_input"),
    (
        "a body over 1 MiB",
        "POST",
        "/screening",
        '{"numbers": ["' + "1" * 1_100_000 + '"]}',
        "application/json",
        "body_too_large",
    ),
    (
        "a 5,000-digit integer",
        "POST",
        "/tickets/T-1/rating",
        '{"phone": "+12125550142", "rating": ' + "9" * 5_000 + "}",
        "application/json",
        "invalid_json",
    ),
    (
        "415: XML to a JSON route",
        "POST",
        "/tickets",
        "<ticket/>",
        "application/xml",
        "unsupported_media_type",
    ),
    ("unknown route", "GET", "/no/such/route", None, None, "not_found"),
    ("method the route lacks", "DELETE", "/health", None, None, "not_found"),
]


@pytest.fixture
def edge() -> Iterator[EdgeClient]:
    with Client(function_app()) as client:
        yield EdgeClient(client)


def _send(edge: EdgeClient, method: str, path: str, body: Any, content_type: str | None) -> Answer:
    raw = body if isinstance(body, str) or body is None else json.dumps(body)
    return edge.request(method, path, raw, content_type)


@pytest.mark.parametrize(
    ("case", "method", "path", "body", "content_type", "code"), CASES, ids=[c[0] for c in CASES]
)
def test_each_bad_input_is_refused_with_a_4xx_in_the_error_shape(
    edge: EdgeClient, case: str, method: str, path: str, body: Any, content_type: str | None, code: str | None
) -> None:
    answer = _send(edge, method, path, body, content_type)
    assert 400 <= answer.status < 500, (case, answer.status, answer.body[:300])
    assert answer.shape_problem() is None, answer.body[:300]
    if code is not None:
        assert answer.json()["error"]["code"] == code, answer.json()


def test_launching_a_campaign_whose_audience_file_is_missing_is_a_400(edge: EdgeClient) -> None:
    import boto3

    from chalicelib.resources import AUDIENCE_BUCKET_ENV

    boto3.client("s3").create_bucket(Bucket="audiences")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(AUDIENCE_BUCKET_ENV, "audiences")
        assert edge.call("POST", "/campaigns", campaign_body("parcel-arrival")).status == 201
        answer = edge.call(
            "POST", "/campaigns/parcel-arrival/launch", {"audience_key": "parcel-arrival/none.csv"}
        )
    assert answer.status == 400 and answer.json()["error"]["code"] == "audience_missing"


def test_an_unexpected_exception_is_a_500_in_the_error_shape_without_details(
    edge: EdgeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib import tickets

    def broken(ticket_id: str) -> dict[str, Any]:
        raise RuntimeError(f"boom for {CALLER}")

    monkeypatch.setattr(tickets, "get_ticket", broken)
    answer = edge.request("GET", "/tickets/T-1")
    assert answer.status == 500
    assert answer.json() == {
        "error": {"code": "internal_error", "message": "An internal server error occurred."}
    }


def test_nan_never_reaches_a_json_answer(edge: EdgeClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import tickets

    monkeypatch.setattr(tickets, "get_ticket", lambda ticket_id: {"id": ticket_id, "score": float("nan")})
    answer = edge.request("GET", "/tickets/T-1")
    assert answer.status == 500 and b"NaN" not in answer.body
    assert answer.shape_problem() is None


def test_chalice_s_own_405_is_in_the_error_shape(edge: EdgeClient) -> None:
    """Reached only if the gateway forwards a method the route lacks; still the documented shape."""
    response = edge.client.http.request("DELETE", "/health", headers={}, body=b"")
    assert response.status_code == 405
    assert json.loads(response.body)["error"]["code"] == "method_not_allowed"


def test_the_local_server_answers_like_api_gateway() -> None:
    """Unknown routes, missing methods and staff routes without a token never reach the function;
    415 and 400 come from it."""
    from local.api_server import ApiServer
    from local.aws import free_port

    server = ApiServer(free_port()).start()
    try:
        for method, path in [("GET", "/no/such/route"), ("DELETE", "/health"), ("GET", "/")]:
            response = requests.request(method, server.url + path, timeout=10)
            assert response.status_code == 404
            assert response.json()["error"]["code"] == "not_found"
        unsigned = requests.post(server.url + "/tickets", json={}, timeout=10)
        assert unsigned.status_code == 401 and unsigned.json()["error"]["code"] == "unauthenticated"
        wrong_type = requests.post(
            server.url + "/self-service/tickets",
            data="<x/>",
            headers={"Content-Type": "application/xml"},
            timeout=10,
        )
        assert (
            wrong_type.status_code == 415 and wrong_type.json()["error"]["code"] == "unsupported_media_type"
        )
        deep = requests.post(server.url + "/self-service/tickets", data=_deep(50_000), timeout=10)
        assert deep.status_code == 400 and deep.json()["error"]["code"] == "invalid_json"
    finally:
        server.stop()


def test_the_booking_page_carries_security_headers(edge: EdgeClient) -> None:
    page = edge.request("GET", "/book")
    assert page.status == 200
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "script-src 'sha256-" in policy and "'unsafe-inline'" not in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
