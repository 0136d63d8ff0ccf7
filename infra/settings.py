"""Per-stage settings, read from CDK context (``cdk.json`` -> ``context.stages.<stage>``).

The stage is chosen with ``-c stage=prod`` (default ``dev``). Any single setting can be overridden
for one run with ``-c <setting>=<value>`` (for example ``-c alarm_email=ops@example.com``), so CI
and operators need not edit ``cdk.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from chalicelib.settings import DEFAULT_BUSINESS_TIME_ZONE

if TYPE_CHECKING:
    from constructs import Node  # a jsii module: importing it at run time starts Node.js

DEFAULT_STAGE = "dev"
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_CONNECT_INSTANCE_ARN = re.compile(r"^arn:aws[-a-z0-9]*:connect:[-a-z0-9]*:[0-9]{12}:instance/[-a-zA-Z0-9]+$")
_CONNECT_ALIAS = re.compile(r"^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$")
#: The values CloudWatch Logs accepts for a log group's retention.
LOG_RETENTION_DAYS = frozenset(
    {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
)
_EMAIL_ADDRESS = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SettingsError(ValueError):
    """A stage setting in cdk.json (or -c) is missing or malformed; the message names it."""


@dataclass(frozen=True)
class PhoneNumberSetting:
    """One number of the instance: claimed by the stack, or an already-claimed number by ARN."""

    country_code: str = "US"
    type: str = "DID"  # DID | TOLL_FREE
    prefix: str | None = None  # e.g. "+1212": claim a number starting with it
    arn: str | None = None  # an already-claimed Connect phone number: use it, claim nothing
    description: str = "Contact centre number"


@dataclass(frozen=True)
class StageSettings:
    """Everything that differs between stages. See cdk.json for the documented defaults."""

    stage: str
    account: str | None = None
    region: str | None = None
    connect_instance_alias: str | None = None
    connect_instance_arn: str | None = None
    phone_numbers: tuple[PhoneNumberSetting, ...] = ()
    max_concurrent_calls: int = 10
    calls_per_second: float = 1.0
    retain_data: bool = False
    log_retention_days: int = 30
    business_time_zone: str = DEFAULT_BUSINESS_TIME_ZONE
    business_hours: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    alarm_email: str | None = None
    audience_retention_days: int = 30
    recording_retention_days: int = 90  # call recordings (infra.call_recordings) expire after this
    lambda_memory_mb: int = 512
    lambda_timeout_s: int = 30
    log_level: str = "INFO"
    public_api_url: str | None = None  # e.g. a custom domain in front of the REST API
    #: Countries one-time SMS codes may go to (ISO codes); empty: the first phone number's country.
    sms_countries: tuple[str, ...] = ()
    sms_budget_per_hour: int = 200  # one-time codes texted per hour by the whole stage
    #: Concurrency kept for each function Amazon Connect invokes mid-call, and the cap on the REST
    #: API's function, so a flood of API requests cannot starve calls; 0 reserves nothing (an
    #: account whose Lambda concurrency quota is still the new-account 10).
    flow_reserved_concurrency: int = 0
    api_reserved_concurrency: int = 0
    #: The address customers write to (Amazon SES receiving; replies are sent from it).
    support_email_address: str = "support@example.com"
    mail_retention_days: int = 30  # received mail (infra.support_mail) expires after this

    @property
    def sms_country_codes(self) -> tuple[str, ...]:
        """Where codes may be texted: the setting, else the country of the stage's own number."""
        if self.sms_countries:
            return self.sms_countries
        return (self.phone_numbers[0].country_code,) if self.phone_numbers else ("US",)

    @property
    def imports_connect_instance(self) -> bool:
        return self.connect_instance_arn is not None

    def resource_prefix(self) -> str:
        """Physical-name prefix for named resources, so stages share an account without colliding."""
        return f"contact-centre-{self.stage}"


_INT_SETTINGS = {
    "max_concurrent_calls",
    "log_retention_days",
    "audience_retention_days",
    "recording_retention_days",
    "lambda_memory_mb",
    "lambda_timeout_s",
    "sms_budget_per_hour",
    "flow_reserved_concurrency",
    "api_reserved_concurrency",
    "mail_retention_days",
}


