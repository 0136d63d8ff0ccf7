"""A list file imported by the list-import state machine from its deployed definition: a batch
killed midway is delivered again and no number is lost or listed twice; progress adds up."""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest

from chalicelib.resources import AUDIENCE_BUCKET_ENV
from chalicelib.screening import list_import_job, store
from infra.batch_definitions import csv_batch_job
from local.asl import AslInterpreter
from local.state_machines import s3_lines

pytestmark = [
    pytest.mark.usefixtures("aws"),
    pytest.mark.slow,
]  # slow: whole list-import jobs, one killed midway
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:test-import_list_rows"
BUCKET = "test-lists"
NUMBERS = [f"+1{area}55501{line:02d}" for area in (212, 213, 312) for line in range(100)]


class Killed(Exception):
    """The invocation stopped where it stood."""


@pytest.fixture
def uploaded() -> str:
    os.environ[AUDIENCE_BUCKET_ENV] = BUCKET
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    rows = ["number,list,reason,expires_at"] + [
        f"{number},{'dnc' if n % 3 else 'block'},regulator 2026-11," for n, number in enumerate(NUMBERS)
    ]
    s3.put_object(Bucket=BUCKET, Key="list-imports/imp-1.csv", Body="\n".join(rows).encode() + b"\n")
    return "imp-1"


def test_a_batch_killed_midway_is_imported_again_without_losing_or_doubling_a_number(
    uploaded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_merge = store.merge_entries
    kills = {"left": 1}

    def merge(pending: Any, now: Any) -> int:
        written = real_merge(dict(list(pending.items())[: len(pending) // 2]), now)
        if kills["left"] and len(pending) == 100 and next(iter(pending)) == NUMBERS[100]:
            kills["left"] = 0
            raise Killed("invocation killed midway through its writes")
        return written + real_merge(dict(list(pending.items())[len(pending) // 2 :]), now)

    monkeypatch.setattr(store, "merge_entries", merge)
    from chalicelib.campaigns import runs

    runs.set_figure("list-import#imp-1", "job.started", 1)
    options = {
        "list": "block",
        "source": "regulator",
        "added_by": "tester",
        "at": "2026-11-30T12:00:00+00:00",
    }
    interpreter = AslInterpreter(
        invoke=lambda _arn, payload: list_import_job.handle_step(payload), read_object=s3_lines
    )
    interpreter.run(
        csv_batch_job(FUNCTION, rows_per_invocation=100),
        {"job_id": uploaded, "bucket": BUCKET, "key": "list-imports/imp-1.csv", "options": options},
    )
    assert [attempt for name, attempt in interpreter.attempts if name == "Batch"] == [1, 1, 2, 1]
    listed = store.read_many(NUMBERS)
    assert sorted(listed) == sorted(NUMBERS)
    assert all(len(entries) == 1 for entries in listed.values())  # on its one list, once
    progress = list_import_job.progress(uploaded)
    assert progress["state"] == "done" and progress["fraction"] == 1.0
    assert (progress["rows_total"], progress["rows_done"], progress["accepted"]) == (300, 300, 300)
    assert progress["by_list"] == {"block": 100, "dnc": 200}


def test_a_file_that_is_not_a_clean_import_file_stops_the_job(uploaded: str) -> None:
    boto3.client("s3").put_object(Bucket=BUCKET, Key="list-imports/imp-2.csv", Body=b"phone;list\n1;dnc\n")
    from chalicelib.campaigns import runs
    from local.asl import StatesError

    runs.set_figure("list-import#imp-2", "job.started", 1)
    interpreter = AslInterpreter(
        invoke=lambda _arn, payload: list_import_job.handle_step(payload), read_object=s3_lines
    )
    with pytest.raises(StatesError, match="BatchJobFailed"):
        interpreter.run(
            csv_batch_job(FUNCTION),
            {"job_id": "imp-2", "bucket": BUCKET, "key": "list-imports/imp-2.csv", "options": {}},
        )
    assert list_import_job.progress("imp-2")["state"] == "failed"
