"""An audience file checked against a stored campaign before anything is stored: the validation
report (rows rejected and why, duplicates, numbers on lists, numbers no calling window admits
today) and the dry run (for each contact when it would be called and, where never, why).

``plan_audience_check`` is pure: it takes the rows, what the screening lists and the consent store
say about each number, and the time, and answers with the same ``dial_decision`` the dialler makes
before every dial. ``check_audience`` reads those facts as the dialler does (``number_facts``) and writes nothing::

    report = check_audience("parcel-arrival", csv_lines)
    report["summary"]["rejected"]        # {"invalid_number": 1, "missing_variable": 2}
    report["rows"][0]                    # {"line": 2, "phone": "+1212...", "outlook": "waiting", ...}

Earlier calls to a number (caps across campaigns) are not read: the dialler checks them again
before each dial, so a contact a cap holds back shows here as callable and waits then.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalicelib.campaigns.compliance import Contact, dial_decision
from chalicelib.campaigns.compliance.callee import zone
from chalicelib.campaigns.number_facts import NumberFacts, read_number_facts
from chalicelib.campaigns.templates import TemplateError, render_contact
from chalicelib.errors import InvalidInput
from chalicelib.phone import to_e164

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from chalicelib.campaigns.definition import Campaign
    from chalicelib.campaigns.templates import CampaignTexts

#: The console sends the file in the request body (at most 1 MiB); callctl checks files of any size.
MAX_ROWS = 10_000
#: Rows listed one by one in the answer (the summary counts them all).
MAX_LISTED_ROWS = 2_000
#: The screening lists' reasons, for the "numbers on lists" part of the report.
LIST_REASONS = frozenset({"blacklisted", "do_not_call", "opted_out"})


@dataclass(frozen=True)
class RowVerdict:
    """One line of the file: ``status`` is rejected, duplicate, or the dial outlook
    (call_now, waiting, never)."""

    line: int
    phone: str
    status: str
    reason: str | None = None
    detail: str = ""
    next_at: datetime | None = None
    permanent: bool = False
    callable_today: bool = False
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "phone": self.phone,
            "status": self.status,
            "reason": self.reason,
            "detail": self.detail,
            "next_at": self.next_at.isoformat() if self.next_at else None,
            "permanent": self.permanent,
            "callable_today": self.callable_today,
            "language": self.language,
        }


def parse_rows(campaign: Campaign, lines: Iterable[str]) -> list[dict[str, str]]:
    """The file's rows; a file without the campaign's phone column, or empty, is refused whole."""
    reader = csv.DictReader(lines)
    header = list(reader.fieldnames or [])
    phone_column = campaign.audience.phone_column
    if phone_column not in header:
        raise InvalidInput(
            f"the audience file has no {phone_column!r} column (its header: {header})", code="invalid_csv"
        )
    rows: list[dict[str, str]] = []
    for row in reader:
        if len(rows) == MAX_ROWS:
            raise InvalidInput(
                f"the file has more than {MAX_ROWS} rows: check it with callctl campaign dry-run",
                code="too_many_rows",
            )
        rows.append({str(key): str(value or "").strip() for key, value in row.items() if key is not None})
    if not rows:
        raise InvalidInput("the audience file has a header but no rows", code="invalid_csv")
    return rows


def normalised_numbers(campaign: Campaign, rows: list[dict[str, str]]) -> list[str | None]:
    """Each row's number in E.164, or None where it is missing or not a phone number."""
    numbers: list[str | None] = []
    for row in rows:
        raw = row.get(campaign.audience.phone_column, "")
        try:
            numbers.append(to_e164(raw) if raw else None)
        except InvalidInput:
            numbers.append(None)
    return numbers


