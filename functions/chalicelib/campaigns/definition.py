"""Campaign definitions: load a YAML file or a JSON-like dict, validate it, and build a ``Campaign``.

Every problem is reported at once (a marketer fixes a file in one pass), each with the path of the
field and, for YAML files, its line. ``Campaign.document`` keeps the validated plain data so it
can be stored (the campaigns table) and rebuilt with ``parse_campaign`` later.

>>> campaign = load_campaign_file(Path("campaigns/parcel-arrival.yaml"))
>>> campaign.menu["3"].queue
'courier'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from chalicelib.campaigns import schema as contract
from chalicelib.campaigns.yaml_source import YamlDocument, parse_yaml
from chalicelib.errors import InvalidInput


@dataclass(frozen=True)
class CampaignProblem:
    """One thing wrong with a campaign file: where (dotted path, line) and what."""

    path: str
    message: str
    line: int | None = None
    source: str | None = None

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.source, self.line) if part is not None)
        field = self.path or "(top level)"
        return f"{where}: {field}: {self.message}" if where else f"{field}: {self.message}"


class CampaignInvalid(InvalidInput):
    """The campaign definition does not follow schemas/campaign.schema.json (or is inconsistent)."""

    code = "invalid_campaign"

    def __init__(self, problems: list[CampaignProblem]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"the campaign definition has {len(problems)} problem(s):\n{listed}")


@dataclass(frozen=True)
class Language:
    code: str
    voice: str


@dataclass(frozen=True)
class MenuOption:
    key: str
    action: str  # one of schema.MENU_ACTIONS
    queue: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class SmsFallback:
    template: str
    send_on: frozenset[str]


@dataclass(frozen=True)
class CallingWindow:
    """Callee-local hours; ``end`` None means midnight. Days are ``date.weekday()`` numbers."""

    start: time
    end: time | None
    days: frozenset[int]
    default_timezone: str | None = None


@dataclass(frozen=True)
class Pacing:
    max_concurrent_calls: int
    calls_per_second: float


@dataclass(frozen=True)
class Retries:
    max_attempts: int
    delay: timedelta
    retry_on: frozenset[str]
    max_attempts_per_24h: int | None = None


@dataclass(frozen=True)
class Schedule:
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class RestrictedPeriod:
    """Days nobody is called, inclusive; ``countries`` empty means every callee."""

    first_day: date
    last_day: date
    name: str | None = None
    countries: frozenset[str] = frozenset()

    def applies(self, day: date, country: str | None) -> bool:
        if self.countries and country not in self.countries:
            return False
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class AudienceSpec:
    file: str | None
    phone_column: str
    language_column: str
    timezone_column: str


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    purpose: str  # one of schema.PURPOSES
    languages: Mapping[str, Language]
    default_language: str
    message_template: str
    menu: Mapping[str, MenuOption]
    sms: SmsFallback | None
    calling_window: CallingWindow
    pacing: Pacing
    retries: Retries
    schedule: Schedule
    restricted_dates: tuple[RestrictedPeriod, ...]
    answering_machine_detection: bool
    audience: AudienceSpec
    document: Mapping[str, Any]  # the validated input, JSON-serialisable

    @property
    def is_marketing(self) -> bool:
        return self.purpose == "marketing"

    @property
    def is_collection(self) -> bool:
        return self.purpose == "collection"


def load_campaign_file(path: Path) -> Campaign:
    """Read and validate a campaign YAML (or JSON) file; raises CampaignInvalid with line numbers."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CampaignInvalid([CampaignProblem("", f"cannot read the file: {exc}", source=source)]) from exc
    return parse_campaign_yaml(text, source=source)