def _coerce(name: str, value: Any) -> Any:
    """Turn a ``-c name=value`` string (or a cdk.json value) into the setting's type."""
    if name == "phone_numbers":
        if isinstance(value, str):
            value = json.loads(value)
        if not isinstance(value, list):
            raise SettingsError("phone_numbers must be a list of objects")
        return tuple(PhoneNumberSetting(**number) for number in value)
    if name == "business_hours":
        if isinstance(value, str):
            value = json.loads(value)
        return {day.upper(): (str(span[0]), str(span[1])) for day, span in dict(value).items()}
    if name in _INT_SETTINGS:
        return int(value)
    if name == "sms_countries":
        codes = value.split(",") if isinstance(value, str) else list(value or [])
        return tuple(str(code).strip().upper() for code in codes if str(code).strip())
    if name == "calls_per_second":
        return float(value)
    if name == "retain_data":
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if value in ("", None, "null", "none"):
        return None
    return str(value)


def _validate(settings: StageSettings) -> StageSettings:
    where = f"stage {settings.stage!r}"
    if (settings.connect_instance_alias is None) == (settings.connect_instance_arn is None):
        raise SettingsError(
            f"{where}: set exactly one of connect_instance_alias (create) or connect_instance_arn (import)"
        )
    if settings.connect_instance_arn and not _CONNECT_INSTANCE_ARN.match(settings.connect_instance_arn):
        raise SettingsError(f"{where}: connect_instance_arn is not an Amazon Connect instance ARN")
    alias = settings.connect_instance_alias
    if alias and (len(alias) > 45 or not _CONNECT_ALIAS.match(alias)):
        raise SettingsError(f"{where}: connect_instance_alias must be 1-45 letters, digits and hyphens")
    if settings.max_concurrent_calls < 1 or settings.calls_per_second <= 0:
        raise SettingsError(f"{where}: max_concurrent_calls and calls_per_second must be positive")
    if settings.recording_retention_days < 1:
        raise SettingsError(f"{where}: recording_retention_days must be at least 1")
    if settings.log_retention_days not in LOG_RETENTION_DAYS:
        raise SettingsError(f"{where}: log_retention_days must be one of {sorted(LOG_RETENTION_DAYS)}")
    for day, (start, end) in settings.business_hours.items():
        if day not in WEEKDAYS or not (_HH_MM.match(start) and _HH_MM.match(end)) or start >= end:
            raise SettingsError(
                f"{where}: business_hours[{day}] must be a weekday with [HH:MM start, HH:MM end]"
            )
    if not all(re.fullmatch(r"[A-Z]{2}", code) for code in settings.sms_country_codes):
        raise SettingsError(f"{where}: sms_countries must be ISO country codes such as CN or US")
    if (
        settings.sms_budget_per_hour < 1
        or settings.flow_reserved_concurrency < 0
        or settings.api_reserved_concurrency < 0
    ):
        raise SettingsError(
            f"{where}: sms_budget_per_hour must be positive; the reserved concurrencies 0 or more"
        )
    if not _EMAIL_ADDRESS.match(settings.support_email_address or "") or settings.mail_retention_days < 1:
        raise SettingsError(
            f"{where}: support_email_address must be an address such as support@example.com; "
            "mail_retention_days at least 1"
        )
    for number in settings.phone_numbers:
        if number.type not in ("DID", "TOLL_FREE"):
            raise SettingsError(f"{where}: phone number type must be DID or TOLL_FREE")
    return settings


def load_stage_settings(node: Node) -> StageSettings:
    """Read the selected stage's settings from the CDK context of ``node`` (normally the App)."""
    stage = str(node.try_get_context("stage") or DEFAULT_STAGE)
    stages = node.try_get_context("stages") or {}
    if stage not in stages:
        raise SettingsError(f"unknown stage {stage!r}: cdk.json context.stages defines {sorted(stages)}")
    names = {f.name for f in fields(StageSettings)} - {"stage"}
    raw: dict[str, Any] = dict(stages[stage])
    unknown = set(raw) - names
    if unknown:
        raise SettingsError(f"stage {stage!r}: unknown settings {sorted(unknown)}")
    for name in names:  # -c name=value beats cdk.json
        override = node.try_get_context(name)
        if override is not None:
            raw[name] = override
    values = {name: _coerce(name, value) for name, value in raw.items()}
    return _validate(StageSettings(stage=stage, **values))


def cdk_json_context(stage: str | None = None) -> dict[str, Any]:
    """cdk.json's context (what the CDK CLI passes), for building the app outside the CLI (tests)."""
    from pathlib import Path

    context: dict[str, Any] = json.loads((Path(__file__).resolve().parent.parent / "cdk.json").read_text())[
        "context"
    ]
    if stage is not None:
        context["stage"] = stage
    return context
