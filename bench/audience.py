"""A large audience loaded end to end through the audience-load state machine on the local stack,
with one invocation killed midway.

moto serves on loopback (the local stack's, with its DynamoDB cost model); the campaign is launched by the real ``launch`` (StartExecution on
moto's Step Functions), and the execution is run from its deployed definition by ``local.asl``
(ItemReader over the S3 object, ItemBatcher, Retry) through the Chalice app's ``load_audience``
handler. The third batch's first invocation is killed after a fixed number of AWS requests (its
writes half done); Step Functions' Retry delivers it again. A consumer drains the dialler queue
meanwhile, as the dialler would, and records every number it is handed.

Figures: rows in the largest invocation and how many rows fit in the functions' timeout: the
invocation's own CPU time scaled to Lambda's CPU share at the configured memory (1 vCPU per
1,769 MB), plus ``REQUEST_ALLOWANCE_S`` for each AWS request it makes (moto answers in-process,
so its own time says nothing of DynamoDB's); rows lost (not stored, not counted, or callable but
never enqueued) and rows duplicated (stored or counted twice), over the whole file.

Each invocation runs with the heap it found frozen (``_own_heap``): in Lambda the function's
garbage collector walks the function's objects only, while here the process also holds moto's
copy of every stored contact, the audience and the bench's own bookkeeping. Unfrozen, the full
collections Python makes each time that heap grows by a quarter fell inside whichever invocation
was allocating, and the costliest invocation decided the figure: at 100,000 rows 4,590 rows fit,
with 1.20 s of collection inside the worst invocation; frozen, 11,841 fit with 0.02 s. The
function's own per-row cost does not grow with the table: 20,000 rows loaded beside 900,000
stored contacts fit 11,265 (frozen) and 11,121 (unfrozen, no full collection fell inside); the
1,000,000-row run, frozen, 10,449 with 0.03 s (26 minutes on a quiet machine, 3.8 GB).
``audience.worst_invocation_gc_s`` is the collector's time inside the costliest invocation.

``BENCH_AUDIENCE_ROWS`` (default 100,000; 1000000 for the full case). Every row has its own
number (``distinct_numbers``): first the ranges reserved for fiction (``bench.screening``, about
125,000 that libphonenumber accepts), then the rest of the NANP's 555 exchange in every area code,
which holds no subscriber lines (555-1xxx, where directory assistance 555-1212 lives, left out).
"""

from __future__ import annotations

import gc
import json
import os
import threading
import time
from collections import Counter
from contextlib import contextmanager
from itertools import cycle, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.aws_requests import counting_requests

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bench.report import BenchReport

ROWS = int(os.environ.get("BENCH_AUDIENCE_ROWS", "100000"))
KILLED_BATCH = 3  # the third batch's first attempt is killed
KILL_AFTER_REQUESTS = 25
INVALID_EVERY = 1000  # one row in a thousand has a number that does not parse
HEADER = "phone,language,name,locker,pickup_code,deadline\n"
LAMBDA_MB_PER_VCPU = 1769  # Lambda gives a function one vCPU at 1,769 MB, proportionally less below
#: Time allowed per AWS request from the function (in-region DynamoDB / SQS answer in a few ms;
#: a 100-item transaction takes longer): generous, so the estimate errs on the safe side.
REQUEST_ALLOWANCE_S = 0.025


class Killed(BaseException):
    """The invocation stopped where it stood (timeout, sandbox gone): not an error it handles."""


def _configured_function() -> tuple[int, int]:
    """(timeout seconds, memory MB) of the functions, the tightest of the stages in cdk.json."""
    stages = json.loads(Path("cdk.json").read_text())["context"]["stages"]
    return (
        min(int(stage["lambda_timeout_s"]) for stage in stages.values()),
        min(int(stage["lambda_memory_mb"]) for stage in stages.values()),
    )


def distinct_numbers() -> Iterator[str]:
    """Valid E.164 numbers, each once, none a subscriber's: the fictional ranges, then the 555
    exchange's other lines (0200-0999, 2000-9999) in every NANP area code libphonenumber knows."""
    import phonenumbers

    from bench.screening import fictional_numbers

    yield from fictional_numbers()
    area_codes = [
        npa for npa in range(200, 1000) if phonenumbers.is_valid_number(phonenumbers.parse(f"+1{npa}5550100"))
    ]
    for lines in (range(200, 1000), range(2000, 10_000)):
        for line in lines:
            for npa in area_codes:
                yield f"+1{npa}555{line:04d}"


