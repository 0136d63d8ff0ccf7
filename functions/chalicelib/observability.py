"""Structured JSON logging (Powertools Logger) that never writes a phone number in clear."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger

SERVICE_NAME = "contact-centre"


@lru_cache(maxsize=1)
def get_logger() -> Logger:
    """The process-wide logger; level from ``LOG_LEVEL`` (default INFO)."""
    # Cold start: Powertools (its package loads Metrics and Tracer too) is imported with the
    # first log line, not by every module that may log.
    from aws_lambda_powertools import Logger

    from chalicelib.masking_formatter import MaskingFormatter

    return Logger(
        service=os.environ.get("POWERTOOLS_SERVICE_NAME", SERVICE_NAME),
        level=os.environ.get("LOG_LEVEL", "INFO"),
        logger_formatter=MaskingFormatter(),
    )
