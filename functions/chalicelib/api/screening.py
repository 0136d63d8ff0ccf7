"""Routes: the screening lists (staff) and the screening Lambda the inbound contact flow invokes.

``screen_caller`` answers Amazon Connect's "Invoke AWS Lambda function" block with a flat map
of strings (the flow reads them as ``$.External.verdict`` etc.)::

    {"verdict": "allow|block|warn", "reason": "not_listed|blacklisted|warning_list|...",
     "warning": "true|false", "lists": "block,warn", "note": "<entry reason for the agent>"}
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from chalice import Blueprint
from chalice.app import Response

from chalicelib import clock, screening
from chalicelib.api import contracts
from chalicelib.api.contracts import Contract, query
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import STAFF, staff_actor
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.observability import get_logger
from chalicelib.phone import mask, to_e164

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.screening import ListEntry, Screening, ScreeningList

blueprint = Blueprint(__name__)

MAX_SCREENING_NUMBERS = 10_000
MAX_EXPORT_PAGE = 5_000
EXPORT_COLUMNS = ("number", "list", "reason", "source", "added_by", "added_at", "expires_at")


def _query(name: str, default: str = "") -> str:
    params = blueprint.current_request.query_params
    value = params.get(name) if params else None
    return str(value or default).strip()


def _lists_param(raw: str) -> list[ScreeningList] | None:
    return [screening.list_named(name) for name in raw.split(",") if name.strip()] or None


def _caller_identity(body: dict[str, Any] | None = None) -> str:
    """Who made the change: the signed-in person; without one (a direct call), what the body says."""
    actor = staff_actor(blueprint.current_request)
    claimed = (body or {}).get("added_by")
    if actor == "staff" and isinstance(claimed, str) and claimed.strip():
        return claimed.strip()[:200]
    return actor


def _optional_text(body: dict[str, Any], name: str, default: str, limit: int = 500) -> str:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput(f"{name} must be text of at most {limit} characters")
    return value.strip()


def _entries_view(number: str, entries: dict[ScreeningList, ListEntry], now: datetime) -> dict[str, Any]:
    in_force = screening.active(entries, now)
    return {
        "number": number,
        "lists": {name.value: entry.to_dict() for name, entry in sorted(in_force.items())},
        "expired": sorted(name.value for name in entries if name not in in_force),
    }


@route(blueprint, "/blacklist/{phone}", ["PUT"], Contract(body="screening-entry"), authorizer=STAFF)
def put_entry(phone: str) -> dict[str, Any]:
    """Put a number on one list: ``{"list": "dnc", "reason": "...", "expires_at": "2026-12-31"}``."""
    body = json_body(blueprint.current_request)
    unknown = set(body) - {"list", "reason", "source", "expires_at", "added_by"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    if not isinstance(body.get("list"), str):
        raise InvalidInput(
            "list is required: one of " + ", ".join(item.value for item in screening.ScreeningList)
        )
    expires = body.get("expires_at")
    if expires is not None and not isinstance(expires, str):
        raise InvalidInput("expires_at must be an ISO 8601 date or time", code="invalid_expiry")
    now = clock.utcnow()
    number = to_e164(unquote(phone))
    entry = screening.ListEntry(
        list=screening.list_named(body["list"]),
        reason=_optional_text(body, "reason", ""),
        source=_optional_text(body, "source", "api", limit=100),
        added_by=_caller_identity(body),
        added_at=now,
        expires_at=screening.parse_expiry(expires, now),
    )
    return _entries_view(number, screening.add_entry(number, entry, now), now)


@route(blueprint, "/blacklist/{phone}", ["GET"], authorizer=STAFF)
def get_entry(phone: str) -> dict[str, Any]:
    number = to_e164(unquote(phone))
    entries = screening.read_entries(number)
    if not entries:
        raise NotFound("this number is on no screening list")
    return _entries_view(number, entries, clock.utcnow())


@route(
    blueprint,
    "/blacklist/{phone}",
    ["DELETE"],
    Contract(query(list={"type": "string", "maxLength": 100})),
    authorizer=STAFF,
)
def delete_entry(phone: str) -> dict[str, Any]:
    """Take a number off ``?list=dnc[,optout]``, or off every list (and forget it) without ``list``."""
    number = to_e164(unquote(phone))
    removed = screening.remove_entries(number, _lists_param(_query("list")), clock.utcnow())
    if not removed:
        raise NotFound("this number is not on that list")
    return {"number": number, "removed": [name.value for name in removed]}


@route(
    blueprint,
    "/blacklist/import",
    ["POST"],
    Contract(
        query(
            list={"type": "string", "maxLength": 32},
            default_country=contracts.COUNTRY,
            source={"type": "string", "maxLength": 100},
        ),
        body="csv",
    ),
    authorizer=STAFF,
    content_types=["text/csv", "text/plain", "application/octet-stream"],
)
def import_entries() -> dict[str, Any]:
    """CSV body; ``?list=`` for rows without one (default block), ``?default_country=CN``, ``?source=``."""
    from chalicelib.screening.csv_import import ImportOptions, decode_lines, import_csv

    raw = blueprint.current_request.raw_body
    if isinstance(raw, str):
        raw = raw.encode()
    if not raw:
        raise InvalidInput("the request body must be the CSV file", code="invalid_csv")
    country = _query("default_country")
    options = ImportOptions(
        default_list=screening.list_named(_query("list", screening.ScreeningList.BLOCK.value)),
        default_region=screening.region_named(country) if country else None,
        source=_query("source", "csv")[:100],
        added_by=_caller_identity(),
    )
    report = import_csv(decode_lines(raw), options)
    get_logger().info(
        "screening list import",
        extra={"report": {k: v for k, v in report.to_dict().items() if k != "rejections"}},
    )
    return report.to_dict()


@route(
    blueprint,
    "/blacklist/imports/{import_id}/upload",
    ["POST"],
    Contract(body="list-import-upload"),
    authorizer=STAFF,
)
def list_import_upload(import_id: str) -> dict[str, Any]:
    """A pre-signed URL to PUT a list file of any size to (``callctl blacklist import`` sends the
    accepted rows as a clean CSV, see ``screening.list_import_job``)."""
    from chalicelib.screening import list_import_job

    return list_import_job.upload_url(import_id)


@route(
    blueprint,
    "/blacklist/imports/{import_id}",
    ["POST"],
    Contract(body="list-import-start"),
    authorizer=STAFF,
)
def start_list_import(import_id: str) -> dict[str, Any]:
    """Start importing the uploaded file a batch at a time (``{"list", "source"}``, ``list`` for
    rows without one); returns the progress."""
    from chalicelib.screening import list_import_job

    body = json_body(blueprint.current_request)
    return list_import_job.start(import_id, body, added_by=_caller_identity())


@route(blueprint, "/blacklist/imports/{import_id}", ["GET"], Contract(), authorizer=STAFF)
def list_import_progress(import_id: str) -> dict[str, Any]:
    """Rows done of rows in the file, accepted and rejected, per list; ``state`` importing|done|failed."""
    from chalicelib.screening import list_import_job

    return list_import_job.progress(import_id)


@blueprint.lambda_function(name="import_list_rows")
def import_list_rows(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The list-import state machine's Task states (``infra.batch_definitions``)."""
    from chalicelib.screening import list_import_job

    return list_import_job.handle_step(event)


