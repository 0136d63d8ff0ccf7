"""The audience loader: streams a CSV (never the whole file in memory), normalises and
de-duplicates numbers, screens every row in batches, renders the texts, stores each contact and
enqueues the callable ones, ten contacts to a message.

Re-running a load that failed halfway is safe: contacts already stored are skipped, so nobody is
enqueued (or dialled) twice. Refused rows are stored too, with their reason: no silently empty
queue.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from chalicelib.campaigns import runs
from chalicelib.campaigns.templates import TemplateError, render_contact
from chalicelib.errors import InvalidInput
from chalicelib.phone import to_e164
from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.tables import CampaignContactRecord

BATCH_ROWS = 100  # one BatchGetItem for screening, one for "already loaded"
CONTACTS_PER_MESSAGE = 10


@dataclass
class LoadReport:
    rows: int = 0
    callable: int = 0
    duplicates: int = 0
    already_loaded: int = 0
    refused: Counter[str] = field(default_factory=Counter)

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


def load_audience(campaign_id: str, lines: Iterable[str], *, now: datetime | None = None) -> LoadReport:
    """Load every row of the audience; returns the report (also added to the campaign's counters)."""
    now = now or datetime.now(UTC)
    loaded = runs.load(campaign_id)
    reader = csv.DictReader(lines)
    phone_column = loaded.campaign.audience.phone_column
    if reader.fieldnames is None or phone_column not in reader.fieldnames:
        raise InvalidInput(
            f"the audience file has no {phone_column!r} column (its header: {reader.fieldnames})"
        )
    loader = _Loader(campaign_id, loaded, now)
    seen: set[str] = set()
    for row_number, row in enumerate(reader, start=2):
        loader.report.rows += 1
        try:
            phone = to_e164((row.get(phone_column) or "").strip(), _default_region(loaded.campaign))
        except InvalidInput:
            loader.add(row_number, None, row)
            continue
        if phone in seen:
            loader.report.duplicates += 1
            loader.figures["contacts.duplicates"] += 1
            continue
        seen.add(phone)
        loader.add(row_number, phone, row)
    loader.flush()
    loader.write_counters()
    return loader.report


class _Loader:
    """Accumulates rows and writes them a batch at a time; counters every COUNTER_EVERY batches."""

    COUNTER_EVERY = 10

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
        self.flushes = 0

    def add(self, row_number: int, phone: str | None, row: dict[str, str]) -> None:
        self.batch.append((row_number, phone, row))
        if len(self.batch) == BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        from chalicelib import work_queues
        from chalicelib.screening import screen_numbers

        if not self.batch:
            return
        keys = [f"row#{row_number}" if phone is None else phone for row_number, phone, _ in self.batch]
        existing = {
            item.phone for item in CampaignContactRecord.batch_get([(self.campaign_id, key) for key in keys])
        }
        fresh = [entry for entry, key in zip(self.batch, keys, strict=True) if key not in existing]
        self.report.already_loaded += len(self.batch) - len(fresh)
        valid = [phone for _, phone, _ in fresh if phone is not None]
        screenings = iter(screen_numbers(valid, self.purpose, now=self.now) if valid else [])
        callable_phones: list[str] = []
        with CampaignContactRecord.batch_write() as writer:
            for row_number, phone, row in fresh:
                record = self._contact(phone or f"row#{row_number}", row_number, row)
                if phone is None:
                    self._refuse(record, "invalid_number")
                elif not (screening := next(screenings)).may_dial:
                    self._refuse(record, screening.reason.value)
                else:
                    try:
                        rendered = render_contact(self.loaded.campaign, self.loaded.texts, row)
                    except TemplateError as error:
                        self._refuse(record, error.code)
                    else:
                        record.language, record.voice = rendered.language, rendered.voice
                        record.call_text, record.sms_text = rendered.call_text, rendered.sms_text
                        callable_phones.append(phone)
                writer.save(record)
        work_queues.send(
            DIALLER_QUEUE_ENV,
            (
                dialler_message(self.campaign_id, callable_phones[start : start + CONTACTS_PER_MESSAGE])
                for start in range(0, len(callable_phones), CONTACTS_PER_MESSAGE)
            ),
        )
        self.report.callable += len(callable_phones)
        self.figures["contacts.callable"] += len(callable_phones)
        self.figures["contacts.loaded"] += len(fresh)
        self.batch = []
        self.flushes += 1
        if self.flushes % self.COUNTER_EVERY == 0:
            self.write_counters()

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

    def _refuse(self, record: CampaignContactRecord, reason: str) -> None:
        record.state = "refused"
        record.campaign_state = f"{record.campaign_id}#refused"
        record.reason = reason
        self.report.refused[reason] += 1
        self.figures[f"refused.{reason}"] += 1

    def write_counters(self) -> None:
        runs.count(self.campaign_id, self.figures)
        self.figures = Counter()


def _default_region(campaign: Any) -> str | None:
    return getattr(campaign.audience, "default_country", None)
