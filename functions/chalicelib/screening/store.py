"""DynamoDB adapter for the screening lists: one ``ScreeningRecord`` item per phone number.

Reads of many numbers are BatchGetItem requests of up to 100 keys; bulk writes are BatchWriteItem
requests of 25 items. Keys DynamoDB leaves unprocessed (throttling) are retried with backoff.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from pynamodb.exceptions import DeleteError, PutError

from chalicelib.errors import Conflict, InvalidInput
from chalicelib.screening.lists import ListEntry, ScreeningList, active, entries_from_item, expiry_of_item
from chalicelib.tables import ScreeningRecord

BATCH_GET_KEYS = 100
BATCH_WRITE_ITEMS = 25
WRITE_WORKERS = 4  # concurrent BatchWriteItem requests during an import
_MAX_UNPROCESSED_ROUNDS = 10
_MAX_EDIT_ATTEMPTS = 5

Entries = dict[ScreeningList, ListEntry]
T = TypeVar("T")


class ScreeningStoreBusy(RuntimeError):
    """DynamoDB kept leaving part of a batch unprocessed (sustained throttling)."""


class _Unchanged(Exception):
    """Raised by an edit that finds nothing to change, so nothing is written."""


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _backoff(round_number: int) -> None:
    if round_number > _MAX_UNPROCESSED_ROUNDS:
        raise ScreeningStoreBusy("DynamoDB kept throttling the screening table; try again shortly")
    time.sleep(min(0.025 * 2**round_number, 1.0))


def _entries(record: ScreeningRecord) -> Entries:
    return entries_from_item(record.lists.as_dict() if record.lists else {})


def read_entries(number: str) -> Entries:
    """Every stored entry of one number (expired ones included): one GetItem."""
    try:
        return _entries(ScreeningRecord.get(number))
    except ScreeningRecord.DoesNotExist:
        return {}


def _read_records(numbers: Iterable[str]) -> dict[str, ScreeningRecord]:
    """The stored items of ``numbers`` (absent numbers are left out), 100 keys a request."""
    connection = ScreeningRecord._get_connection()
    table = ScreeningRecord.Meta.table_name
    found: dict[str, ScreeningRecord] = {}
    for chunk in _chunks(list(dict.fromkeys(numbers)), BATCH_GET_KEYS):
        pending: list[str] = list(chunk)
        rounds = 0
        while pending:
            data = connection.batch_get_item([{"phone": number} for number in pending])  # type: ignore[misc]
            for raw in data.get("Responses", {}).get(table, []):
                record = ScreeningRecord.from_raw_data(raw)
                found[record.phone] = record
            unprocessed = data.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
            pending = [key["phone"]["S"] for key in unprocessed]
            if pending:
                rounds += 1
                _backoff(rounds)
    return found


def read_many(numbers: Iterable[str]) -> dict[str, Entries]:
    """Stored entries of many numbers, one BatchGetItem per 100 distinct numbers."""
    return {number: _entries(record) for number, record in _read_records(numbers).items()}


def _write_chunk(records: Sequence[ScreeningRecord]) -> None:
    connection = ScreeningRecord._get_connection()
    table = ScreeningRecord.Meta.table_name
    items: list[dict[str, Any]] = [record.serialize() for record in records]
    rounds = 0
    while items:
        data = connection.batch_write_item(put_items=items)
        unprocessed = (data or {}).get("UnprocessedItems", {}).get(table, [])
        items = [request["PutRequest"]["Item"] for request in unprocessed]
        if items:
            rounds += 1
            _backoff(rounds)


def _write_records(records: Sequence[ScreeningRecord]) -> None:
    chunks = list(_chunks(records, BATCH_WRITE_ITEMS))
    if len(chunks) <= 1:
        for chunk in chunks:
            _write_chunk(chunk)
        return
    from concurrent.futures import ThreadPoolExecutor  # bulk imports only: not at a flow Lambda's cold start

    with ThreadPoolExecutor(max_workers=WRITE_WORKERS) as pool:
        for _ in pool.map(_write_chunk, chunks):
            pass


def _apply(record: ScreeningRecord, entries: Entries) -> None:
    record.lists = {name.value: entry.to_item() for name, entry in entries.items()}
    record.expires_at = expiry_of_item(entries.values())


def merge_entries(additions: Mapping[str, Sequence[ListEntry]], now: datetime) -> int:
    """Add entries to many numbers in bulk, keeping each number's entries on other lists.

    Reads the existing items (BatchGetItem), merges, and writes whole items back
    (BatchWriteItem): ~1.04 requests per number instead of one UpdateItem each. Trade-off:
    BatchWriteItem has no conditions, so a single-number edit landing between this read and
    write is overwritten; the version is bumped so an edit that read before us fails and retries.
    Returns the number of items written.
    """
    existing = _read_records(additions)
    records: list[ScreeningRecord] = []
    for number, new_entries in additions.items():
        record = existing.get(number) or ScreeningRecord(number)
        entries = active(_entries(record), now)
        for entry in new_entries:
            entries[entry.list] = entry
        _apply(record, entries)
        record.version = (record.version or 0) + 1
        records.append(record)
    _write_records(records)
    return len(records)


def _edit(number: str, change: Callable[[Entries], Entries | None]) -> Entries:
    """Read-modify-write of one number under optimistic locking; ``change`` None deletes the item."""
    for _ in range(_MAX_EDIT_ATTEMPTS):
        try:
            record = ScreeningRecord.get(number)
        except ScreeningRecord.DoesNotExist:
            record = ScreeningRecord(number)
        try:
            entries = change(_entries(record))
        except _Unchanged:
            return active(_entries(record), datetime.now(UTC))
        try:
            if entries:
                _apply(record, entries)
                record.save()
            elif record.version is not None:
                record.delete()
            return entries or {}
        except (PutError, DeleteError) as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
    raise Conflict("the number was being changed by someone else at the same time; try again")


def add_entry(number: str, entry: ListEntry, now: datetime) -> Entries:
    """Put ``number`` on ``entry.list`` (replacing its previous entry there); returns active entries."""

    def change(entries: Entries) -> Entries:
        updated = active(entries, now)
        updated[entry.list] = entry
        return updated

    return _edit(number, change)


def remove_entries(number: str, lists: Iterable[ScreeningList] | None, now: datetime) -> list[ScreeningList]:
    """Take ``number`` off ``lists`` (all lists when None, deleting its item); returns what was removed."""
    removed: list[ScreeningList] = []

    def change(entries: Entries) -> Entries | None:
        removed.clear()
        targets = set(entries) if lists is None else set(lists)
        removed.extend(sorted(name for name in targets if name in entries))
        if not removed:
            raise _Unchanged
        kept = {name: entry for name, entry in active(entries, now).items() if name not in targets}
        return kept or None

    _edit(number, change)
    return removed


def _encode_cursor(key: Mapping[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(str(key["phone"]["S"]).encode()).decode()


def _decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        number = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor is not one this API returned", code="invalid_cursor") from exc
    return {"phone": {"S": number}}


def scan_page(limit: int, cursor: str | None) -> tuple[dict[str, Entries], str | None]:
    """One page of the whole table for export: up to ``limit`` numbers and the next page's cursor."""
    results = ScreeningRecord.scan(
        limit=limit,
        page_size=limit,
        last_evaluated_key=_decode_cursor(cursor) if cursor else None,
    )
    page = {record.phone: _entries(record) for record in results}
    return page, _encode_cursor(results.last_evaluated_key)