@route(
    blueprint,
    "/blacklist/export",
    ["GET"],
    Contract(
        query(
            list={"type": "string", "maxLength": 100},
            limit=contracts.WHOLE_NUMBER_TEXT,
            cursor=contracts.CURSOR,
        )
    ),
    authorizer=STAFF,
)
def export_entries() -> Response:
    """One page of active entries as CSV; the ``X-Next-Cursor`` header (when present) fetches the next."""
    from chalicelib.screening.store import scan_page

    wanted = _lists_param(_query("list"))
    try:
        limit = int(_query("limit", str(MAX_EXPORT_PAGE)))
    except ValueError:
        raise InvalidInput("limit must be a whole number") from None
    if not 1 <= limit <= MAX_EXPORT_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_EXPORT_PAGE}")
    page, cursor = scan_page(limit, _query("cursor") or None)
    now = clock.utcnow()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for number, entries in sorted(page.items()):
        for name, entry in sorted(screening.active(entries, now).items()):
            if wanted is None or name in wanted:
                item = entry.to_dict()
                writer.writerow([number, *(item[column] or "" for column in EXPORT_COLUMNS[1:])])
    headers: dict[str, str | list[str]] = {"Content-Type": "text/csv; charset=utf-8"}
    if cursor:
        headers["X-Next-Cursor"] = cursor
    return Response(body=out.getvalue(), status_code=200, headers=headers)


