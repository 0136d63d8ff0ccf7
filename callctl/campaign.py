"""``callctl campaign ...``: write, check and run outbound campaigns.

Authoring commands (this section) work on files only: ``validate`` and ``preview``. Commands that
talk to a stage (launch, pause, resume, stop, status, export) belong in their own section below and
can reuse ``load_campaign_or_exit``, ``prompts_dir_for`` and ``audience_path_for``.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import Annotated, NoReturn
from urllib.parse import quote

import requests
import typer

from callctl._client import ApiError, ApiOption, LocalOption, connect, fail_with
from chalicelib.campaigns.definition import Campaign, CampaignInvalid, load_campaign_file
from chalicelib.campaigns.templates import (
    TemplateError,
    load_campaign_texts,
    render_contact,
    sms_segments,
    template_problems,
)
from chalicelib.errors import InvalidInput
from chalicelib.phone import mask, to_e164

app = typer.Typer(no_args_is_help=True, help="Outbound campaigns: validate, preview, launch, follow.")


# -- shared helpers ---------------------------------------------------------------------------


def load_campaign_or_exit(path: Path) -> Campaign:
    """The campaign in ``path``, or every problem printed as ``file:line: field: message`` and exit 1."""
    try:
        return load_campaign_file(path)
    except CampaignInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{path}: {len(exc.problems)} problem(s)", err=True)
        raise typer.Exit(1) from exc


def prompts_dir_for(campaign_file: Path, given: Path | None = None) -> Path:
    """``given``, else the nearest ``prompts/`` beside or above the campaign file, else ./prompts."""
    if given is not None:
        return given
    for folder in campaign_file.resolve().parents:
        if (folder / "prompts").is_dir():
            return folder / "prompts"
    return Path("prompts")


def audience_path_for(campaign: Campaign, campaign_file: Path, given: Path | None = None) -> Path | None:
    if given is not None:
        return given
    if campaign.audience.file:
        return campaign_file.parent / campaign.audience.file
    return None


def _audience_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


# -- authoring --------------------------------------------------------------------------------

CampaignFile = Annotated[Path, typer.Argument(help="campaign YAML file", exists=True, dir_okay=False)]
PromptsOption = Annotated[
    Path | None, typer.Option("--prompts", help="prompts/ folder (default: the one above FILE)")
]


@app.command()
def validate(
    file: CampaignFile,
    prompts: PromptsOption = None,
) -> None:
    """Check a campaign file against schemas/campaign.schema.json, its prompts and audience header."""
    campaign = load_campaign_or_exit(file)
    audience = audience_path_for(campaign, file)
    columns = None
    if audience is not None:
        if not audience.is_file():
            typer.echo(f"{file}: audience.file: {audience} does not exist", err=True)
            raise typer.Exit(1)
        columns = _audience_header(audience)
        if campaign.audience.phone_column not in columns:
            typer.echo(
                f"{file}: audience.phone_column: {audience} has no column {campaign.audience.phone_column!r}",
                err=True,
            )
            raise typer.Exit(1)
    problems = template_problems(campaign, prompts_dir_for(file, prompts), columns)
    for problem in problems:
        typer.echo(f"{file}: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    languages = ", ".join(campaign.languages)
    typer.echo(f"{file}: valid - {campaign.id} ({campaign.purpose}; {languages})")


@app.command()
def preview(
    file: CampaignFile,
    audience: Annotated[
        Path | None, typer.Option("--audience", "-a", help="audience CSV (default: the campaign's)")
    ] = None,
    rows: Annotated[int, typer.Option("-n", "--rows", min=1, help="how many rows to render")] = 5,
    prompts: PromptsOption = None,
) -> None:
    """Print the call text and the SMS each of the first N audience rows would get."""
    campaign = load_campaign_or_exit(file)
    try:
        texts = load_campaign_texts(campaign, prompts_dir_for(file, prompts))
    except TemplateError as exc:
        typer.echo(f"{file}: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    audience_file = audience_path_for(campaign, file, audience)
    if audience_file is None or not audience_file.is_file():
        typer.echo(f"{file}: no audience file: pass --audience CSV", err=True)
        raise typer.Exit(1)

    failures = 0
    with audience_file.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(itertools.islice(csv.DictReader(handle), rows), start=1):
            phone = (row.get(campaign.audience.phone_column) or "").strip()
            try:
                shown_phone = mask(to_e164(phone))
                rendered = render_contact(campaign, texts, row)
            except InvalidInput as exc:
                failures += 1
                typer.echo(f"row {number} ({mask(phone)}): cannot render: {exc.message}", err=True)
                continue
            typer.echo(f"row {number} - {shown_phone} - {rendered.language} ({rendered.voice})")
            typer.echo(f"  call: {rendered.call_text}")
            if rendered.sms_text is not None:
                typer.echo(f"  sms ({sms_segments(rendered.sms_text)} part(s)): {rendered.sms_text}")
            typer.echo("")
    if failures:
        typer.echo(f"{failures} row(s) could not be rendered", err=True)
        raise typer.Exit(1)


# -- operating a stage (launch, pause, resume, stop, status, export) ----------------------------


def _texts_body(campaign: Campaign, campaign_file: Path, prompts: Path | None) -> dict[str, object]:
    """What the stage needs besides the definition: the templates as read here, at launch."""
    prompts_dir = prompts_dir_for(campaign_file, prompts)
    try:
        texts = load_campaign_texts(campaign, prompts_dir)
    except TemplateError as exc:
        _fail(str(exc))
    menu_prompts = {}
    for code in campaign.languages:
        path = prompts_dir / code / "campaign-menu-prompt.txt"
        if path.exists():
            menu_prompts[code] = path.read_text(encoding="utf-8").strip()
    return {"campaign": dict(campaign.document), "texts": texts.to_document(), "menu_prompts": menu_prompts}


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


CampaignId = Annotated[str, typer.Argument(help="campaign id (the id: field of its file)")]


@app.command()
def launch(
    file: CampaignFile,
    audience: Annotated[
        Path | None, typer.Option(help="audience CSV (default: the file's audience.file)")
    ] = None,
    prompts: Annotated[
        Path | None, typer.Option(help="prompts folder (default: the nearest prompts/)")
    ] = None,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Create the campaign on the stage, upload its audience and start it.

    Re-running a launch that failed halfway is safe: nobody already loaded is enqueued again.
    """
    campaign = load_campaign_or_exit(file)
    audience_file = audience_path_for(campaign, file, audience)
    if audience_file is None or not audience_file.is_file():
        _fail("no audience file: give --audience CSV or set audience.file in the campaign")
    client = connect(local, api)
    try:
        client.request("POST", "/campaigns", json_body=_texts_body(campaign, file, prompts))
        typer.echo(f"created campaign {campaign.id}")
    except ApiError as error:
        if error.code != "conflict":
            fail_with(error)
        status = client.request("GET", f"/campaigns/{quote(campaign.id)}").json()
        if status["status"] not in ("draft", "running") or status.get("loading") == "done":
            _fail(f"campaign {campaign.id} already exists and is {status['status']}; nothing to launch")
        typer.echo(f"campaign {campaign.id} exists ({status['status']}); resuming the launch")
    try:
        upload = client.request("POST", f"/campaigns/{quote(campaign.id)}/audience", json_body={}).json()
        with audience_file.open("rb") as handle:  # streamed, never read whole into memory
            put = requests.put(
                upload["upload_url"],
                data=handle,
                headers={"Content-Type": upload["content_type"]},
                timeout=600,
            )
        if put.status_code >= 300:
            _fail(f"audience upload failed: HTTP {put.status_code} {put.text[:200]}")
        launched = client.request(
            "POST",
            f"/campaigns/{quote(campaign.id)}/launch",
            json_body={"audience_key": upload["audience_key"]},
        ).json()
    except ApiError as error:
        fail_with(error)
    typer.echo(f"campaign {campaign.id} is {launched['status']}; audience loading ({audience_file.name})")