def plan_audience_check(
    campaign: Campaign,
    texts: CampaignTexts,
    rows: list[dict[str, str]],
    numbers: list[str | None],
    facts: Mapping[str, NumberFacts],
    now: datetime,
) -> list[RowVerdict]:
    """Each row's verdict, in file order (line 2 is the first row). Pure.

    >>> plan_audience_check(campaign, texts, [{"phone": "+12125550101", "name": "Ada"}],
    ...                     ["+12125550101"], {}, now)[0].status
    'waiting'
    """
    seen: dict[str, int] = {}
    verdicts = []
    for index, (row, phone) in enumerate(zip(rows, numbers, strict=True)):
        line = index + 2
        raw = row.get(campaign.audience.phone_column, "")
        if phone is None:
            reason = "missing_phone" if not raw else "invalid_number"
            detail = "the phone column is empty" if not raw else "not a phone number"
            verdicts.append(RowVerdict(line, raw, "rejected", reason, detail, permanent=True))
            continue
        if phone in seen:
            detail = f"the same number as line {seen[phone]}"
            verdicts.append(RowVerdict(line, phone, "duplicate", "duplicate", detail, permanent=True))
            continue
        seen[phone] = line
        try:
            language = render_contact(campaign, texts, row).language
        except TemplateError as error:
            verdicts.append(RowVerdict(line, phone, "rejected", error.code, error.message, permanent=True))
            continue
        known = facts.get(phone, NumberFacts())
        decision = dial_decision(
            Contact(
                phone,
                timezone=row.get(campaign.audience.timezone_column) or None,
                state=row.get("state") or None,
            ),
            campaign,
            now,
            (),
            known.consent,
            screening_refusal=known.screening_refusal,
        )
        status = "rejected" if decision.reason in ("invalid_timezone", "invalid_number") else decision.outlook
        verdicts.append(
            RowVerdict(
                line,
                phone,
                status,
                None if decision.allowed else str(decision.reason),
                decision.detail,
                decision.next_allowed_at if not decision.allowed else now,
                decision.permanent,
                _callable_today(decision.allowed, decision.next_allowed_at, decision.time_zones, now),
                language,
            )
        )
    return verdicts


def _callable_today(allowed: bool, at: datetime | None, zones: tuple[str, ...], now: datetime) -> bool:
    """Allowed now, or later on the callee's own today (every zone the number may be in)."""
    if allowed:
        return True
    if at is None:
        return False
    return all(
        at.astimezone(zone(name)).date() == now.astimezone(zone(name)).date() for name in zones or ("UTC",)
    )


def summarise(verdicts: list[RowVerdict]) -> dict[str, Any]:
    """The validation report's figures: what a marketer fixes before uploading."""
    rejected: Counter[str] = Counter()
    on_lists: Counter[str] = Counter()
    never: Counter[str] = Counter()
    waiting: Counter[str] = Counter()
    outcomes: Counter[str] = Counter(verdict.status for verdict in verdicts)
    outside_today = 0
    for verdict in verdicts:
        reason = verdict.reason or ""
        if verdict.status == "rejected":
            rejected[reason] += 1
        elif verdict.status == "never":
            never[reason] += 1
            if reason in LIST_REASONS:
                on_lists[reason] += 1
        elif verdict.status == "waiting":
            waiting[reason] += 1
        if verdict.status in ("call_now", "waiting") and not verdict.callable_today:
            outside_today += 1
    return {
        "rows": len(verdicts),
        "callable": outcomes["call_now"] + outcomes["waiting"],
        "call_now": outcomes["call_now"],
        "rejected": dict(rejected),
        "duplicates": outcomes["duplicate"],
        "on_lists": dict(on_lists),
        "never": dict(never),
        "waiting": dict(waiting),
        "outside_window_today": outside_today,
    }


def check_audience(campaign_id: str, lines: Iterable[str], now: datetime | None = None) -> dict[str, Any]:
    """The validation report and dry run of an audience file for a stored campaign; stores nothing."""
    from chalicelib import clock
    from chalicelib.campaigns import runs

    loaded = runs.load(campaign_id)
    now = now or clock.utcnow()
    rows = parse_rows(loaded.campaign, lines)
    numbers = normalised_numbers(loaded.campaign, rows)
    facts = read_number_facts(loaded.campaign, {number for number in numbers if number}, now)
    verdicts = plan_audience_check(loaded.campaign, loaded.texts, rows, numbers, facts, now)
    return {
        "campaign_id": campaign_id,
        "checked_at": now.astimezone(UTC).isoformat(),
        "summary": summarise(verdicts),
        "rows": [verdict.to_dict() for verdict in verdicts[:MAX_LISTED_ROWS]],
        "rows_listed": min(len(verdicts), MAX_LISTED_ROWS),
        "history_checked": False,
    }
