"""Logs are structured JSON and never hold a phone number in clear (DESIGN rule 7)."""

from __future__ import annotations

import json

import pytest

from chalicelib.observability import get_logger


def test_log_lines_are_json_with_phone_numbers_masked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "INFO")  # the demo and other tests may have built it quieter
    get_logger.cache_clear()
    logger = get_logger()
    logger.setLevel("INFO")
    logger.info("dialling +12125550123", extra={"callee": "+8613800138000", "attempt": 2})
    line = capsys.readouterr().out.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "dialling *******0123"
    assert record["callee"] == "*********8000"
    assert record["attempt"] == 2
    assert "2125550123" not in line and "13800138000" not in line
