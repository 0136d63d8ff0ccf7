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


def test_every_record_is_handled_even_after_one_fails() -> None:
    handled: list[int] = []

    def handle(body: dict[str, Any]) -> None:
        handled.append(body["n"])
        if body["n"] == 1:
            raise RuntimeError("throttled")

    response = sqs_batches.process(_event({"n": 0}, {"n": 1}, {"n": 2}), handle)
    assert handled == [0, 1, 2]
    assert response == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}


def test_a_record_whose_body_is_not_json_is_reported_not_dropped() -> None:
    event = _event({"n": 1}, {"n": 2})
    event["Records"][1]["body"] = "{not json"
    assert sqs_batches.process(event, _handle) == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}


def test_a_clean_batch_reports_no_failures() -> None:
    assert sqs_batches.process(_event({"n": 1}, {"n": 2}), _handle) == {"batchItemFailures": []}


def test_an_event_without_records_is_refused() -> None:
    with pytest.raises(ValueError, match="no Records"):
        sqs_batches.process({}, _handle)
