"""The audience loader: a batch of rows at a time (the state machine's Distributed Map hands the
batches out, ``launch.handle_load_step`` receives them), normalises and de-duplicates numbers,
screens every row, renders the texts, stores each contact and enqueues the callable ones, ten
contacts to a message.

A batch delivered again, whole or after being cut short, loses and duplicates nothing: contacts
are written only if absent and keyed by campaign and number, and a batch's figures are counted
once. Refused rows are stored too, with their reason: no silently empty queue.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.campaigns import runs
from chalicelib.campaigns.templates import TemplateError, render_contact
from chalicelib.errors import InvalidInput
from chalicelib.phone import to_e164
from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.tables import CampaignContactRecord, writes

BATCH_ROWS = 100  # one BatchGetItem for screening, one for "already loaded"
CONTACTS_PER_MESSAGE = 10


@dataclass
class LoadReport:
    rows: int = 0
    callable: int = 0
    duplicates: int = 0
    already_loaded: int = 0
    refused: Counter[str] = field(default_factory=Counter)

    def add(self, other: LoadReport) -> None:
        self.rows += other.rows
        self.callable += other.callable
        self.duplicates += other.duplicates
        self.already_loaded += other.already_loaded
        self.refused.update(other.refused)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "callable": self.callable,
            "duplicates": self.duplicates,
            "already_loaded": self.already_loaded,
            "refused": dict(self.refused),
        }


def dialler_message(
    campaign_id: str, phones: list[str], attempt: int = 1, not_before: float = 0
) -> dict[str, Any]:
    """The dialler queue's message body: up to ten contacts of one campaign and attempt."""
    return {"campaign_id": campaign_id, "phones": phones, "attempt": attempt, "not_before": not_before}


def decoded_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """UTF-8 lines (with or without BOM) from a byte stream, e.g. S3 ``iter_lines()``."""
    first = True
    for chunk in chunks:
        line = chunk.decode("utf-8")
        if first:
            line = line.removeprefix("\ufeff")
            first = False
        yield line


def check_header(
    campaign_id: str, fieldnames: list[str] | None, loaded: runs.LoadedCampaign | None = None
) -> None:
    """A file without the campaign's phone column is refused before any row is read."""
    loaded = loaded or runs.load(campaign_id)
    phone_column = loaded.campaign.audience.phone_column
    if not fieldnames or phone_column not in fieldnames:
        raise InvalidInput(f"the audience file has no {phone_column!r} column (its header: {fieldnames})")


def load_audience(
    campaign_id: str, lines: Iterable[str], *, now: datetime | None = None, rows_per_batch: int = 1000
) -> LoadReport:
    """Load a whole file here, batch after batch, as the state machine would (tests, benchmarks)."""
    loaded = runs.load(campaign_id)
    reader = csv.DictReader(lines)
    check_header(campaign_id, list(reader.fieldnames or []), loaded)
    report = LoadReport()
    batch: list[dict[str, Any]] = []
    for index, row in enumerate(reader):
        batch.append({"index": index, "row": row})
        if len(batch) == rows_per_batch:
            report.add(load_rows(campaign_id, batch, now=now, loaded=loaded))
            batch = []
    if batch:
        report.add(load_rows(campaign_id, batch, now=now, loaded=loaded))
    return report


def load_rows(
    campaign_id: str,
    items: list[dict[str, Any]],
    *,
    now: datetime | None = None,
    loaded: runs.LoadedCampaign | None = None,
) -> LoadReport:
    """Load one batch of the file (``[{"index": i, "row": {column: value}}]``, index 0 = the line
    after the header); safe to run again, whole or after being cut short.

    Each contact is keyed by campaign and number (an invalid number by its line), written only if
    absent, and remembers the line that wrote it: a number met again on another line is that
    line's duplicate; met again on the same line, it is this batch's own earlier attempt, counted
    again (and re-enqueued while still queued; the dialler dials a contact once). The batch's
    figures and its marker go in one transaction, so the counters add each batch once.
    """
    from chalicelib.batch_jobs import clean_row

    report = LoadReport()
    if not items:
        return report
    marker = runs.batch_marker(int(items[0]["index"]))
    if runs.batch_counted(campaign_id, marker):
        report.rows = report.already_loaded = len(items)
        return report
    loaded = loaded or runs.load(campaign_id)
    loader = _Loader(campaign_id, loaded, now or clock.utcnow())
    phone_column = loaded.campaign.audience.phone_column
    seen: set[str] = set()
    for item in items:
        row = clean_row(item["row"])
        row_number = int(item["index"]) + 2  # line 1 is the header
        loader.report.rows += 1
        try:
            phone = to_e164((row.get(phone_column) or "").strip(), _default_region(loaded.campaign))
        except InvalidInput:
            loader.add(row_number, None, row)
            continue
        if phone in seen:
            loader.duplicate()
            continue
        seen.add(phone)
        loader.add(row_number, phone, row)
    loader.flush()
    loader.figures["load.rows_done"] += len(items)
    if not runs.count_batch_once(campaign_id, marker, loader.figures):
        loader.report.already_loaded = loader.report.rows  # a twin delivery counted it first
    return loader.report


