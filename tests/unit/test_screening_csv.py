"""CSV import of list entries as real files arrive: messy numbers, headers or not, bad rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from chalicelib.errors import InvalidInput
from chalicelib.screening import ListEntry, ScreeningList
from chalicelib.screening.csv_import import ImportOptions, decode_lines, import_csv

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class FakeStore:
    """Records what the import would write, chunk by chunk."""

    def __init__(self) -> None:
        self.chunks: list[dict[str, list[ListEntry]]] = []

    def write(self, additions: Mapping[str, Sequence[ListEntry]], now: datetime) -> int:
        self.chunks.append({number: list(entries) for number, entries in additions.items()})
        return len(additions)

    @property
    def entries(self) -> dict[str, dict[str, ListEntry]]:
        merged: dict[str, dict[str, ListEntry]] = {}
        for chunk in self.chunks:
            for number, entries in chunk.items():
                merged.setdefault(number, {}).update({entry.list.value: entry for entry in entries})
        return merged


def _import(text: str | bytes, store: FakeStore, **options: object) -> dict[str, object]:
    body = text.encode() if isinstance(text, str) else text
    report = import_csv(decode_lines(body), ImportOptions(**options), now=NOW, write=store.write)  # type: ignore[arg-type]
    return report.to_dict()


def test_messy_real_world_numbers_all_land_in_e164() -> None:
    store = FakeStore()
    text = (
        "\ufeffPhone,List,Reason,Expires\n"
        "+1 (212) 555-0142,block,abusive\n"
        "+1 212.555.0143,dnc,asked not to be called\n"
        "0086 138 0013 8001,optout,退订\n"
        "+86 (138) 0013-8002,dnc,\n"
        "138-0013-8003,warn,VIP complaint history\n"
        "'+12125550144,block,excel apostrophe\n"
        "  +8613800138004  ,  DNC  ,  padded  \n"
    )
    report = _import(text, store, default_region="CN")
    assert report["rejected"] == 0, report["rejections"]
    assert sorted(store.entries) == [
        "+12125550142", "+12125550143", "+12125550144",
        "+8613800138001", "+8613800138002", "+8613800138003", "+8613800138004",
    ]  # fmt: skip
    assert report["accepted"] == 7
    assert report["normalised"] == 6  # only the padded +8613800138004 was already E.164
    assert store.entries["+8613800138003"]["warn"].reason == "VIP complaint history"
    assert store.entries["+8613800138004"]["dnc"].reason == "padded"


def test_national_numbers_use_the_default_country() -> None:
    store = FakeStore()
    _import("212 555 0142\n", store, default_region="US")
    _import("138 0013 8000\n", store, default_region="CN")
    assert set(store.entries) == {"+12125550142", "+8613800138000"}


def test_a_bad_row_is_reported_with_its_line_and_the_good_rows_still_import() -> None:
    store = FakeStore()
    text = (
        "number,list,reason,expires_at\n"
        "+12125550142,block,ok\n"
        "not a number,block,typo\n"
        "+12125550143,vip,unknown list\n"
        "+12125550144,dnc,old,2020-01-01\n"
        "+12125550145,dnc,ok,2027-01-01\n"
    )
    report = _import(text, store)
    assert report["rows"] == 5
    assert report["accepted"] == 2
    assert report["rejected"] == 3
    rejections = {r["row"]: r["reason"] for r in report["rejections"]}  # type: ignore[attr-defined]
    assert rejections[3] == "not a valid phone number"
    assert "unknown list" in rejections[4]
    assert "past" in rejections[5]
    assert set(store.entries) == {"+12125550142", "+12125550145"}
    assert store.entries["+12125550145"]["dnc"].expires_at == datetime(2027, 1, 2, tzinfo=UTC)


def test_a_number_repeated_in_the_file_counts_as_duplicated_but_another_list_does_not() -> None:
    store = FakeStore()
    text = "+12125550142,dnc\n(212) 555-0142,dnc\n212-555-0142,optout\n+12125550142,DNC\n"
    report = _import(text, store, default_region="US")
    assert (report["rows"], report["accepted"], report["duplicated"]) == (4, 2, 2)
    assert set(store.entries["+12125550142"]) == {"dnc", "optout"}


def test_rows_without_a_list_go_to_the_chosen_default_list() -> None:
    store = FakeStore()
    report = _import("+12125550142\n+12125550143,,no list given\n", store, default_list=ScreeningList.DNC)
    assert report["by_list"] == {"dnc": 2}


def test_a_header_may_name_columns_in_any_order_and_in_chinese() -> None:
    store = FakeStore()
    text = "原因;手机号;名单\n投诉;138 0013 8000;退订\n"
    report = _import(text, store, default_region="CN")
    assert report["accepted"] == 1
    entry = store.entries["+8613800138000"]["optout"]
    assert entry.reason == "投诉"


def test_a_gb18030_file_from_excel_is_read() -> None:
    store = FakeStore()
    report = _import("手机号,原因\n13800138000,骚扰\n".encode("gb18030"), store, default_region="CN")
    assert report["accepted"] == 1
    assert store.entries["+8613800138000"]["block"].reason == "骚扰"


def test_a_tab_separated_file_without_header_is_read_by_position() -> None:
    store = FakeStore()
    report = _import("+12125550142\twarn\tshouts\n", store)
    assert report["accepted"] == 1
    assert store.entries["+12125550142"]["warn"].reason == "shouts"


def test_a_header_without_a_number_column_is_refused_as_a_whole() -> None:
    with pytest.raises(InvalidInput) as error:
        _import("name,list\nAlice,block\n", FakeStore())
    assert error.value.code == "invalid_csv"


def test_large_files_are_written_in_chunks_and_rejections_are_capped() -> None:
    store = FakeStore()
    good = "".join(f"+1212555{i:04d}\n" for i in range(100, 350))
    bad = "nope\n" * 150
    report = import_csv(
        decode_lines((good + bad).encode()), ImportOptions(), now=NOW, write=store.write, flush_every=100
    ).to_dict()
    assert [len(chunk) for chunk in store.chunks] == [100, 100, 50]
    assert report["numbers_written"] == 250
    assert report["rejected"] == 150
    assert len(report["rejections"]) == 100
    assert report["rejections_truncated"] is True


def test_an_empty_file_imports_nothing() -> None:
    store = FakeStore()
    assert _import("", store)["rows"] == 0
    assert store.chunks == []
