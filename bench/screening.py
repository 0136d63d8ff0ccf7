"""Screening 20,000 numbers against a 100,000-entry list on the local stack (moto server).

Loads the list through the real CSV import, then screens the same 20,000 numbers (20% listed)
twice: with ``screen_numbers`` (BatchGetItem, 100 keys a request) and with a naive loop of one
GetItem per number (``screen_number``, what the inbound flow does for its single caller).
DynamoDB requests are counted at the botocore client, so retries of unprocessed keys count too.
The naive loop runs over the first 5,000 of the same shuffled numbers (same listed share) to
keep the run short; its cost per number does not depend on how many follow.
``BENCH_SCREENING_NAIVE=20000`` runs it over all of them.

Numbers come only from ranges reserved for fiction: +1 NPA 555-01xx in every US/Canadian area
code, and Australia's 02/03/07/08 5550 xxxx and 7010 xxxx.
"""

from __future__ import annotations

import os
import random
import time
from typing import TYPE_CHECKING

from bench.aws_requests import counting_requests

if TYPE_CHECKING:
    import contextlib
    from collections import Counter
    from collections.abc import Iterator

    from bench.report import BenchReport

LIST_SIZE = 100_000
SCREENED = 20_000
LISTED_SHARE = 0.2
NAIVE_SAMPLE = 5_000
_LISTS = ("block", "dnc", "dnc", "optout", "optout", "warn")


def fictional_numbers() -> Iterator[str]:
    """E.164 numbers from ranges reserved for drama and examples, in a fixed order."""
    import phonenumbers

    for area in ("2", "3", "7", "8"):
        for exchange in ("5550", "7010"):
            for line in range(10_000):
                yield f"+61{area}{exchange}{line:04d}"
    for npa in range(200, 1000):
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+1{npa}5550100")):
            for line in range(100):
                yield f"+1{npa}55501{line:02d}"


def _as_people_write_it(number: str, index: int) -> str:
    """Vary the formatting the way real files do, so the import's normalisation is exercised."""
    if index % 3 == 0:
        return number
    if number.startswith("+61"):
        return f"+61 {number[3]} {number[4:8]} {number[8:]}" if index % 3 == 1 else "0061" + number[3:]
    return f"+1 ({number[2:5]}) {number[5:8]}-{number[8:]}" if index % 3 == 1 else "001" + number[2:]


def _csv_lines(numbers: list[str]) -> Iterator[str]:
    yield "number,list,reason\n"
    for index, number in enumerate(numbers):
        yield f"{_as_people_write_it(number, index)},{_LISTS[index % len(_LISTS)]},bench\n"


def counting_dynamodb_requests() -> contextlib.AbstractContextManager[Counter[str]]:
    """Counts DynamoDB API requests (by operation) made by any botocore client in this process."""
    return counting_requests(lambda service, operation: operation if service == "dynamodb" else None)


def run(report: BenchReport) -> None:
    from local.aws import EmulatedAws

    aws = EmulatedAws().start()
    try:
        _run(report)
    finally:
        aws.stop()


def _run(report: BenchReport) -> None:
    from chalicelib.screening import Purpose, screen_number, screen_numbers
    from chalicelib.screening.csv_import import ImportOptions, import_csv

    pool = list(fictional_numbers())
    assert len(pool) >= LIST_SIZE + SCREENED, "not enough fictional numbers"
    listed, unlisted = pool[:LIST_SIZE], pool[LIST_SIZE:]
    rng = random.Random(20260301)
    hits = int(SCREENED * LISTED_SHARE)
    batch = rng.sample(listed, hits) + rng.sample(unlisted, SCREENED - hits)
    rng.shuffle(batch)

    with counting_dynamodb_requests() as calls:
        started = time.perf_counter()
        imported = import_csv(_csv_lines(listed), ImportOptions(source="bench"))
        import_seconds = time.perf_counter() - started
    assert imported.accepted == LIST_SIZE, imported.to_dict()
    report.figure("screening.import_rows_per_s", LIST_SIZE / import_seconds, "rows/s")
    report.figure("screening.import_requests_per_100", 100 * sum(calls.values()) / LIST_SIZE, "requests")

    with counting_dynamodb_requests() as calls:
        started = time.perf_counter()
        results = screen_numbers(batch, Purpose.OUTBOUND_MARKETING)
        batched_seconds = time.perf_counter() - started
    refused = sum(not result.may_dial for result in results)
    assert refused >= hits * 0.5, f"only {refused} of {hits} listed numbers refused"
    report.figure("screening.requests_per_100", 100 * sum(calls.values()) / SCREENED, "requests")
    report.figure("screening.numbers_per_s", SCREENED / batched_seconds, "numbers/s")

    naive_count = min(SCREENED, int(os.environ.get("BENCH_SCREENING_NAIVE", str(NAIVE_SAMPLE))))
    with counting_dynamodb_requests() as calls:
        started = time.perf_counter()
        naive = [screen_number(number, Purpose.OUTBOUND_MARKETING) for number in batch[:naive_count]]
        naive_seconds = time.perf_counter() - started
    assert [r.verdict for r in naive] == [r.verdict for r in results[:naive_count]]
    naive_rate = naive_count / naive_seconds
    report.figure("screening.naive_sample", naive_count, "numbers")
    report.figure("screening.naive_requests_per_100", 100 * sum(calls.values()) / naive_count, "requests")
    report.figure("screening.naive_numbers_per_s", naive_rate, "numbers/s")
    report.figure("screening.speedup_vs_naive", (SCREENED / batched_seconds) / naive_rate, "x")
