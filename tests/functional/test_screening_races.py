"""Imports racing opt-outs on the same numbers (moto, serialised like real DynamoDB): an opt-out the
API confirmed is never lost, and an import never rewrites another list's entry."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from chalicelib.screening import ListEntry, ScreeningList, add_entry, read_entries, store
from chalicelib.screening.consent import record_opt_out
from chalicelib.screening.csv_import import ImportOptions, import_csv

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.slow  # races of many threads, a hundred rounds

NOW = datetime.now(UTC)
RACES = 100


@pytest.fixture
def serial_moto(aws: None) -> Iterator[None]:
    from local.serial_dynamodb import serialize_dynamodb

    serialize_dynamodb()  # moto's transactions are not isolated; real DynamoDB's are
    yield


def _number(index: int) -> str:
    return f"+121255501{index:02d}"  # 555-01xx: fictional numbers


def _import(numbers: list[str], list_name: str = "dnc") -> None:
    rows = [f"{number},{list_name},complaint" for number in numbers]
    import_csv(rows, ImportOptions(source="csv"), now=NOW)


def _lost(numbers: list[str], imported: ScreeningList) -> list[str]:
    lost = []
    for number in numbers:
        entries = read_entries(number)
        if ScreeningList.OPTOUT not in entries:
            lost.append(f"{number}: opt-out lost")
        if imported not in entries:
            lost.append(f"{number}: import lost")
    return lost


def test_an_opt_out_landing_between_an_imports_read_and_write_survives_it(
    serial_moto: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The worst interleaving, forced in every race: the import has read the item, the person
    replies STOP (the API answers 200), then the import writes."""
    numbers = [_number(i) for i in range(RACES)]
    for number in numbers[::2]:  # half already on another list, half new to the table
        add_entry(number, ListEntry(ScreeningList.BLOCK, "fraud", "api", "ops", NOW), NOW)
    real_read = store._read_records
    racing: dict[str, str] = {}

    def read_then_opt_out(wanted: Any) -> Any:
        records = real_read(wanted)
        number = racing.pop("number", None)
        if number is not None:
            opt_out = threading.Thread(
                target=record_opt_out,
                args=(number,),
                kwargs={"channel": "sms_reply", "said": "STOP", "now": NOW},
            )
            opt_out.start()
            opt_out.join()  # confirmed before the import writes what it read
        return records

    monkeypatch.setattr(store, "_read_records", read_then_opt_out)
    # Each race is forced, so the opt-out has landed before the retry: its backoff need not wait.
    monkeypatch.setattr(store, "time", SimpleNamespace(sleep=lambda seconds: None))
    for number in numbers:
        racing["number"] = number
        _import([number])
    lost = _lost(numbers, ScreeningList.DNC)
    blocks_kept = sum(ScreeningList.BLOCK in read_entries(number) for number in numbers[::2])
    with capsys.disabled():
        print(f"\nrace import vs opt-out (forced): {RACES} races; lost = {len(lost)}")
    assert lost == []
    assert blocks_kept == len(numbers[::2])  # nor was the other list's entry rewritten


def test_opt_outs_and_imports_in_parallel_lose_nothing(
    serial_moto: None, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = [_number(i) for i in range(RACES)]
    chunks = [numbers[start : start + 10] for start in range(0, RACES, 10)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        work = [pool.submit(_import, chunk, "block") for chunk in chunks]
        work += [
            pool.submit(record_opt_out, number, channel="sms_reply", said="STOP", now=NOW)
            for number in numbers
        ]
        for done in work:
            done.result()
    lost = _lost(numbers, ScreeningList.BLOCK)
    with capsys.disabled():
        print(f"\nrace import vs opt-out (threads): {RACES} races; lost = {len(lost)}")
    assert lost == []
