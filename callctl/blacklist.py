"""``callctl blacklist ...``: manage the block, warn, do-not-call and opt-out lists.

callctl blacklist import numbers.csv --list dnc --default-country CN --local
callctl blacklist export --list dnc -o dnc.csv --api https://....execute-api.us-east-1.amazonaws.com/api
callctl blacklist add +12125550142 --list block --reason "fraud" --expires 2026-12-31 --local
callctl blacklist remove +12125550142 --list block --local
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from callctl._client import ApiError, ApiOption, LocalOption, connect, fail, fail_with, phone_path

app = typer.Typer(no_args_is_help=True, help="Blacklist, warning, do-not-call and opt-out lists.")

ListOption = Annotated[str, typer.Option("--list", "-l", help="block, warn, dnc or optout")]


def _show_entries(body: dict[str, Any]) -> None:
    lists = body.get("lists") or {}
    if not lists:
        typer.echo(f"{body['number']}: on no list")
    for name, entry in lists.items():
        until = f" until {entry['expires_at']}" if entry.get("expires_at") else ""
        typer.echo(f"{body['number']}: {name}{until}  {entry.get('reason', '')}".rstrip())


@app.command("import")
def import_file(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="CSV: number[,list,reason,expires_at]")
    ],
    list_name: Annotated[str, typer.Option("--list", "-l", help="list for rows without one")] = "block",
    default_country: Annotated[
        str | None,
        typer.Option("--default-country", "-c", help="country of national-format numbers, e.g. CN"),
    ] = None,
    source: Annotated[str, typer.Option(help="where these numbers came from")] = "csv",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="check every row and print the report; import nothing")
    ] = False,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Import a CSV of numbers of any size; prints rows accepted, normalised, duplicated and
    rejected, then imports the accepted rows in the background with a progress bar.

    The file is checked here first (every format ``csv_import`` reads), the accepted rows are
    uploaded as a clean CSV, and the list-import state machine merges them a batch at a time.
    """
    from chalicelib.errors import InvalidInput
    from chalicelib.screening.csv_import import ImportOptions, decode_lines, import_csv
    from chalicelib.screening.lists import list_named
    from chalicelib.screening.screen import region_named

    clean: list[tuple[str, str, str, str]] = []

    def keep(pending: Any, _now: Any) -> int:
        for number, entries in pending.items():
            for entry in entries:
                expires = entry.expires_at.isoformat() if entry.expires_at else ""
                clean.append((number, entry.list.value, entry.reason, expires))
        return len(pending)

    try:
        options = ImportOptions(
            default_list=list_named(list_name),
            default_region=region_named(default_country) if default_country else None,
            source=source,
        )
        report = import_csv(decode_lines(file.read_bytes()), options, write=keep)
    except InvalidInput as error:
        fail(error.message)
    _print_report(report.to_dict())
    if dry_run:
        typer.echo("dry run: nothing imported")
        return
    if not clean:
        typer.echo("nothing to import")
        return
    client = connect(local, api)
    try:
        _import_clean_rows(client, clean, source)
    except ApiError as error:
        fail_with(error)


def _print_report(report: dict[str, Any]) -> None:
    typer.echo(
        f"{report['rows']} rows: {report['accepted']} accepted ({report['normalised']} normalised), "
        f"{report['duplicated']} duplicated, {report['rejected']} rejected"
    )
    for name, count in report.get("by_list", {}).items():
        typer.echo(f"  {name}: {count}")
    for rejection in report.get("rejections", []):
        typer.echo(f"  row {rejection['row']}: {rejection['reason']}", err=True)
    if report.get("rejections_truncated"):
        typer.echo(f"  ... and {report['rejected'] - len(report['rejections'])} more rejected rows", err=True)


def _import_clean_rows(client: Any, rows: list[tuple[str, str, str, str]], source: str) -> None:
    """Upload the accepted rows, start the import and follow it to the end with a progress bar."""
    import csv
    import io
    import time
    import uuid

    import requests
    from rich.progress import Progress

    from chalicelib.screening.list_import_job import CLEAN_HEADER

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(CLEAN_HEADER)
    writer.writerows(rows)
    import_id = f"imp-{uuid.uuid4().hex[:16]}"
    upload = client.request("POST", f"/blacklist/imports/{import_id}/upload", json_body={}).json()
    put = requests.put(
        upload["upload_url"], data=text.getvalue().encode(), headers={"Content-Type": "text/csv"}, timeout=300
    )
    if put.status_code != 200:
        fail(f"uploading the file failed: {put.status_code} {put.text[:200]}")
    state = client.request("POST", f"/blacklist/imports/{import_id}", json_body={"source": source}).json()
    with Progress(transient=True) as bar:
        task = bar.add_task(f"importing {len(rows)} numbers", total=100)
        while state["state"] == "importing":
            bar.update(task, completed=float(state.get("fraction") or 0) * 100)
            time.sleep(0.5)
            state = client.request("GET", f"/blacklist/imports/{import_id}").json()
        bar.update(task, completed=100)
    if state["state"] != "done":
        fail(
            f"import {import_id} stopped ({state['rows_done']} of {state['rows_total']} rows done); run it again"
        )
    typer.echo(f"imported {state['accepted']} numbers (import {import_id})")


@app.command()
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (default: stdout)")
    ] = None,
    list_name: Annotated[
        str | None, typer.Option("--list", "-l", help="only this list (default: all)")
    ] = None,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Export every active entry as CSV (number,list,reason,source,added_by,added_at,expires_at)."""
    client = connect(local, api)
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    rows, cursor = 0, ""
    try:
        while True:
            response = client.request(
                "GET", "/blacklist/export", params={"list": list_name or "", "cursor": cursor}
            )
            lines = response.text.splitlines()
            if rows == 0 and lines:
                out.write(lines[0] + "\n")
            for line in lines[1:]:
                out.write(line + "\n")
                rows += 1
            cursor = response.headers.get("X-Next-Cursor", "")
            if not cursor:
                break
    except ApiError as error:
        fail_with(error)
    finally:
        if output:
            out.close()
    typer.echo(f"{rows} entries exported", err=True)


@app.command()
def add(
    number: Annotated[str, typer.Argument(help="phone number, ideally E.164 (+8613800138000)")],
    list_name: ListOption,
    reason: Annotated[str, typer.Option(help="why, for the next person to read")] = "",
    expires: Annotated[str | None, typer.Option(help="ISO date or time the entry stops counting")] = None,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Put one number on a list (replacing its previous entry on that list)."""
    body: dict[str, Any] = {"list": list_name, "reason": reason, "source": "callctl"}
    if expires:
        body["expires_at"] = expires
    try:
        answer = connect(local, api).request("PUT", f"/blacklist/{phone_path(number)}", json_body=body).json()
    except ApiError as error:
        fail_with(error)
    _show_entries(answer)


@app.command()
def remove(
    number: Annotated[str, typer.Argument(help="phone number")],
    list_name: Annotated[
        str | None,
        typer.Option("--list", "-l", help="only this list (default: every list, forgetting the number)"),
    ] = None,
    local: LocalOption = False,
    api: ApiOption = None,
) -> None:
    """Take one number off a list, or off every list."""
    if not number.strip():
        fail("give a phone number")
    try:
        answer = (
            connect(local, api)
            .request("DELETE", f"/blacklist/{phone_path(number)}", params={"list": list_name or ""})
            .json()
        )
    except ApiError as error:
        fail_with(error)
    typer.echo(f"{answer['number']}: removed from {', '.join(answer['removed'])}")
