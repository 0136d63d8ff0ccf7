"""callctl signs requests to a deployed stage (IAM-authorised API) and not those to the local stack."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from callctl._client import ApiError, connect

STAGE = "https://abc123.execute-api.eu-west-1.amazonaws.com/api"


class _Answer:
    def __init__(self, status: int, body: str = "{}") -> None:
        self.status_code, self.text, self.reason = status, body, "x"

    def json(self) -> Any:
        import json

        return json.loads(self.text)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    captured: list[dict[str, Any]] = []

    def fake_request(method: str, url: str, **kwargs: Any) -> _Answer:
        captured.append({"method": method, "url": url, **kwargs})
        return _Answer(200)

    monkeypatch.setattr(requests, "request", fake_request)
    return captured


def test_requests_to_a_deployed_stage_are_sigv4_signed_for_execute_api(sent: list[dict[str, Any]]) -> None:
    connect(False, STAGE).request("PUT", "/blacklist/%2B12125550142", json_body={"list": "dnc"})
    authorization = sent[0]["headers"]["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=testing/")
    assert "/eu-west-1/execute-api/aws4_request" in authorization
    assert sent[0]["headers"]["X-Amz-Security-Token"] == "testing"
    assert sent[0]["url"] == STAGE + "/blacklist/%2B12125550142"


def test_requests_to_the_local_stack_are_not_signed(sent: list[dict[str, Any]]) -> None:
    connect(True, None).request("GET", "/blacklist/export", params={"list": "dnc", "cursor": ""})
    assert "Authorization" not in sent[0]["headers"]
    assert sent[0]["url"] == "http://127.0.0.1:8000/blacklist/export?list=dnc"


def test_an_api_error_carries_its_code_and_message(monkeypatch: pytest.MonkeyPatch) -> None:
    body = '{"error": {"code": "unknown_list", "message": "unknown list"}}'
    monkeypatch.setattr(requests, "request", lambda *a, **k: _Answer(400, body))
    with pytest.raises(ApiError) as error:
        connect(True, None).request("GET", "/blacklist/%2B12125550142")
    assert (error.value.status, error.value.code) == (400, "unknown_list")
