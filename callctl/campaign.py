"""``callctl campaign ...``: write, check and run outbound campaigns.

Authoring commands (this section) work on files only: ``validate`` and ``preview``. Commands that
talk to a stage (launch, pause, resume, stop, status, export) belong in their own section below and
can reuse ``load_campaign_or_exit``, ``prompts_dir_for`` and ``audience_path_for``.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import Annotated

import typer

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