def parse_campaign_yaml(text: str, *, source: str | None = None) -> Campaign:
    """Validate campaign YAML text (JSON is YAML too); problems carry ``source`` and line numbers."""
    parsed = parse_yaml(text)
    problems = [
        CampaignProblem(_dotted(problem.path), problem.message, problem.line, source)
        for problem in parsed.problems
    ]
    if parsed.data is None and not problems:
        problems.append(CampaignProblem("", "the file is empty", 1, source))
    if parsed.data is not None:
        problems += campaign_problems(parsed.data, source=source, yaml_document=parsed)
    if problems:
        raise CampaignInvalid(sorted(problems, key=lambda problem: (problem.line or 0, problem.path)))
    return _build(parsed.data)


def parse_campaign(
    document: Any, *, source: str | None = None, yaml_document: YamlDocument | None = None
) -> Campaign:
    """Validate a campaign given as plain data (an API body, a stored definition) and build it."""
    problems = campaign_problems(document, source=source, yaml_document=yaml_document)
    if problems:
        raise CampaignInvalid(problems)
    return _build(document)


def campaign_problems(
    document: Any, *, source: str | None = None, yaml_document: YamlDocument | None = None
) -> list[CampaignProblem]:
    """Everything wrong with a definition: schema violations first, then inconsistencies."""

    def line(path: tuple[str | int, ...]) -> int | None:
        return yaml_document.line_of(path) if yaml_document is not None else None

    found = [
        CampaignProblem(_dotted(path), message, line(path), source)
        for path, message in _schema_violations(document)
    ]
    if not found:
        found = [
            CampaignProblem(_dotted(path), message, line(path), source)
            for path, message in _consistency_violations(document)
        ]
    return sorted(found, key=lambda problem: (problem.line or 0, problem.path))


