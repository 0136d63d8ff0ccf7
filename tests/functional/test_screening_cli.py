"""``callctl blacklist`` against the local stack over HTTP: import, export, add, remove."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typer.testing import CliRunner

from callctl.main import app

if TYPE_CHECKING:
    from pathlib import Path

runner = CliRunner()


def _callctl(stack: Any, *args: str) -> Any:
    return runner.invoke(app, ["blacklist", *args, "--api", stack.api_url])


def test_an_operator_imports_exports_adds_and_removes_numbers(local_stack: Any, tmp_path: Path) -> None:
    source = tmp_path / "dnc.csv"
    source.write_text(
        "号码,原因\n138 0013 8000,投诉\n0086-138-0013-8001,\n138 0013 8000,again\nxyz,\n", "utf-8"
    )
    imported = _callctl(local_stack, "import", str(source), "--list", "dnc", "--default-country", "CN")
    assert imported.exit_code == 0, imported.output
    assert "4 rows: 2 accepted (2 normalised), 1 duplicated, 1 rejected" in imported.output
    assert "row 5: not a valid phone number" in imported.output

    added = _callctl(local_stack, "add", "+12125550142", "--list", "block", "--reason", "fraud")
    assert added.exit_code == 0, added.output
    assert "+12125550142: block  fraud" in added.output

    exported_file = tmp_path / "out.csv"
    exported = _callctl(local_stack, "export", "-o", str(exported_file))
    assert exported.exit_code == 0, exported.output
    rows = exported_file.read_text("utf-8").splitlines()
    assert rows[0].startswith("number,list,reason")
    assert sorted(row.split(",")[0] for row in rows[1:]) == [
        "+12125550142",
        "+8613800138000",
        "+8613800138001",
    ]

    removed = _callctl(local_stack, "remove", "+12125550142")
    assert removed.exit_code == 0, removed.output
    assert "removed from block" in removed.output
    again = _callctl(local_stack, "remove", "+12125550142")
    assert again.exit_code == 1
    assert "not_found" in again.output


def test_a_bad_list_name_is_reported_and_exits_non_zero(local_stack: Any) -> None:
    result = _callctl(local_stack, "add", "+12125550143", "--list", "vip")
    assert result.exit_code == 1
    assert "unknown_list" in result.output


def test_callctl_says_where_to_point_it_when_no_api_is_given(monkeypatch: Any) -> None:
    monkeypatch.delenv("CALLCTL_API", raising=False)
    result = runner.invoke(app, ["blacklist", "remove", "+12125550142"])
    assert result.exit_code == 1
    assert "--local" in result.output and "--api" in result.output
