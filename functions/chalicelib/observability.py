"""Structured JSON logging (Powertools Logger) that never writes a phone number in clear."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

from chalicelib.phone import mask_value

SERVICE_NAME = "contact-centre"
_NOT_PERSONAL = frozenset(
    {"timestamp", "level", "location", "service", "xray_trace_id", "function_request_id"}
)


class MaskingFormatter(LambdaPowertoolsFormatter):
    """Masks phone numbers (all but the last 4 digits) in every field of every record."""

    def serialize(self, log: dict[str, Any] | Any) -> str:
        if isinstance(log, dict):
            log = {key: value if key in _NOT_PERSONAL else mask_value(value) for key, value in log.items()}
        return super().serialize(log)


@lru_cache(maxsize=1)
def get_logger() -> Logger:
    """The process-wide logger; level from ``LOG_LEVEL`` (default INFO)."""
    return Logger(
        service=os.environ.get("POWERTOOLS_SERVICE_NAME", SERVICE_NAME),
        level=os.environ.get("LOG_LEVEL", "INFO"),
        logger_formatter=MaskingFormatter(),
    )
