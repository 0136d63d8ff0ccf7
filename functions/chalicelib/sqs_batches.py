"""SQS batches: one home for partial batch failures (Powertools' BatchProcessor).

Each record is handled on its own; the ones that raise are reported in ``batchItemFailures``
(the event source mapping has ``ReportBatchItemFailures``), so SQS redelivers only them and,
after the queue's ``maxReceiveCount``, moves them to its dead-letter queue. When every record
fails, Powertools raises instead, and the whole batch returns to the queue.

    return sqs_batches.process(event, lambda body: handle_event(body))
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def process(event: dict[str, Any], handle: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """Run ``handle`` on each record's JSON body; returns the partial batch response."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from chalicelib.observability import get_logger

    def handle_record(record: SQSRecord) -> object:
        try:
            return handle(json.loads(record.body))
        except Exception:
            get_logger().exception(
                "SQS record failed; SQS will redeliver it", extra={"id": record.message_id}
            )
            raise

    response = process_partial_response(
        event=event, record_handler=handle_record, processor=BatchProcessor(event_type=EventType.SQS)
    )
    return dict(response)
