"""``callctl blacklist import --dry-run`` checks every row of the file and imports nothing: it
needs no API at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typer.testing import CliRunner

from callctl.main import app

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_a_dry_run_reports_every_row_and_contacts_no_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CALLCTL_API", raising=False)
    source = tmp_path / "dnc.csv"
    source.write_text("number;list\n+1 (212) 555-0142;dnc\n+12125550142;dnc\nnot a number;block\n", "utf-8")
    result = CliRunner().invoke(app, ["blacklist", "import", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "3 rows: 1 accepted (1 normalised), 1 duplicated, 1 rejected" in result.output
    assert "row 4: not a valid phone number" in result.output
    assert "dry run: nothing imported" in result.output