def _lifecycle(action: str, campaign_id: str, local: bool, api: str | None) -> None:
    try:
        result = connect(local, api).request("POST", f"/campaigns/{quote(campaign_id)}/{action}").json()
    except ApiError as error:
        fail_with(error)
    typer.echo(f"campaign {campaign_id} is {result['status']}")


@app.command()
def pause(campaign_id: CampaignId, local: LocalOption = False, api: ApiOption = None) -> None:
    """Stop dialling new contacts; calls in progress finish."""
    _lifecycle("pause", campaign_id, local, api)


@app.command()
def resume(campaign_id: CampaignId, local: LocalOption = False, api: ApiOption = None) -> None:
    """Dial again where the campaign paused."""
    _lifecycle("resume", campaign_id, local, api)


@app.command()
def stop(campaign_id: CampaignId, local: LocalOption = False, api: ApiOption = None) -> None:
    """End the campaign for good: no contact is dialled after this."""
    _lifecycle("stop", campaign_id, local, api)


def _print_status(status: dict[str, object]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    counters = status.get("counters") or {}
    assert isinstance(counters, dict)
    console.print(
        f"[bold]{status['id']}[/] {status['name']}: [bold]{status['status']}[/]"
        f"  progress {float(str(status.get('progress') or 0)) * 100:.1f}%"
        + (f"  ETA {status['eta']}" if status.get("eta") else "")
    )
    load = status.get("load") or {}
    if isinstance(load, dict) and load.get("rows_total"):
        console.print(
            f"  audience: {int(load.get('rows_done') or 0):,} of {int(load['rows_total']):,} rows "
            f"({float(load.get('fraction') or 0) * 100:.1f}%), {load.get('state') or 'pending'}"
        )
    table = Table("figure", "count")
    for name in sorted(counters):
        table.add_row(name, str(counters[name]))
    console.print(table)


@app.command()
def status(
    campaign_id: CampaignId,
    watch: Annotated[bool, typer.Option(help="show a live progress bar until the campaign ends")] = False,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Progress, ETA and counts per outcome and refusal reason."""
    import time

    client = connect(local, api)
    try:
        current = client.request("GET", f"/campaigns/{quote(campaign_id)}").json()
        if watch:
            from rich.progress import Progress

            with Progress() as progress:
                loading = progress.add_task("loading the audience", total=100)
                task = progress.add_task(campaign_id, total=100)
                while current["status"] in ("running", "paused", "draft"):
                    load = current.get("load") or {}
                    progress.update(loading, completed=float(load.get("fraction") or 0) * 100)
                    progress.update(task, completed=float(current.get("progress") or 0) * 100)
                    time.sleep(2)
                    current = client.request("GET", f"/campaigns/{quote(campaign_id)}").json()
                progress.update(task, completed=100)
    except ApiError as error:
        fail_with(error)
    _print_status(current)


@app.command()
def export(
    campaign_id: CampaignId,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="CSV file (default: stdout)")] = None,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Every contact with its state, refusal reason, outcome, key pressed and SMS, as CSV."""
    import sys

    client = connect(local, api)
    columns = [
        "phone",
        "row",
        "state",
        "reason",
        "outcome",
        "pressed_key",
        "attempts",
        "language",
        "sms",
        "sms_sent_at",
    ]
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        cursor: str | None = None
        count = 0
        while True:
            page = client.request(
                "GET", f"/campaigns/{quote(campaign_id)}/contacts", params={"next": cursor or ""}
            ).json()
            for row in page["contacts"]:
                writer.writerow(row)
                count += 1
            cursor = page.get("next")
            if not cursor:
                break
    except ApiError as error:
        fail_with(error)
    finally:
        if output:
            handle.close()
    if output:
        typer.echo(f"{count} contact(s) written to {output}")


@app.command("dry-run")
def dry_run(
    file: CampaignFile,
    audience: Annotated[
        Path | None, typer.Option(help="audience CSV (default: the file's audience.file)")
    ] = None,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """What a launch would do now: callable now, waiting (and why), never called (and why).

    Refusals no wait cures (a screening list, opt-out, no recorded consent, an invalid number) are
    counted as "never (permanent)", not as waiting. Consent records live on the stage: the command
    line sees none, so a marketing campaign's contacts in China or the US show as no_consent here;
    the console's dry run (and the dialler) read them.
    """
    from collections import Counter
    from datetime import UTC, datetime

    from chalicelib.campaigns import ConsentStatus, Contact, dial_decision

    campaign = load_campaign_or_exit(file)
    audience_file = audience_path_for(campaign, file, audience)
    if audience_file is None or not audience_file.is_file():
        _fail("no audience file: give --audience CSV or set audience.file in the campaign")
    client = connect(local, api)
    purpose = "outbound_marketing" if campaign.is_marketing else "outbound_service"
    verdicts: Counter[str] = Counter()
    now = datetime.now(UTC)
    with audience_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        while batch := list(itertools.islice(rows, 500)):
            numbers = [row.get(campaign.audience.phone_column, "") for row in batch]
            try:
                screened = client.request(
                    "POST", "/screening", json_body={"numbers": numbers, "purpose": purpose}
                )
            except ApiError as error:
                fail_with(error)
            for result in screened.json()["results"]:
                refusal = None if result["verdict"] in ("allow", "warn") else str(result["reason"])
                decision = dial_decision(
                    Contact(result["number"] or result["input"]),
                    campaign,
                    now,
                    [],
                    ConsentStatus(),
                    screening_refusal=refusal,
                )
                verdicts[dry_run_label(decision.outlook, decision.reason)] += 1
    for name, count in sorted(verdicts.items()):
        typer.echo(f"{count:8d}  {name}")
    typer.echo(f"{sum(verdicts.values()):8d}  rows")
    if any(name.endswith(": no_consent") for name in verdicts):
        typer.echo(
            "no_consent: the command line sees no consent records; once the campaign is created, "
            "the console's dry run (POST /campaigns/{id}/audience/check) reads them",
            err=True,
        )


def dry_run_label(outlook: str, reason: str) -> str:
    """How ``dry-run`` names a decision's outlook (``Decision.outlook``)."""
    if outlook == "call_now":
        return "callable now"
    if outlook == "waiting":
        return f"waiting: {reason}"
    return f"never (permanent): {reason}"
