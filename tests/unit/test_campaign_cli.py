"""``callctl campaign validate`` and ``preview`` as a marketer uses them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typer.testing import CliRunner

from callctl.campaign import app
from tests.unit.campaign_builders import CAMPAIGNS_DIR, PROMPTS_DIR

if TYPE_CHECKING:
    from pathlib import Path

runner = CliRunner()


def test_validate_accepts_every_example() -> None:
    for path in sorted(CAMPAIGNS_DIR.glob("*.yaml")):
        result = runner.invoke(app, ["validate", str(path)])
        assert result.exit_code == 0, result.output
        assert "valid" in result.output


def test_validate_prints_schema_errors_with_line_numbers_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = (CAMPAIGNS_DIR / "parcel-arrival.yaml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('start: "09:00"', "start: 9:00").replace("action: confirm", "action: maybe")
    )
    result = runner.invoke(app, ["validate", str(broken), "--prompts", str(PROMPTS_DIR)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{broken}:16: menu.2.action: 'maybe' is not one of" in lines[0]
    assert (
        lines[1]
        == f"{broken}:25: calling_window.start: '9:00' is not a time like 08:00 (quote it in YAML: \"08:00\")"
    )
    assert lines[-1] == f"{broken}: 2 problem(s)"


def test_validate_fails_when_a_template_needs_a_column_the_audience_lacks(tmp_path: Path) -> None:
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences" / "parcel-arrival.csv").write_text(
        "phone,language,name\n+12125550101,en-US,Ada\n"
    )
    campaign_file = tmp_path / "parcel.yaml"
    campaign_file.write_text((CAMPAIGNS_DIR / "parcel-arrival.yaml").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["validate", str(campaign_file), "--prompts", str(PROMPTS_DIR)])
    assert result.exit_code == 1
    assert "uses {locker} but the audience has no such column" in result.output


def test_preview_renders_the_first_rows_with_masked_numbers() -> None:
    result = runner.invoke(app, ["preview", str(CAMPAIGNS_DIR / "parcel-arrival.yaml"), "-n", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.count("  call: ") == 2
    assert result.output.count("  sms (1 part(s)): ") == 2
    assert "*******0101" in result.output and "+12125550101" not in result.output
    assert "Alex Morgan" in result.output and "Jordan Park" not in result.output


def test_preview_with_another_audience_reports_rows_it_cannot_render(tmp_path: Path) -> None:
    audience = tmp_path / "audience.csv"
    audience.write_text(
        "\ufeffphone,language,name,amount,due_date\n+12125550121,en-US,Morgan,$10,June 30\n"
        "+8613800138021,zh-CN,赵磊,,6月30日\n",
        encoding="utf-8",
    )
    loan = CAMPAIGNS_DIR / "loan-repayment-reminder.yaml"
    result = runner.invoke(app, ["preview", str(loan), "--audience", str(audience), "-n", "5"])
    assert result.exit_code == 1
    assert "your loan repayment of $10 is due on June 30" in result.output
    assert (
        "row 2 (*********8021): cannot render: template zh-CN/campaign-loan-repayment-reminder needs a value for {amount}"
        in result.output
    )
