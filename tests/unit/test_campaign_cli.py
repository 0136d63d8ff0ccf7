"""``callctl campaign validate`` and ``preview`` as a marketer uses them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from typer.testing import CliRunner

from callctl.campaign import app
from tests.unit.campaign_builders import CAMPAIGNS_DIR, PROMPTS_DIR

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

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


class _ScreeningApi:
    """The stage's POST /screening as dry-run calls it: every number on no list but ``blocked``."""

    def __init__(self, blocked: set[str]) -> None:
        self.blocked = blocked

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        assert (method, path) == ("POST", "/screening")
        numbers = kwargs["json_body"]["numbers"]
        results = [
            {
                "input": number,
                "number": number,
                "verdict": "refuse" if number in self.blocked else "allow",
                "reason": "blacklisted" if number in self.blocked else "not_listed",
            }
            for number in numbers
        ]
        return SimpleNamespace(json=lambda: {"results": results})


def test_dry_run_counts_a_consent_refusal_and_a_blacklisted_number_as_never_not_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callctl.campaign

    audience = tmp_path / "audience.csv"
    audience.write_text("phone,language,name\n+8613800138011,zh-CN,Chen\n+8613800138012,zh-CN,Liu\n")
    api = _ScreeningApi(blocked={"+8613800138012"})
    monkeypatch.setattr(callctl.campaign, "connect", lambda local, url: api)
    result = runner.invoke(
        app,
        ["dry-run", str(CAMPAIGNS_DIR / "birthday-greeting.yaml"), "--audience", str(audience), "--local"],
    )
    assert result.exit_code == 0, result.output
    assert "waiting" not in result.output
    assert "1  never (permanent): no_consent" in result.output  # marketing to China needs consent
    assert "1  never (permanent): blacklisted" in result.output
