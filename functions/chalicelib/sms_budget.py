"""A stage-wide hourly budget for texts strangers can trigger (one-time codes), with a metric.

Per-number and per-address limits do not stop SMS pumping from many numbers and addresses; this
cap bounds what a flood can cost. Each refusal prints an EMF metric (``ContactCentre/Sms``
``SmsBudgetExhausted``) that CDK alarms on.
"""

from __future__ import annotations

import json
import sys

from chalicelib import clock, rate_limit, settings
from chalicelib.errors import TooManyRequests

NAMESPACE = "ContactCentre/Sms"
EXHAUSTED_METRIC = "SmsBudgetExhausted"
HOUR = 3600


def take(scope: str, per_hour: int, *, now: float | None = None) -> None:
    """Count one text against ``scope``'s hourly budget; raises TooManyRequests once it is spent."""
    try:
        rate_limit.hit(f"sms-budget:{scope}", "stage", limit=per_hour, window_seconds=HOUR, now=now)
    except TooManyRequests:
        _print_exhausted(scope)
        raise TooManyRequests(
            "we cannot send more text messages right now; please try again later",
            code="sms_budget_exhausted",
        ) from None


def _print_exhausted(scope: str) -> None:
    stage = settings.required("STAGE")
    document = {
        "_aws": {
            "Timestamp": int(clock.now() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [["Stage"]],
                    "Metrics": [{"Name": EXHAUSTED_METRIC, "Unit": "Count"}],
                }
            ],
        },
        "Stage": stage,
        "Scope": scope,
        EXHAUSTED_METRIC: 1,
    }
    print(json.dumps(document), file=sys.stdout, flush=True)
