"""The campaign part of ``make demo``: the parcel-arrival campaign over its example audience, with
mixed scripted callees, through the real pipeline (API, S3, loader, dialler, Connect simulator,
contact events, SMS fallback), then the outcome table and the SMS that went out.

Call ``show_demo_campaign(api_url, console)`` inside a running ``LocalStack``.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from chalicelib.phone import mask
from local.campaign_driver import CampaignCentre, example_audience
from local.connect_simulator import Party

#: Who does what when the demo calls the example audience (campaigns/audiences/parcel-arrival.csv).
DEMO_CALLEES: dict[str, tuple[str, Party]] = {
    "+12125550101": ("answers, presses 2 (will come down)", Party.answers(presses=["2"])),
    "+12125550102": ("does not answer", Party.no_answer()),
    "+12125550103": ("line busy", Party.busy_line()),
    "+8613800138001": ("answers, presses 1 (cannot collect)", Party.answers(presses=["1"])),
    "+8613800138002": ("voicemail picks up", Party.voicemail_box()),
    "+8613800138003": ("hangs up after 3 s", Party.hangs_up(after_s=3)),
}


def show_demo_campaign(api: str, console: Console | None = None) -> dict[str, Any]:
    console = console or Console()
    console.rule("Outbound campaign: parcel arrival (zh-CN and en-US)")
    # The demo's virtual clock starts at 02:00 UTC: 10:00 in Beijing and 21:00 (too late) in New York,
    # so the Chinese callees are called at once and the US ones wait for their own morning.
    start = _next_weekday_at(2)
    with CampaignCentre.open(api, start_at=start) as centre:
        for phone, (_, party) in DEMO_CALLEES.items():
            centre.sim.script_callee(phone, party)
        campaign = centre.create_and_launch(
            "parcel-arrival", example_audience("parcel-arrival"), id="demo-parcels"
        )
        console.print("POST /campaigns, POST /campaigns/demo-parcels/audience (S3 upload), POST .../launch")
        centre.run()
        waiting = [row for row in centre.contacts(campaign).values() if row["state"] == "waiting"]
        console.print(
            f"{_clock(centre)}: {len(waiting)} contact(s) outside their calling window wait "
            f"(reason: {', '.join(sorted({row['reason'] or '' for row in waiting}))})",
            highlight=False,
        )
        centre.sim.clock.advance(12 * 3600)  # to 09:00 in New York
        centre.run()
        console.print(f"{_clock(centre)}: the US callees' window opened; they were called", highlight=False)
        for _ in range(3):  # missed calls are retried after the campaign's delay
            centre.sim.clock.advance(61 * 60)
            centre.run()
        capped = [row for row in centre.contacts(campaign).values() if row["state"] == "waiting"]
        console.print(
            f"{_clock(centre)}: {len(capped)} missed callee(s) reached the campaign's 2 calls per 24 h; "
            "their last attempt waits for tomorrow",
            highlight=False,
        )
        centre.sim.clock.advance(24 * 3600)
        centre.run()
        contacts = centre.contacts(campaign)
        table = Table("callee", "language", "scripted behaviour", "calls", "outcome", "key", "SMS fallback")
        for phone, (behaviour, _) in DEMO_CALLEES.items():
            row = contacts.get(phone, {})
            table.add_row(
                mask(phone),
                row.get("language") or "-",
                behaviour,
                str(len(centre.calls_to(phone))),
                row.get("outcome") or row.get("state") or "-",
                row.get("pressed_key") or "",
                row.get("sms") or "",
            )
        console.print(table)
        console.rule("SMS sent (the same text as the call, with an opt-out line)")
        for phone in DEMO_CALLEES:
            for text in centre.sms_to(phone):
                console.print(f"[bold]{mask(phone)}[/]: {text}", highlight=False)
        status = centre.status(campaign)
        console.print(
            f"campaign {campaign}: [bold]{status['status']}[/], progress {status['progress'] * 100:.0f}%",
            highlight=False,
        )
        figures = ", ".join(f"{name}={value}" for name, value in sorted(status["counters"].items()))
        console.print(figures, highlight=False)
        zh_call = centre.calls_to("+8613800138001")
        if zh_call:
            console.rule("Transcript: the zh-CN callee who pressed 1")
            for line in centre.sim.transcript(zh_call[0].contact_id).lines:
                console.print(line.render(), highlight=False)
        return status


def _next_weekday_at(hour_utc: int) -> float:
    from datetime import UTC, datetime, timedelta

    day = datetime.now(UTC).replace(hour=hour_utc, minute=0, second=0, microsecond=0) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.timestamp()


def _clock(centre: CampaignCentre) -> str:
    return str(centre.sim.clock.now().strftime("%a %H:%M UTC"))
