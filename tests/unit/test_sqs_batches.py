"""Partial batch failures (chalicelib.sqs_batches): only the records that failed go back to SQS."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib import sqs_batches


def _event(*bodies: dict[str, Any]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": f"m-{index}",
                "receiptHandle": f"r-{index}",
                "body": json.dumps(body),
                "attributes": {},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:contact-events",
                "awsRegion": "us-east-1",
            }
            for index, body in enumerate(bodies)
        ]
    }


def _handle(body: dict[str, Any]) -> str:
    if body.get("fail"):
        raise RuntimeError("throttled")
    return "ok"


def test_only_the_failed_record_is_reported_for_redelivery() -> None:
    response = sqs_batches.process(_event({"n": 1}, {"fail": True}, {"n": 3}), _handle)
    assert response == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}


def test_a_batch_that_fails_whole_is_raised_so_all_of_it_returns_to_the_queue() -> None:
    with pytest.raises(Exception, match="All records failed"):
        sqs_batches.process(_event({"fail": True}), _handle)
