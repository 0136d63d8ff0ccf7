"""The Powertools log formatter that never writes a phone number in clear (DESIGN rule 7)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

from chalicelib.phone import mask_value

_NOT_PERSONAL = frozenset(
    {"timestamp", "level", "location", "service", "xray_trace_id", "function_request_id"}
)


class MaskingFormatter(LambdaPowertoolsFormatter):
    """Masks phone numbers (all but the last 4 digits) in every field of every record."""

    def serialize(self, log: dict[str, Any] | Any) -> str:
        if isinstance(log, dict):
            log = {key: value if key in _NOT_PERSONAL else mask_value(value) for key, value in log.items()}
        return super().serialize(log)
