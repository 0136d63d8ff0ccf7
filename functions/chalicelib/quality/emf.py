"""CloudWatch metrics as embedded metric format (EMF) log lines: printed, never an API call.

Each KPI counter change becomes a metric in namespace ``ContactCentre/Quality``, per stage and
(for queue scopes) per queue. Only changes that reached the aggregates are printed, so duplicated
events are not counted twice in CloudWatch either. A correction (a late event turning an
abandoned call into an answered one) prints negative values.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from chalicelib import clock, settings

if TYPE_CHECKING:
    from chalicelib.quality.facts import Contribution

NAMESPACE = "ContactCentre/Quality"
DISABLED_ENV = "POWERTOOLS_METRICS_DISABLED"  # Powertools' switch, honoured here too ("true": print nothing)
#: aggregate counter -> (metric name, unit)
METRICS: dict[str, tuple[str, str]] = {
    "contacts": ("Contacts", "Count"),
    "queued": ("Queued", "Count"),
    "answered": ("Answered", "Count"),
    "answered_in_sl": ("AnsweredWithinServiceLevel", "Count"),
    "abandoned": ("Abandoned", "Count"),
    "handled": ("Handled", "Count"),
    "handle_time_s": ("HandleTime", "Seconds"),
    "ratings": ("Ratings", "Count"),
    "rating_sum": ("RatingSum", "None"),
    "ratings_good": ("GoodRatings", "Count"),
    "callbacks_due": ("CallbacksDue", "Count"),
    "callbacks_kept": ("CallbacksKept", "Count"),
    "campaign_calls": ("CampaignCalls", "Count"),
    "campaign_answered": ("CampaignAnswered", "Count"),
    "campaign_heard": ("CampaignHeard", "Count"),
    "campaign_key_pressed": ("CampaignKeyPressed", "Count"),
    "campaign_sms": ("CampaignSms", "Count"),
}


def documents(delta: Contribution, stage: str, timestamp_ms: int) -> list[dict[str, Any]]:
    """One EMF document per stage-wide or per-queue change in ``delta``."""
    docs: list[dict[str, Any]] = []
    for key, changes in sorted(delta.items()):
        _day, scope = key.split("|", 1)
        if scope == "all":
            dimensions: dict[str, str] = {"Stage": stage}
        elif scope.startswith("queue#"):
            dimensions = {"Stage": stage, "Queue": scope.split("#", 1)[1]}
        else:
            continue
        values = {METRICS[name][0]: amount for name, amount in sorted(changes.items()) if name in METRICS}
        if not values:
            continue
        docs.append(
            {
                "_aws": {
                    "Timestamp": timestamp_ms,
                    "CloudWatchMetrics": [
                        {
                            "Namespace": NAMESPACE,
                            "Dimensions": [list(dimensions)],
                            "Metrics": [
                                {"Name": METRICS[name][0], "Unit": METRICS[name][1]}
                                for name in sorted(changes)
                                if name in METRICS
                            ],
                        }
                    ],
                },
                **dimensions,
                **values,
            }
        )
    return docs


def publish(delta: Contribution, out: TextIO | None = None) -> int:
    """Print the EMF lines for ``delta`` (Lambda ships stdout to CloudWatch Logs); returns how many."""
    if not delta or os.environ.get(DISABLED_ENV, "").lower() == "true":
        return 0
    stage = settings.required("STAGE")
    docs = documents(delta, stage, int(clock.now() * 1000))
    stream = out or sys.stdout
    for doc in docs:
        stream.write(json.dumps(doc, separators=(",", ":")) + "\n")
    stream.flush()
    return len(docs)