def _audience() -> tuple[str, set[str], int]:
    """(CSV text, distinct valid numbers, invalid rows)."""
    pool = cycle(distinct_numbers())
    lines = [HEADER]
    phones: set[str] = set()
    invalid = 0
    for n, number in enumerate(islice(pool, ROWS)):
        if n % INVALID_EVERY == INVALID_EVERY - 1:
            lines.append(f"not-a-number-{n},en-US,Guest {n},L-{n % 500},{100000 + n},Friday 6 pm\n")
            invalid += 1
            continue
        phones.add(number)
        lines.append(f"{number},en-US,Guest {n},L-{n % 500},{100000 + n},Friday 6 pm\n")
    return "".join(lines), phones, invalid


@contextmanager
def _killed_after(requests: int) -> Iterator[None]:
    import botocore.client

    real = botocore.client.BaseClient._make_api_call
    made = 0
    invocation = threading.current_thread()  # the dialler queue's consumer runs beside it

    def counting(client: Any, operation: str, params: dict[str, Any]) -> Any:
        nonlocal made
        if threading.current_thread() is invocation:
            made += 1
        if made > requests and threading.current_thread() is invocation:
            raise Killed(f"killed after {requests} requests")
        return real(client, operation, params)

    botocore.client.BaseClient._make_api_call = counting
    try:
        yield
    finally:
        botocore.client.BaseClient._make_api_call = real


@contextmanager
def _own_heap() -> Iterator[list[float]]:
    """Freeze the objects that exist (moto's tables, the audience) for the block, as if the block
    ran in a process of its own; yields a list that ends up holding the seconds the collector ran
    in this thread during the block (collections triggered by moto's threads are theirs)."""
    invocation = threading.get_ident()
    spent = [0.0]
    started: list[float] = []

    def timing(phase: str, _info: dict[str, Any]) -> None:
        if threading.get_ident() != invocation:
            return
        if phase == "start":
            started.append(time.thread_time())
        elif started:
            spent[0] += time.thread_time() - started.pop()

    gc.freeze()  # moves every tracked object to the permanent generation: O(1)
    gc.callbacks.append(timing)
    try:
        yield spent
    finally:
        gc.callbacks.remove(timing)
        gc.unfreeze()  # back into the oldest generation, collected as before


def _drain(queue_url: str, stop: threading.Event, handed: Counter[str]) -> None:
    import boto3

    sqs = boto3.client("sqs")
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        for message in messages:
            handed.update(json.loads(message["Body"])["phones"])
        if messages:
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
            )
        elif stop.is_set():
            return
        else:
            time.sleep(0.05)


