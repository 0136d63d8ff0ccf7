"""Bulk import of list entries from a CSV file as people actually produce them.

Columns ``number[,list,reason,expires_at]``, with or without a header row (a header may name
them in English or Chinese and in any order), comma/semicolon/tab separated, UTF-8 (with or
without BOM) or GB18030. Numbers in any common formatting: spaces, dashes, brackets, ``+86``,
``0086``, or national format with a default country. Rows stream through in chunks: only the
current chunk and the set of numbers already seen (to report duplicates) are held.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib import clock
from chalicelib.errors import InvalidInput
from chalicelib.phone import to_e164
from chalicelib.screening import store
from chalicelib.screening.lists import ListEntry, ScreeningList, list_named, parse_expiry

MAX_REPORTED_REJECTIONS = 100
FLUSH_EVERY_NUMBERS = 1000

_COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "number": (
        "number",
        "phone",
        "phone_number",
        "mobile",
        "msisdn",
        "tel",
        "telephone",
        "号码",
        "电话",
        "手机",
        "手机号",
        "手机号码",
        "电话号码",
    ),
    "list": ("list", "list_name", "type", "名单", "类型"),
    "reason": ("reason", "note", "comment", "原因", "备注"),
    "expires_at": ("expires_at", "expires", "expiry", "expiry_date", "valid_until", "过期时间", "有效期"),
}
_POSITIONAL = {"number": 0, "list": 1, "reason": 2, "expires_at": 3}

#: Writes one chunk: number -> new entries; returns how many numbers it wrote.
Writer = Callable[[Mapping[str, Sequence[ListEntry]], datetime], int]


@dataclass(frozen=True)
class ImportOptions:
    default_list: ScreeningList = ScreeningList.BLOCK  # for rows without a list column
    default_region: str | None = None  # ISO country for national-format numbers, e.g. "CN"
    source: str = "csv"
    added_by: str = "import"


@dataclass
class ImportReport:
    """What happened to every data row: accepted + duplicated + rejected == rows."""

    rows: int = 0
    accepted: int = 0
    normalised: int = 0  # accepted rows whose number (spaces around it aside) was not already E.164
    duplicated: int = 0  # repeats of an earlier (number, list) row of the same file: skipped
    rejected: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)  # first MAX_REPORTED_REJECTIONS
    numbers_written: int = 0
    by_list: dict[str, int] = field(default_factory=dict)

    def reject(self, row: int, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_REPORTED_REJECTIONS:
            self.rejections.append({"row": row, "reason": reason})

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "normalised": self.normalised,
            "duplicated": self.duplicated,
            "rejected": self.rejected,
            "rejections": self.rejections,
            "rejections_truncated": self.rejected > len(self.rejections),
            "numbers_written": self.numbers_written,
            "by_list": dict(sorted(self.by_list.items())),
        }


def decode_lines(body: bytes) -> Iterator[str]:
    """The body's lines, decoded as UTF-8 (BOM stripped) or, failing that, GB18030 (Excel in China)."""
    try:
        body.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"
    yield from io.TextIOWrapper(io.BytesIO(body), encoding=encoding, newline="")


def _delimiter(first_line: str) -> str:
    if "\t" in first_line:
        return "\t"
    if ";" in first_line and "," not in first_line:
        return ";"
    return ","


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column positions if ``cells`` is a header row (names a known column, no digits first), else None."""
    if not cells or any(ch.isdigit() for ch in cells[0]):
        return None
    names = [cell.strip().lower().replace(" ", "_").replace("-", "_") for cell in cells]
    columns = {
        column: names.index(alias)
        for column, aliases in _COLUMN_NAMES.items()
        for alias in aliases
        if alias in names
    }
    if not columns:
        return None  # a data row with junk in the number column: rejected like any other
    if "number" not in columns:
        raise InvalidInput(
            f"the header row has no phone number column (expected one of: {', '.join(_COLUMN_NAMES['number'])})",
            code="invalid_csv",
        )
    return columns


def _cell(cells: list[str], columns: Mapping[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def import_csv(
    lines: Iterable[str],
    options: ImportOptions,
    *,
    now: datetime | None = None,
    write: Writer = store.merge_entries,
    flush_every: int = FLUSH_EVERY_NUMBERS,
) -> ImportReport:
    """Add every good row to its list (merging with the number's other lists); report every row.

    A bad row is reported with its line number and reason and never stops the good ones.
    """
    now = now or clock.utcnow()
    report = ImportReport()
    stream = iter(lines)
    first = next(stream, None)
    if first is None:
        return report
    reader = csv.reader(itertools.chain([first.lstrip("\ufeff")], stream), delimiter=_delimiter(first))
    columns: Mapping[str, int] = _POSITIONAL
    seen: set[tuple[str, ScreeningList]] = set()
    pending: dict[str, list[ListEntry]] = {}
    first_row = True

    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if first_row:
            first_row = False
            header = _header_columns(cells)
            if header is not None:
                columns = header
                continue
        report.rows += 1
        row = reader.line_num
        written_number = _cell(cells, columns, "number")
        raw_number = written_number.strip("'\"").strip()  # Excel's text-cell apostrophe
        try:
            list_text = _cell(cells, columns, "list")
            list_name = list_named(list_text) if list_text else options.default_list
            number = to_e164(raw_number, options.default_region)
            expires_at = parse_expiry(_cell(cells, columns, "expires_at"), now)
        except InvalidInput as exc:
            report.reject(row, _row_reason(exc))
            continue
        if (number, list_name) in seen:
            report.duplicated += 1
            continue
        seen.add((number, list_name))
        report.accepted += 1
        report.normalised += written_number != number
        report.by_list[list_name.value] = report.by_list.get(list_name.value, 0) + 1
        entry = ListEntry(
            list=list_name,
            reason=_cell(cells, columns, "reason"),
            source=options.source,
            added_by=options.added_by,
            added_at=now,
            expires_at=expires_at,
        )
        pending.setdefault(number, []).append(entry)
        if len(pending) >= flush_every:
            report.numbers_written += write(pending, now)
            pending = {}
    if pending:
        report.numbers_written += write(pending, now)
    return report


def _row_reason(exc: InvalidInput) -> str:
    """A rejection reason without the number itself (the row number points at it)."""
    if exc.code == "invalid_phone":
        return "not a valid phone number"
    return exc.message
