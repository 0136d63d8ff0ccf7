"""Large files are worked through by a Step Functions state machine (``infra.batch_definitions``):
one bounded Lambda invocation per batch of rows. This module starts a job and reads the steps
its Task states send (``{"step": "prepare" | "rows" | "finish" | "failed", "job_id", ...}``).

    start_job(AUDIENCE_LOAD_JOB, "parcel-arrival", bucket, key)
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

STEPS = ("prepare", "rows", "finish", "failed")


@dataclass(frozen=True)
class Step:
    step: str
    job_id: str
    options: dict[str, Any]
    event: Mapping[str, Any]

    @property
    def items(self) -> list[dict[str, Any]]:
        """The batch: ``[{"index": row index after the header, "row": {column: value}}]``."""
        return [dict(item) for item in self.event.get("items") or []]

    @property
    def failure(self) -> str:
        """What stopped the job, as the function that failed said it (the Cause's errorMessage)."""
        error = dict(self.event.get("error") or {})
        cause = str(error.get("Cause") or "")
        try:
            message = json.loads(cause).get("errorMessage")
        except (ValueError, AttributeError):
            message = None
        return str(message or cause or error.get("Error") or "unknown error")


def parse_step(event: Mapping[str, Any]) -> Step:
    step = str(event.get("step") or "")
    if step not in STEPS:
        raise ValueError(f"not a batch job step: {step!r} (expected one of {', '.join(STEPS)})")
    return Step(step, str(event["job_id"]), dict(event.get("options") or {}), event)


def execution_name(job_id: str) -> str:
    """Unique per start (a relaunch after a failure is a new execution), readable in the console."""
    readable = re.sub(r"[^A-Za-z0-9_-]", "-", job_id)[:60]
    return f"{readable}-{uuid.uuid4().hex[:12]}"


def state_machine_arn(job: str) -> str:
    from chalicelib import settings
    from chalicelib.resources import STATE_MACHINE_ARN_PREFIX_ENV

    return settings.required(STATE_MACHINE_ARN_PREFIX_ENV) + job


def start_job(job: str, job_id: str, bucket: str, key: str, options: Mapping[str, Any] | None = None) -> str:
    """Start the state machine ``job`` (a ``STATE_MACHINES`` logical name) over ``s3://bucket/key``;
    returns the execution ARN."""
    import boto3

    response = boto3.client("stepfunctions").start_execution(
        stateMachineArn=state_machine_arn(job),
        name=execution_name(job_id),
        input=json.dumps({"job_id": job_id, "bucket": bucket, "key": key, "options": dict(options or {})}),
    )
    return str(response["executionArn"])


def object_lines(bucket: str, key: str) -> Iterator[str]:
    """The object's text lines, streamed (UTF-8, a leading BOM dropped)."""
    import boto3

    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
    first = True
    for chunk in body.iter_lines(keepends=True):
        line = chunk.decode("utf-8")
        if first:
            line, first = line.removeprefix("\ufeff"), False
        yield line


def count_rows(bucket: str, key: str) -> int:
    """Data rows (lines after the header) for the progress bar: one streamed read, no parsing."""
    import boto3

    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
    lines = 0
    last = b"\n"
    for chunk in body.iter_chunks(chunk_size=1 << 20):
        lines += chunk.count(b"\n")
        last = chunk[-1:] or last
    if last != b"\n":
        lines += 1  # the last line has no newline
    return max(0, lines - 1)


def header_of(bucket: str, key: str) -> list[str]:
    """The CSV header (first line), read with a ranged GET."""
    import csv

    import boto3

    head = boto3.client("s3").get_object(Bucket=bucket, Key=key, Range="bytes=0-65535")["Body"].read()
    first_line = head.decode("utf-8", errors="replace").removeprefix("\ufeff").splitlines()[:1]
    return next(csv.reader(first_line), []) if first_line else []


def clean_row(row: Mapping[str, Any]) -> dict[str, str]:
    """A row as the Distributed Map's CSV reader hands it over: header -> text, no BOM on the
    first column's name."""
    return {
        str(name).removeprefix("\ufeff"): "" if value is None else str(value) for name, value in row.items()
    }
