"""The marketers' command line against the local stack: launch, status, pause/resume, export."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from typer.testing import CliRunner

from callctl.main import app
from local.connect_simulator import Party
from tests.campaign.support import REPO

if TYPE_CHECKING:
    from pathlib import Path

    from local.campaign_driver import CampaignCentre

runner = CliRunner()


def _campaign_file(tmp_path: Path, campaign_id: str) -> str:
    """The parcel-arrival example under another id (the local stack lives for the whole module)."""
    text = (REPO / "campaigns" / "parcel-arrival.yaml").read_text(encoding="utf-8")
    copy = tmp_path / f"{campaign_id}.yaml"
    copy.write_text(text.replace("id: parcel-arrival", f"id: {campaign_id}", 1), encoding="utf-8")
    return str(copy)


def _cli(centre: CampaignCentre, *args: str) -> str:
    result = runner.invoke(app, [*args, "--api", centre.api])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_marketer_launches_follows_and_exports_a_campaign(centre: CampaignCentre, tmp_path: Path) -> None:
    audience = tmp_path / "audience.csv"
    audience.write_text(
        "\ufeffphone,language,name,locker,pickup_code,deadline\n"
        "+12125550161,en-US,Ana,A-1,111,Friday\n"
        "+12125550162,en-US,Bo,B-2,222,Friday\n"
        "not a number,en-US,Cy,C-3,333,Friday\n",
        encoding="utf-8",
    )
    centre.sim.script_callee("+12125550161", Party.answers(presses=["1"]))
    centre.sim.script_callee("+12125550162", Party.no_answer())
    campaign = _campaign_file(tmp_path, "parcel-cli")
    output = _cli(
        centre,
        "campaign",
        "launch",
        campaign,
        "--audience",
        str(audience),
        "--prompts",
        str(REPO / "prompts"),
    )
    assert "parcel-cli is running" in output
    assert "paused" in _cli(centre, "campaign", "pause", "parcel-cli")
    centre.run()
    assert centre.calls_to("+12125550161") == []  # paused: nobody is dialled
    assert "running" in _cli(centre, "campaign", "resume", "parcel-cli")
    centre.sim.clock.advance(61)  # a paused contact looks again after a minute
    centre.run()
    assert len(centre.calls_to("+12125550161")) == 1
    status = _cli(centre, "campaign", "status", "parcel-cli")
    assert "outcome.key_pressed" in status and "refused.invalid_number" in status
    exported = list(csv.DictReader(io.StringIO(_cli(centre, "campaign", "export", "parcel-cli"))))
    by_phone = {row["phone"]: row for row in exported}
    assert by_phone["+12125550161"]["pressed_key"] == "1"
    assert by_phone["+12125550162"]["outcome"] == "no_answer"
    assert by_phone["row#4"]["reason"] == "invalid_number"


def test_launching_twice_does_not_dial_anyone_twice(centre: CampaignCentre, tmp_path: Path) -> None:
    audience = tmp_path / "audience.csv"
    audience.write_text(
        "phone,language,name,locker,pickup_code,deadline\n+12125550171,en-US,Ana,A-1,111,Friday\n",
        encoding="utf-8",
    )
    campaign = _campaign_file(tmp_path, "parcel-twice")
    prompts = ["--prompts", str(REPO / "prompts")]
    _cli(centre, "campaign", "launch", campaign, "--audience", str(audience), *prompts)
    centre.run()
    again = runner.invoke(
        app, ["campaign", "launch", campaign, "--audience", str(audience), *prompts, "--api", centre.api]
    )
    centre.run()
    assert again.exit_code != 0 and "nothing to launch" in again.output
    assert len(centre.calls_to("+12125550171")) == 1


def test_a_broken_campaign_file_is_refused_before_anything_is_sent(
    centre: CampaignCentre, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nname: X\npurpose: nonsense\n", encoding="utf-8")
    result = runner.invoke(app, ["campaign", "launch", str(broken), "--api", centre.api])
    assert result.exit_code == 1
    assert "broken.yaml:3" in result.output