class _Loader:
    """Accumulates rows and writes them ``BATCH_ROWS`` at a time; figures are counted by the caller."""

    def __init__(self, campaign_id: str, loaded: runs.LoadedCampaign, now: datetime) -> None:
        from chalicelib.screening import Purpose

        self.campaign_id = campaign_id
        self.loaded = loaded
        self.now = now
        self.purpose = (
            Purpose.OUTBOUND_MARKETING if loaded.campaign.is_marketing else Purpose.OUTBOUND_SERVICE
        )
        self.report = LoadReport()
        self.figures: Counter[str] = Counter()
        self.batch: list[tuple[int, str | None, dict[str, str]]] = []

    def add(self, row_number: int, phone: str | None, row: dict[str, str]) -> None:
        self.batch.append((row_number, phone, row))
        if len(self.batch) == BATCH_ROWS:
            self.flush()

    def duplicate(self) -> None:
        self.report.duplicates += 1
        self.figures["contacts.duplicates"] += 1

    def flush(self) -> None:
        from chalicelib import work_queues
        from chalicelib.screening import screen_numbers

        if not self.batch:
            return
        keys = [f"row#{row_number}" if phone is None else phone for row_number, phone, _ in self.batch]
        existing = {
            item.phone: item
            for item in CampaignContactRecord.batch_get([(self.campaign_id, key) for key in keys])
        }
        fresh: list[tuple[int, str | None, dict[str, str]]] = []
        callable_phones: list[str] = []
        for entry, key in zip(self.batch, keys, strict=True):
            record = existing.get(key)
            if record is None:
                fresh.append(entry)
            elif record.row == entry[0]:
                self._recount(record, callable_phones)  # this batch's earlier, cut-short attempt
            else:
                self.duplicate()  # another line of the file holds this number
        valid = [phone for _, phone, _ in fresh if phone is not None]
        screenings = iter(screen_numbers(valid, self.purpose, now=self.now) if valid else [])
        records: list[CampaignContactRecord] = []
        for row_number, phone, row in fresh:
            record = self._contact(phone or f"row#{row_number}", row_number, row)
            if phone is None:
                self._mark_refused(record, "invalid_number")
            elif not (screening := next(screenings)).may_dial:
                self._mark_refused(record, screening.reason.value)
            else:
                try:
                    rendered = render_contact(self.loaded.campaign, self.loaded.texts, row)
                except TemplateError as error:
                    self._mark_refused(record, error.code)
                else:
                    record.language, record.voice = rendered.language, rendered.voice
                    record.call_text, record.sms_text = rendered.call_text, rendered.sms_text
            records.append(record)
        for record in _write_absent(records, self.duplicate):
            self._count(record, callable_phones)
        work_queues.send(
            DIALLER_QUEUE_ENV,
            (
                dialler_message(self.campaign_id, callable_phones[start : start + CONTACTS_PER_MESSAGE])
                for start in range(0, len(callable_phones), CONTACTS_PER_MESSAGE)
            ),
        )
        self.batch = []

    def _count(self, record: CampaignContactRecord, callable_phones: list[str]) -> None:
        self.figures["contacts.loaded"] += 1
        if record.state == "refused":
            reason = str(record.reason)
            self.report.refused[reason] += 1
            self.figures[f"refused.{reason}"] += 1
            return
        self.report.callable += 1
        self.figures["contacts.callable"] += 1
        if record.state == "queued":
            callable_phones.append(record.phone)

    def _recount(self, record: CampaignContactRecord, callable_phones: list[str]) -> None:
        self._count(record, callable_phones)

    def _contact(self, phone: str, row_number: int, row: dict[str, str]) -> CampaignContactRecord:
        spec = self.loaded.campaign.audience
        return CampaignContactRecord(
            self.campaign_id,
            phone,
            state="queued",
            campaign_state=f"{self.campaign_id}#queued",
            row=row_number,
            timezone=(row.get(spec.timezone_column) or None),
            region=(row.get("state") or None),
            updated_at=self.now,
        )

    @staticmethod
    def _mark_refused(record: CampaignContactRecord, reason: str) -> None:
        record.state = "refused"
        record.campaign_state = f"{record.campaign_id}#refused"
        record.reason = reason


def _write_absent(
    records: list[CampaignContactRecord], on_taken: Callable[[], None]
) -> list[CampaignContactRecord]:
    """Write the contacts that nobody has written yet (one transaction of up to 100); returns
    those written. A contact another line (another batch running at the same moment) wrote
    first is that line's: ``on_taken`` counts it as a duplicate."""
    pending = list(records)
    for _ in range(10):
        if not pending:
            return []
        try:
            with writes.transaction(CampaignContactRecord) as transaction:
                for record in pending:
                    transaction.save(record, condition=CampaignContactRecord.phone.does_not_exist())
        except TransactWriteError as error:
            codes = writes.cancellation_codes(error)
            taken = writes.refused_items(error)
            if not codes or not (taken or writes.TRANSACTION_CONFLICT in codes):
                raise
            for _ in taken:
                on_taken()
            pending = [record for index, record in enumerate(pending) if index not in taken]
            continue
        return pending
    raise RuntimeError("contacts kept colliding with a concurrent load; the batch will be retried")


def _default_region(campaign: Any) -> str | None:
    return getattr(campaign.audience, "default_country", None)
