"""``callctl report``: the quality report for a date range, as an HTML page with charts and a CSV.

callctl report --from 2026-11-01 --to 2026-11-30 --out reports/november --local
callctl report --from 2026-11-01 --to 2026-11-30 --out reports/november --api https://....amazonaws.com/api

Reads ``GET /metrics`` per dimension (queue, agent, campaign), following its pages (a year of
many agents is several responses, each within Lambda's 6 MB) with a progress line, and writes
``report.html`` and ``report.csv`` into ``--out``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from callctl._client import ApiError, ApiOption, LocalOption, connect, fail_with
from callctl._report_html import render_csv, render_html

app = typer.Typer(help="Write the quality report (HTML with charts, and CSV) for a date range.")

DIMENSIONS = ("queue", "agent", "campaign")
Fetch = Callable[[str, str, str], Mapping[str, Any]]
#: query parameters -> one ``GET /metrics`` body
GetPage = Callable[[dict[str, str]], Mapping[str, Any]]


def all_pages(
    get_page: GetPage,
    dimension: str,
    day_from: str,
    day_to: str,
    on_page: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Every page of one dimension's report as one body (rows by name); ``on_page(pages, rows)``
    after each page."""
    params = {"dimension": dimension, "from": day_from, "to": day_to}
    first: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = []
    pages = 0
    while True:
        body = dict(get_page(dict(params)))
        first = first or body
        rows.extend(body.get("rows", []))
        pages += 1
        if on_page:
            on_page(pages, len(rows))
        following = body.get("next")
        if not following:
            break
        params["next"] = str(following)
    merged = {key: value for key, value in first.items() if key != "next"}
    merged["rows"] = sorted(rows, key=lambda row: str(row.get("name")))
    return merged


def write_report(
    fetch: Fetch, day_from: str, day_to: str, out_dir: Path, *, labels: Mapping[str, str] | None = None
) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.csv`` into ``out_dir``; returns their paths.

    ``fetch(dimension, from, to)`` returns the ``GET /metrics`` body; ``labels`` renames scopes
    (e.g. queue ids the API could not name) in both files.
    """
    reports: dict[str, dict[str, Any]] = {}
    for dimension in DIMENSIONS:
        report = dict(fetch(dimension, day_from, day_to))
        if labels:
            report["rows"] = [
                {**row, "label": labels.get(str(row["name"]), row.get("label") or row["name"])}
                for row in report.get("rows", [])
            ]
        reports[dimension] = report
    first = reports[DIMENSIONS[0]]
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = out_dir / "report.html", out_dir / "report.csv"
    html_path.write_text(render_html(reports, first["from"], first["to"]), encoding="utf-8")
    csv_path.write_text(render_csv(reports), encoding="utf-8", newline="")
    return html_path, csv_path


@app.callback(invoke_without_command=True)
def report(
    day_from: Annotated[str, typer.Option("--from", help="first day, YYYY-MM-DD")],
    day_to: Annotated[str, typer.Option("--to", help="last day, YYYY-MM-DD")],
    out: Annotated[Path, typer.Option("--out", "-o", help="directory to write report.html and report.csv")],
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Fetch the KPIs per queue, agent and campaign and write the report files."""
    client = connect(local, api)

    def get_page(params: dict[str, str]) -> Mapping[str, Any]:
        return dict(client.request("GET", "/metrics", params=params).json())

    def fetch(dimension: str, first: str, last: str) -> Mapping[str, Any]:
        def progress(pages: int, rows: int) -> None:
            typer.echo(f"\r{dimension}: {rows} rows, {pages} page(s)", nl=False, err=True)

        body = all_pages(get_page, dimension, first, last, on_page=progress)
        typer.echo("", err=True)
        return body

    try:
        html_path, csv_path = write_report(fetch, day_from, day_to, out)
    except ApiError as error:
        fail_with(error)
    typer.echo(f"report: {html_path}")
    typer.echo(f"figures: {csv_path}")
