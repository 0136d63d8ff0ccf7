"""callctl sends the signed-in person's ID token with every request, and says how to sign in."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import typer

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


def test_requests_carry_the_given_token_and_no_aws_signature(
    sent: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALLCTL_TOKEN", "header.claims.signature")
    connect(False, STAGE).request("PUT", "/blacklist/%2B12125550142", json_body={"list": "dnc"})
    assert sent[0]["headers"]["Authorization"] == "header.claims.signature"
    assert "X-Amz-Security-Token" not in sent[0]["headers"]
    assert sent[0]["url"] == STAGE + "/blacklist/%2B12125550142"
    connect(True, None).request("GET", "/blacklist/export", params={"list": "dnc", "cursor": ""})
    assert sent[1]["url"] == "http://127.0.0.1:8000/blacklist/export?list=dnc"
    assert sent[1]["headers"]["Authorization"] == "header.claims.signature"


def test_a_deployed_stage_without_a_user_or_token_gets_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("CALLCTL_TOKEN", "CALLCTL_USER", "CALLCTL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(typer.Exit):
        connect(False, STAGE)
    assert "CALLCTL_USER" in capsys.readouterr().err


def test_an_api_error_carries_its_code_and_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCTL_TOKEN", "header.claims.signature")
    body = '{"error": {"code": "unknown_list", "message": "unknown list"}}'
    monkeypatch.setattr(requests, "request", lambda *a, **k: _Answer(400, body))
    with pytest.raises(ApiError) as error:
        connect(True, None).request("GET", "/blacklist/%2B12125550142")
    assert (error.value.status, error.value.code) == (400, "unknown_list")
