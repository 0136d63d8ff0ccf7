"""DynamoDB adapter for the screening lists: one ``ScreeningRecord`` item per phone number.

Reads of many numbers are BatchGetItem requests of up to 100 keys. Bulk imports write 25 numbers
per TransactWriteItems request, each number conditionally: an existing item gets only the
entries of the lists being imported (``SET lists.<list>``) under the version it was read at, a
new one is created only while still absent. Nothing else on the item is rewritten, and a number
changed meanwhile (an opt-out racing the import) fails its condition and is read and merged
again. An opt-out is one UpdateItem that needs no read, so it cannot lose a race. Keys DynamoDB
leaves unprocessed and transactions it cancels for contention are retried with backoff.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action

from chalicelib import clock
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.screening.lists import ListEntry, ScreeningList, active, entries_from_item, expiry_of_item
from chalicelib.tables import ScreeningRecord, writes

if TYPE_CHECKING:
    from pynamodb.transactions import TransactWrite

BATCH_GET_KEYS = 100
TRANSACT_ITEMS = 25  # numbers per TransactWriteItems (DynamoDB allows 100; fewer conflict less)
WRITE_WORKERS = 4  # concurrent TransactWriteItems requests during an import
_MAX_UNPROCESSED_ROUNDS = 10
#: A cancelled chunk is retried longer than a throttled one: every round waits for writers that
#: each finish in one request (opt-outs), so contention ends; throttling may not.
_MAX_CONTENTION_ROUNDS = 40
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


def _backoff(round_number: int, limit: int = _MAX_UNPROCESSED_ROUNDS) -> None:
    if round_number > limit:
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
    connection = writes.table_connection(ScreeningRecord)
    table = connection.table_name
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


def _list_path(name: ScreeningList) -> Path:
    """``lists.<name>``: one list's entry of an item, written without touching the others."""
    return cast(Path, ScreeningRecord.lists[name.value])


def _apply(record: ScreeningRecord, entries: Entries) -> None:
    record.lists = {name.value: entry.to_item() for name, entry in entries.items()}
    record.expires_at = expiry_of_item(entries.values())


def _merge_into(
    transaction: TransactWrite, number: str, record: ScreeningRecord | None, new: Sequence[ListEntry]
) -> None:
    """One number's part of an import transaction: only the imported lists' entries are written."""
    if record is None:
        created = ScreeningRecord(number)
        _apply(created, {entry.list: entry for entry in new})
        transaction.save(created, condition=ScreeningRecord.phone.does_not_exist())
        return
    entries = _entries(record)
    for entry in new:
        entries[entry.list] = entry
    expiry = expiry_of_item(entries.values())
    actions: list[Action] = [_list_path(entry.list).set(entry.to_item()) for entry in new]
    actions.append(ScreeningRecord.expires_at.set(expiry) if expiry else ScreeningRecord.expires_at.remove())
    transaction.update(record, actions=actions)  # PynamoDB adds "version = <as read>" and bumps it


def _merge_chunk(existing: dict[str, ScreeningRecord], additions: Mapping[str, Sequence[ListEntry]]) -> None:
    """Write one chunk in one transaction. Numbers changed since they were read are read again
    and the chunk retried (a cancelled transaction writes nothing)."""
    rounds = 0
    while True:
        try:
            with writes.transaction(ScreeningRecord) as transaction:
                for number, new in additions.items():
                    _merge_into(transaction, number, existing.get(number), new)
            return
        except TransactWriteError as error:
            codes = writes.cancellation_codes(error)
            if not any(code in (writes.CONDITION_FAILED, writes.TRANSACTION_CONFLICT) for code in codes):
                raise
            rounds += 1
            _backoff(rounds, _MAX_CONTENTION_ROUNDS)
            stale = [n for n, code in zip(additions, codes, strict=False) if code == writes.CONDITION_FAILED]
            fresh = _read_records(stale)
            for number in stale:
                if number in fresh:
                    existing[number] = fresh[number]
                else:
                    existing.pop(number, None)


def merge_entries(additions: Mapping[str, Sequence[ListEntry]], now: datetime) -> int:
    """Add entries to many numbers in bulk, never rewriting a number's entries on other lists.

    Reads the existing items (BatchGetItem), then writes 25 numbers per conditional transaction:
    about 0.05 requests per number. A concurrent single-number edit (an opt-out, an API change)
    is never overwritten: the import's condition fails, the number is read again and merged.
    Returns the number of items written.
    """
    existing = _read_records(additions)
    chunks = [{n: additions[n] for n in chunk} for chunk in _chunks(list(additions), TRANSACT_ITEMS)]

    def write(chunk: dict[str, Sequence[ListEntry]]) -> None:
        _merge_chunk({n: existing[n] for n in chunk if n in existing}, chunk)

    if len(chunks) <= 1:
        for chunk in chunks:
            write(chunk)
        return len(additions)
    from concurrent.futures import ThreadPoolExecutor  # bulk imports only: not at a flow Lambda's cold start

    with ThreadPoolExecutor(max_workers=WRITE_WORKERS) as pool:
        for _ in pool.map(write, chunks):
            pass
    return len(additions)


def add_permanent_entry(number: str, entry: ListEntry) -> None:
    """Put ``number`` on a list for good with one write that needs no read (an opt-out): it
    cannot lose a race, and the version it bumps sends any concurrent edit round again."""
    if entry.expires_at is not None:
        raise ValueError("a permanent entry has no expiry")
    for _ in range(_MAX_EDIT_ATTEMPTS):
        try:
            # The table connection, not Model.update: that would reset an unknown version to 1.
            writes.table_connection(ScreeningRecord).update_item(
                number,
                actions=[
                    _list_path(entry.list).set(entry.to_item()),
                    ScreeningRecord.expires_at.remove(),  # a permanent entry keeps the item
                    ScreeningRecord.version.add(1),
                ],
                condition=ScreeningRecord.phone.exists(),
            )
            return
        except UpdateError as error:
            if not writes.lost_race(error):  # another writer got there first: retry
                raise
        try:
            created = ScreeningRecord(number)
            _apply(created, {entry.list: entry})
            created.save(condition=ScreeningRecord.phone.does_not_exist())
            return
        except PutError as error:
            if not writes.lost_race(error):
                raise
    raise Conflict("the number was being changed by someone else at the same time; try again")


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
            return active(_entries(record), clock.utcnow())
        try:
            if entries:
                _apply(record, entries)
                record.save()
            elif record.version is not None:
                record.delete()
            return entries or {}
        except (PutError, DeleteError) as exc:
            if not writes.lost_race(exc):
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
    """Sealed with the stage's key: a client cannot forge a start key DynamoDB would refuse."""
    from chalicelib import signing

    if not key:
        return None
    return signing.seal({"phone": str(key["phone"]["S"])})


def _decode_cursor(cursor: str) -> dict[str, Any]:
    from chalicelib import signing

    data = signing.unseal(cursor)
    if data is None or not isinstance(data.get("phone"), str) or not data["phone"]:
        raise InvalidInput("cursor is not one this API returned", code="invalid_cursor")
    return {"phone": {"S": data["phone"]}}


def scan_page(limit: int, cursor: str | None) -> tuple[dict[str, Entries], str | None]:
    """One page of the whole table for export: up to ``limit`` numbers and the next page's cursor."""
    results = ScreeningRecord.scan(
        limit=limit,
        page_size=limit,
        last_evaluated_key=_decode_cursor(cursor) if cursor else None,
    )
    page = {record.phone: _entries(record) for record in results}
    return page, _encode_cursor(results.last_evaluated_key)
