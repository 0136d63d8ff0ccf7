"""Screening against the real table (moto): stored entries decide verdicts, in batched reads."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import botocore.client
import pytest

from chalicelib.screening import (
    ListEntry,
    Purpose,
    Reason,
    ScreeningList,
    Verdict,
    add_entry,
    read_entries,
    remove_entries,
    screen_number,
    screen_numbers,
)
from chalicelib.screening.csv_import import ImportOptions, decode_lines, import_csv
from chalicelib.tables import ScreeningRecord

NOW = datetime.now(UTC)


def _entry(name: ScreeningList, expires_at: datetime | None = None, reason: str = "test") -> ListEntry:
    return ListEntry(name, reason, "test", "tester", NOW, expires_at)


@pytest.fixture
def dynamodb_calls(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts every DynamoDB API call by operation name."""
    calls: Counter[str] = Counter()
    real = botocore.client.BaseClient._make_api_call

    def counting(self: Any, operation_name: str, params: dict[str, Any]) -> Any:
        calls[operation_name] += 1
        return real(self, operation_name, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", counting)
    yield calls


def test_stored_entries_give_each_purpose_its_verdict(aws: None) -> None:
    add_entry("+12125550142", _entry(ScreeningList.BLOCK), NOW)
    add_entry("+12125550143", _entry(ScreeningList.DNC), NOW)
    add_entry("+12125550144", _entry(ScreeningList.OPTOUT), NOW)
    add_entry("+12125550145", _entry(ScreeningList.WARN, reason="shouted at an agent"), NOW)
    numbers = ["+12125550142", "+12125550143", "+12125550144", "+12125550145", "+12125550146"]

    def verdicts(purpose: Purpose) -> list[tuple[str, str]]:
        return [(r.verdict.value, r.reason.value) for r in screen_numbers(numbers, purpose)]

    assert verdicts(Purpose.OUTBOUND_MARKETING) == [
        ("refuse", "blacklisted"), ("refuse", "do_not_call"), ("refuse", "opted_out"),
        ("warn", "warning_list"), ("allow", "not_listed"),
    ]  # fmt: skip
    assert verdicts(Purpose.OUTBOUND_SERVICE) == [
        ("refuse", "blacklisted"), ("refuse", "do_not_call"), ("allow", "not_listed"),
        ("warn", "warning_list"), ("allow", "not_listed"),
    ]  # fmt: skip
    assert verdicts(Purpose.INBOUND) == [
        ("block", "blacklisted"), ("allow", "not_listed"), ("allow", "not_listed"),
        ("warn", "warning_list"), ("allow", "not_listed"),
    ]  # fmt: skip
    warned = screen_number("+12125550145", Purpose.INBOUND)
    assert warned.note == "shouted at an agent"
    assert [r.may_dial for r in screen_numbers(numbers, Purpose.OUTBOUND_MARKETING)] == [
        False, False, False, True, True,
    ]  # fmt: skip


def test_an_expired_entry_has_no_effect_even_before_ttl_deletes_it(aws: None) -> None:
    add_entry("+12125550142", _entry(ScreeningList.DNC, expires_at=NOW + timedelta(hours=1)), NOW)
    assert screen_numbers(["+12125550142"], Purpose.OUTBOUND_MARKETING)[0].verdict == Verdict.REFUSE
    later = NOW + timedelta(hours=2)
    result = screen_numbers(["+12125550142"], Purpose.OUTBOUND_MARKETING, now=later)[0]
    assert (result.verdict, result.reason) == (Verdict.ALLOW, Reason.NOT_LISTED)
    assert screen_number("+12125550142", Purpose.OUTBOUND_MARKETING, now=later).verdict == Verdict.ALLOW


def test_the_item_carries_a_ttl_only_when_every_entry_expires(aws: None) -> None:
    soon = NOW + timedelta(days=1)
    add_entry("+12125550142", _entry(ScreeningList.DNC, expires_at=soon), NOW)
    assert ScreeningRecord.get("+12125550142").expires_at == soon.replace(microsecond=0)
    add_entry("+12125550142", _entry(ScreeningList.BLOCK), NOW)
    assert ScreeningRecord.get("+12125550142").expires_at is None


def test_250_numbers_are_screened_in_3_batch_reads(dynamodb_calls: Counter[str]) -> None:
    add_entry("+12125550142", _entry(ScreeningList.BLOCK), NOW)
    dynamodb_calls.clear()
    numbers = [f"+1212555{i:04d}" for i in range(100, 350)]
    results = screen_numbers(numbers, Purpose.OUTBOUND_MARKETING)
    assert dynamodb_calls == Counter({"BatchGetItem": 3})
    assert sum(r.verdict == Verdict.REFUSE for r in results) == 1


def test_invalid_and_repeated_numbers_cost_no_extra_reads(dynamodb_calls: Counter[str]) -> None:
    results = screen_numbers(["nonsense", "+1 555", "", "(212) 555-0142", "+12125550142"], "outbound_service",
                             default_region="US")  # fmt: skip
    assert [r.reason for r in results[:3]] == [Reason.INVALID_NUMBER] * 3
    assert [r.verdict for r in results[:3]] == [Verdict.REFUSE] * 3
    assert results[3].number == results[4].number == "+12125550142"
    assert dynamodb_calls == Counter({"BatchGetItem": 1})
    dynamodb_calls.clear()
    assert screen_numbers(["nonsense"], Purpose.OUTBOUND_MARKETING)[0].reason == Reason.INVALID_NUMBER
    assert dynamodb_calls == Counter()


def test_keys_dynamodb_leaves_unprocessed_are_asked_for_again(
    dynamodb_calls: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in ("+12125550142", "+12125550143", "+12125550144"):
        add_entry(number, _entry(ScreeningList.DNC), NOW)
    dynamodb_calls.clear()
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    connection = ScreeningRecord._get_connection()
    real = connection.batch_get_item
    throttled = {"once": True}

    def throttling(keys: list[Any], **kwargs: Any) -> dict[str, Any]:
        if throttled.pop("once", False):  # first call: DynamoDB serves one key, leaves the rest
            data = real(keys[:1], **kwargs)
            table = connection.table_name
            data["UnprocessedKeys"] = {table: {"Keys": [{"phone": {"S": k["phone"]}} for k in keys[1:]]}}
            return data
        return real(keys, **kwargs)

    monkeypatch.setattr(connection, "batch_get_item", throttling)
    results = screen_numbers(["+12125550142", "+12125550143", "+12125550144"], Purpose.OUTBOUND_MARKETING)
    assert [r.reason for r in results] == [Reason.DO_NOT_CALL] * 3
    assert dynamodb_calls["BatchGetItem"] == 2


def test_putting_a_number_on_a_second_list_keeps_the_first(aws: None) -> None:
    add_entry("+12125550142", _entry(ScreeningList.BLOCK, reason="fraud"), NOW)
    add_entry("+12125550142", _entry(ScreeningList.OPTOUT, reason="STOP"), NOW)
    entries = read_entries("+12125550142")
    assert set(entries) == {ScreeningList.BLOCK, ScreeningList.OPTOUT}
    assert entries[ScreeningList.BLOCK].reason == "fraud"


def test_an_edit_that_lost_a_race_is_retried_without_losing_the_other_edit(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_entry("+12125550142", _entry(ScreeningList.BLOCK), NOW)
    real_get = ScreeningRecord.get
    raced = {"once": True}

    def get_then_someone_else_writes(number: str, *args: Any, **kwargs: Any) -> ScreeningRecord:
        record = real_get(number, *args, **kwargs)
        if raced.pop("once", False):
            other = real_get(number)
            other.lists = {**other.lists.as_dict(), "warn": _entry(ScreeningList.WARN).to_item()}
            other.save()  # lands between our read and our write
        return record

    monkeypatch.setattr(ScreeningRecord, "get", get_then_someone_else_writes)
    add_entry("+12125550142", _entry(ScreeningList.DNC), NOW)
    assert set(read_entries("+12125550142")) == {ScreeningList.BLOCK, ScreeningList.WARN, ScreeningList.DNC}


def test_removing_a_number_from_one_list_keeps_the_others_and_from_all_forgets_it(aws: None) -> None:
    add_entry("+12125550142", _entry(ScreeningList.BLOCK), NOW)
    add_entry("+12125550142", _entry(ScreeningList.DNC), NOW)
    assert remove_entries("+12125550142", [ScreeningList.BLOCK], NOW) == [ScreeningList.BLOCK]
    assert set(read_entries("+12125550142")) == {ScreeningList.DNC}
    assert remove_entries("+12125550142", [ScreeningList.WARN], NOW) == []
    assert remove_entries("+12125550142", None, NOW) == [ScreeningList.DNC]
    with pytest.raises(ScreeningRecord.DoesNotExist):
        ScreeningRecord.get("+12125550142")


def test_an_import_merges_with_entries_already_on_other_lists(dynamodb_calls: Counter[str]) -> None:
    add_entry("+8613800138000", _entry(ScreeningList.BLOCK, reason="fraud"), NOW)
    dynamodb_calls.clear()
    rows = "号码,名单,原因\n" + "".join(f"138 0013 {8000 + i},dnc,campaign complaint\n" for i in range(60))
    report = import_csv(decode_lines(rows.encode()), ImportOptions(default_region="CN"), now=NOW)
    assert report.accepted == 60
    assert dynamodb_calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 3})
    entries = read_entries("+8613800138000")
    assert set(entries) == {ScreeningList.BLOCK, ScreeningList.DNC}
    assert entries[ScreeningList.BLOCK].reason == "fraud"
    assert read_entries("+8613800138059")[ScreeningList.DNC].source == "csv"