def _stored_keys(campaign_id: str) -> int:
    """Contacts stored under the campaign, read from the emulator this process runs: moto pages a
    query by sorting the whole partition again for every 1 MB page, so counting a million
    contacts through the API takes hours (about 650 pages of 9 s and growing)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType

    from chalicelib.tables import CampaignContactRecord
    from chalicelib.tables.base import physical_table_name

    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]]
    table = backend.get_table(physical_table_name(CampaignContactRecord.Meta.logical_name))
    return len(table.items.get(DynamoType({"S": campaign_id}), {}))


def _stored_keys_through_the_api(campaign_id: str) -> int:
    import boto3

    from chalicelib.tables import CampaignContactRecord
    from chalicelib.tables.base import physical_table_name

    table = physical_table_name(CampaignContactRecord.Meta.logical_name)
    paginator = boto3.client("dynamodb").get_paginator("query")
    return sum(
        page["Count"]
        for page in paginator.paginate(
            TableName=table,
            KeyConditionExpression="campaign_id = :c",
            ExpressionAttributeValues={":c": {"S": campaign_id}},
            Select="COUNT",
        )
    )


def run(report: BenchReport) -> None:
    from local.aws import EmulatedAws

    saved = dict(os.environ)
    aws = EmulatedAws().start()  # moto's server in this process, scaled like DynamoDB
    try:
        _run(report)
    finally:
        aws.stop()
        os.environ.clear()
        os.environ.update(saved)


def _run(report: BenchReport) -> None:
    import boto3

    from chalicelib.campaigns import launch, runs
    from chalicelib.resources import AUDIENCE_BUCKET_ENV, DIALLER_QUEUE_ENV
    from local.campaign_driver import campaign_body
    from local.connect_simulator.function_app import load_chalice_app
    from local.state_machines import LocalStateMachines

    timeout_s, memory_mb = _configured_function()
    campaign_id = "bench-audience"
    runs.create_campaign(campaign_body("parcel-arrival", id=campaign_id))
    text, phones, invalid = _audience()
    key = f"{campaign_id}/audience.csv"
    boto3.client("s3").put_object(Bucket=os.environ[AUDIENCE_BUCKET_ENV], Key=key, Body=text.encode())
    del text

    handler = load_chalice_app().handler_map["load_audience"]
    batches: list[tuple[int, float, float]] = []  # (rows, modelled Lambda s, GC s) per completed invocation
    killed: list[int] = []

    def call(_name: str, payload: dict[str, Any]) -> Any:
        is_batch = payload.get("step") == "rows"
        if is_batch and not killed and len(batches) + 1 == KILLED_BATCH:
            killed.append(len(payload["items"]))
            with _killed_after(KILL_AFTER_REQUESTS):
                return handler(payload, None)
        with (
            counting_requests(lambda service, _: service, this_thread_only=True) as requests,
            _own_heap() as gc_s,
        ):
            cpu = time.thread_time()
            result = handler(payload, None)
            cpu = time.thread_time() - cpu
        if is_batch:
            modelled = cpu * LAMBDA_MB_PER_VCPU / memory_mb + sum(requests.values()) * REQUEST_ALLOWANCE_S
            batches.append((len(payload["items"]), modelled, gc_s[0]))
        return result

    machines = LocalStateMachines(call=lambda name, payload: _survive_kill(call, name, payload))
    handed: Counter[str] = Counter()
    stop = threading.Event()
    consumer = threading.Thread(
        target=_drain, args=(os.environ[DIALLER_QUEUE_ENV], stop, handed), daemon=True
    )
    consumer.start()
    started = time.perf_counter()
    launch.launch(campaign_id, key)
    ran = machines.run_pending()
    elapsed = time.perf_counter() - started
    stop.set()
    consumer.join(timeout=600)
    assert ran == 1, f"expected one execution, ran {ran}"
    outcome = next(iter(machines.finished.values()))
    assert outcome == "SUCCEEDED", outcome
    assert killed, "no invocation was killed"

    counters = runs.counters(campaign_id)
    expected_keys = len(phones) + invalid
    stored = _stored_keys(campaign_id)
    if ROWS <= 100_000:  # the default run checks the emulator's count against a paged query
        assert stored == _stored_keys_through_the_api(campaign_id), "the two counts disagree"
    counted_rows = counters.get("contacts.loaded", 0) + counters.get("contacts.duplicates", 0)
    never_enqueued = len(phones - set(handed))
    lost = (
        max(0, expected_keys - stored)
        + max(0, ROWS - counters.get("load.rows_done", 0))
        + max(0, ROWS - counted_rows)
        + never_enqueued
    )
    duplicated = (
        max(0, stored - expected_keys)
        + max(0, counters.get("load.rows_done", 0) - ROWS)
        + max(0, counted_rows - ROWS)
        + max(0, counters.get("contacts.callable", 0) - len(phones))
    )
    most_rows = max(rows for rows, _, _ in batches)
    rows, seconds, worst_gc_s = max(batches, key=lambda batch: batch[1] / batch[0])
    fits = timeout_s / (seconds / rows)
    report.figure("audience.rows", ROWS, "rows")
    report.figure("audience.rows_per_s", ROWS / elapsed, "rows/s")
    report.figure("audience.invocations", len(batches) + len(killed), "invocations")
    report.figure("audience.killed_invocations", len(killed), "invocations")
    report.figure("audience.max_rows_per_invocation", most_rows, "rows")
    report.figure("audience.rows_fitting_timeout", fits, "rows")
    report.figure("audience.max_rows_share_of_timeout", most_rows / fits, "ratio")
    report.figure("audience.worst_invocation_gc_s", worst_gc_s, "s")
    report.figure("audience.requeued_after_kill", sum(handed.values()) - len(handed), "contacts")
    report.figure("audience.million_rows_lost", lost, "rows")
    report.figure("audience.million_rows_duplicated", duplicated, "rows")
    assert most_rows <= fits / 2, f"{most_rows} rows per invocation, but only {fits:.0f} fit in {timeout_s} s"


def _survive_kill(call: Any, name: str, payload: dict[str, Any]) -> Any:
    """A killed invocation is, to Step Functions, a failed task (then retried)."""
    try:
        return call(name, payload)
    except Killed as killed:
        raise RuntimeError(f"Sandbox.Timedout: {killed}") from None
