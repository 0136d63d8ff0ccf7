"""Logs are structured JSON and never hold a phone number in clear (DESIGN rule 7)."""

from __future__ import annotations

import io
import json
import logging
from typing import TYPE_CHECKING

from chalicelib.observability import get_logger

if TYPE_CHECKING:
    import pytest


def test_log_lines_are_json_with_phone_numbers_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "INFO")  # the demo and other tests may have built it quieter
    get_logger.cache_clear()
    logger = get_logger()
    logger.setLevel("INFO")
    buffer = io.StringIO()
    # Not setStream: it flushes the stream the handler had, which may be a stream an earlier test
    # in this process captured and has closed since (a CLI runner's stdout).
    monkeypatch.setattr(logger.registered_handler, "stream", buffer)
    logger.info("dialling +12125550123", extra={"callee": "+8613800138000", "attempt": 2})
    line = buffer.getvalue().strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "dialling *******0123"
    assert record["callee"] == "*********8000"
    assert record["attempt"] == 2
    assert "2125550123" not in line and "13800138000" not in line


def test_no_other_handler_prints_the_functions_log_lines_in_clear() -> None:
    from local.connect_simulator.function_app import load_chalice_app

    load_chalice_app()  # Chalice must not have added its own plain handler to our logger
    handlers = logging.getLogger(get_logger().name).handlers
    assert handlers == [get_logger().registered_handler]
