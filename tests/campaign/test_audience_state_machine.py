"""The audience-load state machine, run from its deployed definition: batches bounded, a batch
killed midway and delivered again loses and duplicates no row, progress visible on the way."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import boto3
import pytest

from chalicelib import work_queues
from chalicelib.campaigns import launch, runs
from chalicelib.resources import AUDIENCE_BUCKET_ENV, DIALLER_QUEUE_ENV
from chalicelib.tables import CampaignContactRecord
from infra.batch_definitions import csv_batch_job
from local.asl import AslInterpreter
from local.state_machines import s3_lines
from tests.campaign.support import create_queues, queued_bodies, store_campaign

pytestmark = pytest.mark.slow  # whole audience-load jobs, one killed midway

HEADER = "phone,language,name,locker,pickup_code,deadline"
ROWS = 600
PER_BATCH = 250
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:test-load_audience"


class Killed(Exception):
    """The invocation stopped where it stood (a timeout, the sandbox gone)."""


def _audience() -> tuple[str, set[str]]:
    """600 rows: numbers +1 212 555 01xx are reused across batches, one line has a bad number."""
    lines = [HEADER]
    phones: set[str] = set()
    for index in range(ROWS):
        if index == 7:
            lines.append("212-555-0102,en-US,No country,A-7,7,Friday")
            continue
        # 300 distinct numbers, each on two lines 300 apart (rows 0 and 300 share one, ...)
        phone = f"+1{('212', '213', '312')[(index % 300) // 100]}55501{index % 100:02d}"
        phones.add(phone)
        lines.append(f"{phone},en-US,Guest {index},L-{index},{index},Friday")
    return "\n".join(lines) + "\n", phones


@pytest.fixture
def campaign(aws: None) -> tuple[str, str, set[str]]:
    create_queues()
    os.environ[AUDIENCE_BUCKET_ENV] = "test-audiences"
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="test-audiences")
    campaign_id = store_campaign()
    body, phones = _audience()
    key = f"{campaign_id}/audience.csv"
    s3.put_object(Bucket="test-audiences", Key=key, Body=body.encode())
    runs.change_status(campaign_id, "launch", loading="pending", audience_key=key)
    return campaign_id, key, phones


def _run(campaign_id: str, key: str, invoke: Any) -> AslInterpreter:
    interpreter = AslInterpreter(invoke=invoke, read_object=s3_lines)
    interpreter.run(
        csv_batch_job(FUNCTION, rows_per_invocation=PER_BATCH),
        {"job_id": campaign_id, "bucket": "test-audiences", "key": key, "options": {}},
    )
    return interpreter


def test_a_batch_killed_midway_is_delivered_again_and_no_row_is_lost_or_duplicated(
    campaign: tuple[str, str, set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign_id, key, phones = campaign
    real_send = work_queues.send
    sends = Counter[str]()
    kill_at = {"second batch": 2}  # its second sub-batch: written, then killed before enqueuing

    def send(env: str, bodies: Any, **kwargs: Any) -> Any:
        sends["calls"] += 1
        if kill_at and sends["calls"] == 3 + kill_at["second batch"]:
            kill_at.clear()
            raise Killed("invocation killed midway")
        return real_send(env, bodies, **kwargs)

    monkeypatch.setattr(work_queues, "send", send)
    progress: list[dict[str, Any]] = []

    def invoke(_arn: str, payload: dict[str, Any]) -> Any:
        result = launch.handle_load_step(payload)
        progress.append(runs.status_report(campaign_id)["load"])
        return result

    interpreter = _run(campaign_id, key, invoke)

    batches = [attempt for name, attempt in interpreter.attempts if name == "Batch"]
    assert batches == [1, 1, 2, 1]  # three batches, the second delivered twice
    stored = list(CampaignContactRecord.query(campaign_id))
    assert sorted(record.phone for record in stored) == sorted([*phones, "row#9"])
    counters = runs.counters(campaign_id)
    assert counters["load.rows_done"] == ROWS
    assert counters["contacts.loaded"] == len(phones) + 1
    assert counters["contacts.loaded"] + counters["contacts.duplicates"] == ROWS
    assert counters["contacts.callable"] == len(phones)
    enqueued = Counter(phone for body in queued_bodies(DIALLER_QUEUE_ENV) for phone in body["phones"])
    assert set(enqueued) == phones  # nobody lost
    assert sum(enqueued.values()) - len(phones) <= PER_BATCH  # only the killed batch's were resent
    report = runs.status_report(campaign_id)
    assert report["loading"] == "done" and report["load"]["fraction"] == 1.0
    fractions = [step["fraction"] for step in progress]
    assert fractions == sorted(fractions) and 0 < fractions[1] < 1  # the bar moves, forwards only


def test_running_the_whole_job_again_adds_nothing(campaign: tuple[str, str, set[str]]) -> None:
    campaign_id, key, _ = campaign
    _run(campaign_id, key, lambda _arn, payload: launch.handle_load_step(payload))
    first = runs.counters(campaign_id)
    queued_bodies(DIALLER_QUEUE_ENV)
    _run(campaign_id, key, lambda _arn, payload: launch.handle_load_step(payload))
    assert runs.counters(campaign_id) == first
    assert queued_bodies(DIALLER_QUEUE_ENV) == []


def test_a_file_without_the_phone_column_fails_the_job_with_the_reason(aws: None) -> None:
    create_queues()
    os.environ[AUDIENCE_BUCKET_ENV] = "test-audiences"
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="test-audiences")
    campaign_id = store_campaign()
    s3.put_object(Bucket="test-audiences", Key=f"{campaign_id}/a.csv", Body=b"number,name\n+12025550101,A\n")
    calls: list[str] = []

    def invoke(_arn: str, payload: dict[str, Any]) -> Any:
        calls.append(payload["step"])
        return launch.handle_load_step(payload)

    from local.asl import StatesError

    with pytest.raises(StatesError, match="BatchJobFailed"):
        _run(campaign_id, f"{campaign_id}/a.csv", invoke)
    assert calls == ["prepare", "failed"]  # not retried: the file itself is wrong
    assert "no 'phone' column" in str(runs.get_record(campaign_id).loading)


def test_every_batch_fits_well_inside_the_lambda_timeout() -> None:
    definition = csv_batch_job(FUNCTION)
    batcher = definition["States"]["Rows"]["ItemBatcher"]
    assert batcher["MaxItemsPerBatch"] <= 1000
    assert batcher["MaxInputBytesPerBatch"] <= 256 * 1024
