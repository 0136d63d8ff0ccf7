"""Importing a large list file (blacklist, do-not-call, ...) through the list-import state
machine: the file is uploaded to S3, a bounded batch of rows per Lambda invocation is merged into
the lists, and the progress is kept per import.

``callctl blacklist import`` first reads the file itself with ``csv_import`` (every format people
produce: any header language, separator, GB18030) and uploads the accepted rows as a clean CSV
(``CLEAN_HEADER``: E.164 numbers, list names, ISO expiry); each batch then goes through
``import_csv`` again, so the server trusts nothing. Writing the same entries again is a no-op
(the entries carry the import's own time, not the time of the attempt), and a batch's figures
are counted once: a batch cut short and delivered again loses and duplicates nothing.

    upload_url("imp-1")                       # where to PUT the clean file
    start("imp-1", {"list": "dnc", "source": "regulator"})
    progress("imp-1")                         # rows done of rows in the file, per list
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import Any

from chalicelib import clock, objects
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.resources import AUDIENCE_BUCKET_ENV, LIST_IMPORT_JOB

CLEAN_HEADER = ("number", "list", "reason", "expires_at")
FIGURES_PREFIX = "list-import#"
_IMPORT_ID = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


def _key(import_id: str) -> str:
    if not _IMPORT_ID.match(import_id):
        raise InvalidInput("an import id is 1-60 letters, digits, '-' or '_'", code="invalid_import_id")
    return f"list-imports/{import_id}.csv"


def _figures_key(import_id: str) -> str:
    return f"{FIGURES_PREFIX}{import_id}"


def upload_url(import_id: str, expires_s: int = 3600) -> dict[str, Any]:
    """A pre-signed PUT for the clean file (any size: it bypasses the API's body limit)."""
    key = _key(import_id)
    bucket = os.environ.get(AUDIENCE_BUCKET_ENV)
    if not bucket:
        raise Conflict("list imports are not set up here (no upload bucket)", code="not_configured")
    url = objects.upload_url(bucket, key, expires_s)
    return {"import_id": import_id, "upload_url": url, "content_type": "text/csv", "expires_in": expires_s}


def start(import_id: str, body: dict[str, Any], *, added_by: str) -> dict[str, Any]:
    """Start importing the uploaded file; ``body``: ``list`` (for rows without one), ``source``."""
    from chalicelib.batch_jobs import start_job
    from chalicelib.campaigns import runs
    from chalicelib.screening.lists import list_named

    bucket, key = os.environ.get(AUDIENCE_BUCKET_ENV, ""), _key(import_id)
    missing = NotFound(f"nothing uploaded for import {import_id!r}: PUT the file to its upload_url")
    if not bucket:
        raise missing  # no upload bucket here, so nothing can have been uploaded
    try:
        objects.require(bucket, key)
    except objects.ObjectUnreadable:
        raise missing from None
    options = {
        "list": list_named(str(body.get("list") or "block")).value,
        "source": str(body.get("source") or "csv")[:100],
        "added_by": added_by,
        "at": clock.utcnow().isoformat(),
    }
    runs.set_figure(_figures_key(import_id), "job.started", 1)
    start_job(LIST_IMPORT_JOB, import_id, bucket, key, options)
    return progress(import_id)


def progress(import_id: str) -> dict[str, Any]:
    from chalicelib.campaigns import runs

    _key(import_id)
    figures = runs.counters(_figures_key(import_id))
    if not figures:
        raise NotFound(f"no import {import_id!r}")
    total, done = figures.get("load.rows_total", 0), figures.get("load.rows_done", 0)
    state = "failed" if figures.get("job.failed") else "done" if figures.get("job.done") else "importing"
    return {
        "import_id": import_id,
        "state": state,
        "rows_total": total,
        "rows_done": done,
        "fraction": 1.0 if state == "done" else (round(min(0.99, done / total), 4) if total else 0.0),
        "accepted": figures.get("rows.accepted", 0),
        "rejected": figures.get("rows.rejected", 0),
        "by_list": {name.removeprefix("list."): n for name, n in figures.items() if name.startswith("list.")},
    }


def handle_step(event: dict[str, Any]) -> dict[str, Any]:
    """The list-import state machine's Task (``infra.batch_definitions``)."""
    from chalicelib.batch_jobs import count_rows, header_of, parse_step
    from chalicelib.campaigns import runs
    from chalicelib.observability import get_logger

    step = parse_step(event)
    figures_key = _figures_key(step.job_id)
    if step.step == "prepare":
        header = header_of(str(event["bucket"]), str(event["key"]))
        if tuple(header) != CLEAN_HEADER:
            raise InvalidInput(f"the import file's header must be {','.join(CLEAN_HEADER)}; got {header}")
        rows = count_rows(str(event["bucket"]), str(event["key"]))
        runs.set_figure(figures_key, "load.rows_total", rows)
        return {"rows": rows}
    if step.step == "rows":
        return import_rows(step.job_id, step.items, step.options)
    if step.step == "finish":
        runs.set_figure(figures_key, "job.done", 1)
        get_logger().info("list import done", extra={"import": step.job_id})
        return {"done": True}
    runs.set_figure(figures_key, "job.failed", 1)
    get_logger().error("list import stopped", extra={"import": step.job_id, "error": step.failure})
    return {"recorded": step.failure}


def import_rows(import_id: str, items: list[dict[str, Any]], options: dict[str, Any]) -> dict[str, Any]:
    """Merge one batch of clean rows into the lists, once."""
    import csv
    import io

    from chalicelib.batch_jobs import clean_row
    from chalicelib.campaigns import runs
    from chalicelib.screening import store
    from chalicelib.screening.csv_import import ImportOptions, import_csv
    from chalicelib.screening.lists import list_named

    if not items:
        return {"rows": 0}
    figures_key = _figures_key(import_id)
    marker = runs.batch_marker(int(items[0]["index"]))
    if runs.batch_counted(figures_key, marker):
        return {"rows": len(items), "already_imported": True}
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CLEAN_HEADER)
    for item in items:
        row = clean_row(item["row"])
        writer.writerow([row.get(column, "") for column in CLEAN_HEADER])
    report = import_csv(
        text.getvalue().splitlines(keepends=True),
        ImportOptions(
            default_list=list_named(str(options.get("list") or "block")),
            source=str(options.get("source") or "csv"),
            added_by=str(options.get("added_by") or "import"),
        ),
        now=datetime.fromisoformat(str(options["at"])),
        write=store.merge_entries,
    )
    figures = {
        "load.rows_done": len(items),
        "rows.accepted": report.accepted,
        "rows.rejected": report.rejected,
        **{f"list.{name}": count for name, count in report.by_list.items()},
    }
    runs.count_batch_once(figures_key, marker, figures)
    return {"rows": len(items), "accepted": report.accepted, "rejected": report.rejected}
