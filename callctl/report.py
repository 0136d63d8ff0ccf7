"""``callctl report``: the quality report for a date range, as an HTML page with charts and a CSV.

callctl report --from 2026-11-01 --to 2026-11-30 --out reports/november --local
callctl report --from 2026-11-01 --to 2026-11-30 --out reports/november --api https://....amazonaws.com/api

Reads ``GET /metrics`` once per dimension (queue, agent, campaign) and writes ``report.html``
and ``report.csv`` into ``--out``.
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

    def fetch(dimension: str, first: str, last: str) -> Mapping[str, Any]:
        params = {"dimension": dimension, "from": first, "to": last}
        return dict(client.request("GET", "/metrics", params=params).json())

    try:
        html_path, csv_path = write_report(fetch, day_from, day_to, out)
    except ApiError as error:
        fail_with(error)
    typer.echo(f"report: {html_path}")
    typer.echo(f"figures: {csv_path}")