@route(blueprint, "/screening", ["POST"], Contract(body="screening-request"), authorizer=STAFF)
def screen() -> dict[str, Any]:
    """``{"numbers": [...], "purpose": "outbound_marketing", "default_country": "CN"}`` -> a verdict each."""
    body = json_body(blueprint.current_request)
    numbers = body.get("numbers")
    if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
        raise InvalidInput("numbers must be a list of phone numbers (strings)")
    if len(numbers) > MAX_SCREENING_NUMBERS:
        raise InvalidInput(f"at most {MAX_SCREENING_NUMBERS} numbers per request; got {len(numbers)}")
    purpose = screening.purpose_named(str(body.get("purpose") or screening.Purpose.OUTBOUND_MARKETING.value))
    country = body.get("default_country")
    if country is not None and not isinstance(country, str):
        raise InvalidInput("default_country must be a two-letter country code such as CN or US")
    results = screening.screen_numbers(
        numbers, purpose, default_region=screening.region_named(country) if country else None
    )
    summary: dict[str, int] = {}
    for result in results:
        summary[result.verdict.value] = summary.get(result.verdict.value, 0) + 1
    return {"purpose": purpose.value, "results": [r.to_dict() for r in results], "summary": summary}


def flow_attributes(result: Screening) -> dict[str, str]:
    """The flat string map the contact flow reads (keys are the flow's contract)."""
    return {
        "verdict": result.verdict.value,
        "reason": result.reason.value,
        "warning": "true" if result.verdict == screening.Verdict.WARN else "false",
        "lists": ",".join(result.lists),
        "note": result.note,
    }


@blueprint.lambda_function(name="screen_caller")
def screen_caller(event: dict[str, Any], context: Any) -> dict[str, str]:
    """Inbound flow: is this caller blocked or flagged? One GetItem; fails open if the table is down.

    The number is ``Details.Parameters.number`` when the flow passes one, else the caller's
    ``Details.ContactData.CustomerEndpoint.Address``.
    """
    details = (event or {}).get("Details") or {}
    contact = details.get("ContactData") or {}
    caller = str(
        (details.get("Parameters") or {}).get("number")
        or (contact.get("CustomerEndpoint") or {}).get("Address")
        or ""
    )
    logger = get_logger()
    try:
        result = screening.screen_number(caller, screening.Purpose.INBOUND)
    except Exception:
        # Never strand a caller because screening is unavailable: answer, and say why.
        logger.exception(
            "screening unavailable", extra={"caller": mask(caller), "contact_id": contact.get("ContactId")}
        )
        return {
            "verdict": screening.Verdict.ALLOW.value,
            "reason": "screening_unavailable",
            "warning": "false",
            "lists": "",
            "note": "",
        }
    logger.info(
        "screened caller",
        extra={
            "caller": mask(caller),
            "contact_id": contact.get("ContactId"),
            "verdict": result.verdict.value,
            "reason": result.reason.value,
        },
    )
    return flow_attributes(result)
