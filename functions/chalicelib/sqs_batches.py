"""SQS batches: one home for partial batch failures.

Each record is handled on its own; the ones that raise are reported in ``batchItemFailures``
(the event source mapping has ``ReportBatchItemFailures``), so SQS redelivers only them and,
after the queue's ``maxReceiveCount``, moves them to its dead-letter queue. When every record
fails the batch raises instead, and the whole batch returns to the queue.

    return sqs_batches.process(event, lambda body: handle_event(body))

These are Powertools' ``BatchProcessor`` semantics for standard queues in a dozen lines: its
batch module (with the event classes and asyncio it loads) cost the two SQS consumers about a
quarter of a bare ``import boto3`` at every cold start (``make bench ONLY=lambda_artefact``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalicelib.observability import get_logger


class AllRecordsFailed(Exception):
    """Every record of the batch raised: the invocation fails, so SQS redelivers all of them."""


def process(event: dict[str, Any], handle: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """Run ``handle`` on each record's JSON body; returns the partial batch response."""
    records = event.get("Records")
    if not isinstance(records, list) or not records:
        raise ValueError("not an SQS batch: the event has no Records")
    failures: list[dict[str, str]] = []
    for record in records:
        try:
            handle(json.loads(record["body"]))
        except Exception:
            get_logger().exception(
                "SQS record failed; SQS will redeliver it", extra={"id": record.get("messageId")}
            )
            failures.append({"itemIdentifier": record["messageId"]})
    if len(failures) == len(records):
        raise AllRecordsFailed(f"All records failed processing ({len(records)}); SQS redelivers the batch")
    return {"batchItemFailures": failures}