def _schema_violations(document: Any) -> list[tuple[tuple[str | int, ...], str]]:
    import jsonschema  # type: ignore[import-untyped]

    validator = jsonschema.Draft202012Validator(
        contract.CAMPAIGN_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    violations = []
    for error in validator.iter_errors(document):
        detail = jsonschema.exceptions.best_match(error.context) if error.context else error
        path = tuple(detail.absolute_path)
        if detail.validator == "additionalProperties" and isinstance(detail.instance, Mapping):
            known = detail.schema.get("properties", {})
            for key in detail.instance:
                if key not in known:
                    violations.append(
                        ((*path, key), f"unknown field {key!r}; expected one of {', '.join(known)}")
                    )
            continue
        if "propertyNames" in detail.schema_path:  # a bad key: point at the key itself
            path = (*path, detail.instance)
        violations.append((path, _friendly(detail)))
    return violations


_CLOCK_PATTERNS = {contract.CLOCK_PATTERN, contract.CLOCK_OR_MIDNIGHT_PATTERN}


def _friendly(error: Any) -> str:
    """jsonschema's messages, made readable for the common cases marketers hit."""
    if error.validator == "pattern" and error.schema.get("pattern") in _CLOCK_PATTERNS:
        return f'{error.instance!r} is not a time like 08:00 (quote it in YAML: "08:00")'
    if error.validator == "pattern" and error.schema.get("format") == "date":
        return f"{error.instance!r} is not a date like 2025-06-01"
    if error.validator == "format" and error.schema.get("format") == "date":
        return f"{error.instance!r} is not a calendar date"
    if error.validator == "pattern" and error.schema.get("description"):
        return f"{error.instance!r} is not valid here: {error.schema['description']}"
    return str(error.message)


def _consistency_violations(document: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Rules a JSON Schema cannot say (or says badly): cross-field consistency."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    languages = document["languages"]
    default_language = document.get("default_language")
    if default_language is None and len(languages) > 1:
        found.append((("languages",), "several languages: say which is the default_language"))
    if default_language is not None and default_language not in languages:
        found.append((("default_language",), f"{default_language!r} is not one of the languages"))

    window = document["calling_window"]
    if _minutes(window["start"]) >= _minutes(window["end"]):
        found.append((("calling_window", "end"), "the calling window ends before it starts"))
    zone = window.get("default_timezone")
    if zone is not None and not _is_time_zone(zone):
        found.append((("calling_window", "default_timezone"), f"{zone!r} is not an IANA time zone"))

    schedule = document["schedule"]
    end_date = schedule.get("end_date")
    if end_date is not None and end_date < schedule["start_date"]:
        found.append((("schedule", "end_date"), "the campaign ends before it starts"))

    for index, entry in enumerate(document.get("restricted_dates", [])):
        if isinstance(entry, Mapping) and "from" in entry and entry["to"] < entry["from"]:
            found.append((("restricted_dates", index, "to"), "the period ends before it starts"))

    actions = [option["action"] for option in document.get("menu", {}).values()]
    if document["purpose"] == "marketing" and "opt_out" not in actions:
        found.append((("menu",), "a marketing campaign needs a key with action opt_out"))
    for action in contract.SINGLE_KEY_ACTIONS:
        if actions.count(action) > 1:
            found.append((("menu",), f"only one key may have the action {action} (the call flow has one)"))
    return found


def _build(document: Mapping[str, Any]) -> Campaign:
    languages = {code: Language(code, spec["voice"]) for code, spec in document["languages"].items()}
    window = document["calling_window"]
    retries = document.get("retries", {})
    pacing = document.get("pacing", {})
    audience = document.get("audience", {})
    sms = document.get("sms")
    return Campaign(
        id=document["id"],
        name=document["name"],
        purpose=document["purpose"],
        languages=languages,
        default_language=document.get("default_language") or next(iter(languages)),
        message_template=document["message"]["template"],
        menu={
            key: MenuOption(key, option["action"], option.get("queue"), option.get("label"))
            for key, option in document.get("menu", {}).items()
        },
        sms=(
            SmsFallback(sms["template"], frozenset(sms.get("send_on", contract.DEFAULT_SMS_SEND_ON)))
            if sms
            else None
        ),
        calling_window=CallingWindow(
            start=_clock(window["start"]),
            end=None if window["end"] == "24:00" else _clock(window["end"]),
            days=frozenset(contract.WEEKDAYS.index(day) for day in window.get("days", contract.WEEKDAYS)),
            default_timezone=window.get("default_timezone"),
        ),
        pacing=Pacing(
            max_concurrent_calls=pacing.get("max_concurrent_calls", contract.DEFAULT_MAX_CONCURRENT_CALLS),
            calls_per_second=float(pacing.get("calls_per_second", contract.DEFAULT_CALLS_PER_SECOND)),
        ),
        retries=Retries(
            max_attempts=retries.get("max_attempts", contract.DEFAULT_MAX_ATTEMPTS),
            delay=timedelta(minutes=retries.get("delay_minutes", contract.DEFAULT_RETRY_DELAY_MINUTES)),
            retry_on=frozenset(retries.get("retry_on", contract.DEFAULT_RETRY_ON)),
            max_attempts_per_24h=retries.get("max_attempts_per_24h"),
        ),
        schedule=Schedule(
            start_date=date.fromisoformat(document["schedule"]["start_date"]),
            end_date=_optional_date(document["schedule"].get("end_date")),
        ),
        restricted_dates=tuple(_restricted(entry) for entry in document.get("restricted_dates", [])),
        answering_machine_detection=bool(document.get("answering_machine_detection", False)),
        audience=AudienceSpec(
            file=audience.get("file"),
            phone_column=audience.get("phone_column", contract.DEFAULT_PHONE_COLUMN),
            language_column=audience.get("language_column", contract.DEFAULT_LANGUAGE_COLUMN),
            timezone_column=audience.get("timezone_column", contract.DEFAULT_TIMEZONE_COLUMN),
        ),
        document=document,
    )


def _restricted(entry: str | Mapping[str, Any]) -> RestrictedPeriod:
    if isinstance(entry, str):
        day = date.fromisoformat(entry)
        return RestrictedPeriod(day, day)
    first = date.fromisoformat(entry.get("date") or entry["from"])
    last = date.fromisoformat(entry.get("date") or entry["to"])
    return RestrictedPeriod(first, last, entry.get("name"), frozenset(entry.get("countries", ())))


def _optional_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _is_time_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path)
