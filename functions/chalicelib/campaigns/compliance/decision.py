"""May this number be dialled for this campaign right now, and if not, why and when?

``dial_decision`` is pure: the caller passes the time, the earlier calls to the number, its consent
record and the screening verdict (``chalicelib.screening``), so the same inputs always give the
same answer and tests can stand on a DST edge. Refusals that time will not cure (invalid number,
opted out, no consent, campaign cap, campaign over) have no ``next_allowed_at``; the others say
when every rule will hold at once (window in every candidate zone, restricted dates, rolling caps,
retry delay), so a waiting contact is scheduled, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from chalicelib.campaigns.compliance import packs
from chalicelib.campaigns.compliance.callee import (
    Callee,
    Contact,
    InvalidNumber,
    InvalidTimeZone,
    resolve_callee,
    zone,
)
from chalicelib.campaigns.compliance.rules import CapScope, LocalWindow, RollingCap

if TYPE_CHECKING:
    from collections.abc import Sequence

    from chalicelib.campaigns.definition import Campaign, RestrictedPeriod

ALLOWED = "allowed"

# How far ahead "when may we call next" looks before answering "not within a year".
_HORIZON = timedelta(days=400)
_MAX_ROUNDS = 2000


class Refusal(StrEnum):
    INVALID_NUMBER = "invalid_number"
    INVALID_TIMEZONE = "invalid_timezone"  # the audience gave a zone that does not exist
    UNKNOWN_TIMEZONE = "unknown_timezone"  # nothing says where the callee is
    OPTED_OUT = "opted_out"
    NO_CONSENT = "no_consent"
    CAP_REACHED = "cap_reached"
    CAMPAIGN_NOT_STARTED = "campaign_not_started"
    CAMPAIGN_ENDED = "campaign_ended"
    RESTRICTED_DATE = "restricted_date"
    OUTSIDE_WINDOW = "outside_window"
    RETRY_DELAY = "retry_delay"  # too soon after this campaign's previous call


@dataclass(frozen=True)
class CallAttempt:
    """One earlier call to the number (any campaign); ``purpose`` lets caps span campaigns."""

    at: datetime
    campaign_id: str
    purpose: str | None = None


@dataclass(frozen=True)
class ConsentStatus:
    """The number's consent and suppression record, as the shared consent store holds it.

    ``opted_out_at``: revoked on any channel (opt-out key, STOP / 退订, an agent) - nothing more.
    ``marketing_refused_at``: said no to marketing - no marketing from then on, unless a later
    ``marketing_consent_at`` gives consent again.
    """

    marketing_consent_at: datetime | None = None
    marketing_refused_at: datetime | None = None
    opted_out_at: datetime | None = None

    def opted_out(self, now: datetime) -> bool:
        return self.opted_out_at is not None and self.opted_out_at <= now

    def refused_marketing(self, now: datetime) -> bool:
        refused = self.marketing_refused_at
        if refused is None or refused > now:
            return False
        consent = self.marketing_consent_at
        return consent is None or consent <= refused or consent > now

    def consents_to_marketing(self, now: datetime) -> bool:
        consent = self.marketing_consent_at
        return consent is not None and consent <= now and not self.refused_marketing(now)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # "allowed", a Refusal value, or the screening module's reason
    next_allowed_at: datetime | None = None  # UTC; None when waiting will not help
    detail: str = ""  # for people: which rule, in which zone
    rule_pack: str | None = None
    time_zones: tuple[str, ...] = ()

    @property
    def permanent(self) -> bool:
        """Refused for good in this campaign: no wait makes the number callable (a screening list,
        an opt-out, no consent, an invalid number, the cap, the campaign's end)."""
        return not self.allowed and self.next_allowed_at is None

    @property
    def outlook(self) -> str:
        """``call_now``, ``waiting`` (until ``next_allowed_at``) or ``never`` (``permanent``): the
        label a dry run shows, so a permanent refusal is never reported as waiting."""
        if self.allowed:
            return "call_now"
        return "never" if self.permanent else "waiting"

    def to_record(self) -> dict[str, Any]:
        """JSON-friendly, for the contact's row and the refusal report."""
        return {
            "allowed": self.allowed,
            "reason": self.reason,
            "permanent": self.permanent,
            "next_allowed_at": self.next_allowed_at.isoformat() if self.next_allowed_at else None,
            "detail": self.detail,
            "rule_pack": self.rule_pack,
            "time_zones": list(self.time_zones),
        }


def dial_decision(
    contact: Contact | str,
    campaign: Campaign,
    now: datetime,
    attempt_history: Sequence[CallAttempt] = (),
    consent: ConsentStatus | None = None,
    *,
    screening_refusal: str | None = None,
) -> Decision:
    """Decide one dial. ``attempt_history`` is every earlier call to *this number*, any campaign;
    ``screening_refusal`` is chalicelib.screening's reason when it refused the number (blacklist,
    do-not-call), else None.

    >>> dial_decision("+14155550142", campaign, datetime(2025, 3, 10, 14, 59, tzinfo=UTC))
    Decision(allowed=False, reason='outside_window', next_allowed_at=datetime(2025, 3, 10, 15, 0, ...
    """
    now = _utc(now, "now")
    if isinstance(contact, str):
        contact = Contact(contact)
    try:
        callee = resolve_callee(contact)
    except InvalidNumber as exc:
        return Decision(False, Refusal.INVALID_NUMBER, detail=exc.message)
    except InvalidTimeZone as exc:
        return Decision(False, Refusal.INVALID_TIMEZONE, detail=exc.message)

    if screening_refusal:
        return Decision(False, screening_refusal, detail="refused by screening")
    if consent is not None and consent.opted_out(now):
        return Decision(False, Refusal.OPTED_OUT, detail="the number opted out")

    rules = packs.rules_for(callee, campaign)
    if campaign.is_marketing and consent is not None and consent.refused_marketing(now):
        return _refuse(Refusal.OPTED_OUT, "the callee refused marketing", rules.pack)
    if rules.requires_marketing_consent and not (consent and consent.consents_to_marketing(now)):
        return _refuse(Refusal.NO_CONSENT, f"{rules.pack}: marketing needs recorded consent", rules.pack)

    zones = callee.time_zones or _fallback_zone(campaign)
    if not zones:
        detail = (
            "no time zone for this number: give the contact a timezone or the campaign a default_timezone"
        )
        return _refuse(Refusal.UNKNOWN_TIMEZONE, detail, rules.pack)

    history = sorted((_checked_attempt(attempt) for attempt in attempt_history), key=lambda a: a.at)
    mine = [attempt.at for attempt in history if attempt.campaign_id == campaign.id]
    if len(mine) >= campaign.retries.max_attempts:
        detail = f"campaign: at most {campaign.retries.max_attempts} calls per contact"
        return _refuse(Refusal.CAP_REACHED, detail, rules.pack, zones)

    constraints = _constraints(callee, campaign, zones, rules.windows, rules.caps, history, mine)
    failing = next((c for c in constraints if c.earliest(now) != now), None)
    if failing is None:
        return Decision(True, ALLOWED, now, rule_pack=rules.pack, time_zones=zones)
    if failing.reason is Refusal.CAMPAIGN_ENDED:
        return _refuse(Refusal.CAMPAIGN_ENDED, failing.describe(now), rules.pack, zones)
    return Decision(
        False,
        failing.reason,
        _earliest_all_hold(constraints, now),
        failing.describe(now),
        rules.pack,
        zones,
    )


def _refuse(reason: Refusal, detail: str, pack: str | None = None, zones: tuple[str, ...] = ()) -> Decision:
    return Decision(False, reason, None, detail, pack, zones)


def _fallback_zone(campaign: Campaign) -> tuple[str, ...]:
    fallback = campaign.calling_window.default_timezone
    return (fallback,) if fallback else ()


def _earliest_all_hold(constraints: Sequence[_Constraint], now: datetime) -> datetime | None:
    """Advance to the latest "not before" of any constraint until all agree (each is monotonic)."""
    moment = now
    for _ in range(_MAX_ROUNDS):
        moved = False
        for constraint in constraints:
            earliest = constraint.earliest(moment)
            if earliest is None:
                return None
            if earliest > moment:
                moment, moved = earliest, True
        if not moved:
            return moment
        if moment - now > _HORIZON:
            return None
    return None


class _Constraint(Protocol):
    @property
    def reason(self) -> Refusal: ...

    def earliest(self, moment: datetime) -> datetime | None:
        """``moment`` itself if the rule holds then, else the first later instant it holds."""

    def describe(self, moment: datetime) -> str: ...


def _constraints(
    callee: Callee,
    campaign: Campaign,
    zones: tuple[str, ...],
    windows: tuple[LocalWindow, ...],
    caps: tuple[RollingCap, ...],
    history: list[CallAttempt],
    mine: list[datetime],
) -> list[_Constraint]:
    """In the order a refusal reason is chosen when several rules fail at once."""
    found: list[_Constraint] = []
    if campaign.schedule.end_date is not None:
        found.append(_EndDate(zones, campaign.schedule.end_date))
    found.append(_StartDate(zones, campaign.schedule.start_date))
    periods = tuple(p for p in campaign.restricted_dates if not p.countries or callee.country in p.countries)
    if periods:
        found.append(_RestrictedDates(zones, periods))
    found += [_Window(name, window) for window in windows for name in zones]
    for cap in caps:
        found.append(_Cap(cap, [a.at for a in history if _counts(a, cap.scope, campaign)]))
    if mine and campaign.retries.delay:
        found.append(_RetryDelay(mine[-1] + campaign.retries.delay, campaign.retries.delay))
    return found


def _counts(attempt: CallAttempt, scope: CapScope, campaign: Campaign) -> bool:
    if scope is CapScope.NUMBER:
        return True
    if attempt.campaign_id == campaign.id:
        return True
    return scope is CapScope.PURPOSE and attempt.purpose == campaign.purpose


def _local_midnight(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone(zone_name)).astimezone(UTC)


def _local_date(moment: datetime, zone_name: str) -> date:
    return moment.astimezone(zone(zone_name)).date()


@dataclass(frozen=True)
class _StartDate:
    zones: tuple[str, ...]
    start_date: date
    reason: Refusal = Refusal.CAMPAIGN_NOT_STARTED

    def earliest(self, moment: datetime) -> datetime | None:
        return max([moment, *(_local_midnight(self.start_date, name) for name in self.zones)])

    def describe(self, moment: datetime) -> str:
        return f"the campaign starts on {self.start_date} (callee-local)"


@dataclass(frozen=True)
class _EndDate:
    zones: tuple[str, ...]
    end_date: date
    reason: Refusal = Refusal.CAMPAIGN_ENDED

    def earliest(self, moment: datetime) -> datetime | None:
        if any(_local_date(moment, name) > self.end_date for name in self.zones):
            return None
        return moment

    def describe(self, moment: datetime) -> str:
        return f"the campaign ended on {self.end_date} (callee-local)"


@dataclass(frozen=True)
class _RestrictedDates:
    zones: tuple[str, ...]
    periods: tuple[RestrictedPeriod, ...]
    reason: Refusal = Refusal.RESTRICTED_DATE

    def earliest(self, moment: datetime) -> datetime | None:
        for _ in range(len(self.periods) * len(self.zones) + 1):
            blocking = self._blocking(moment)
            if blocking is None:
                return moment
            name, period = blocking
            moment = _local_midnight(period.last_day + timedelta(days=1), name)
        return moment

    def _blocking(self, moment: datetime) -> tuple[str, RestrictedPeriod] | None:
        for name in self.zones:
            day = _local_date(moment, name)
            for period in self.periods:
                if period.first_day <= day <= period.last_day:
                    return name, period
        return None

    def describe(self, moment: datetime) -> str:
        blocking = self._blocking(moment)
        if blocking is None:
            return "restricted date"
        name, period = blocking
        return f"no calls on {_local_date(moment, name)} ({period.name or 'restricted date'}, {name})"


@dataclass(frozen=True)
class _Window:
    zone_name: str
    window: LocalWindow
    reason: Refusal = Refusal.OUTSIDE_WINDOW

    def earliest(self, moment: datetime) -> datetime | None:
        tz = zone(self.zone_name)
        today = moment.astimezone(tz).date()
        for offset in range(8):
            day = today + timedelta(days=offset)
            if day.weekday() not in self.window.days:
                continue
            opens = datetime.combine(day, self.window.start, tzinfo=tz).astimezone(UTC)
            if self.window.end is None:
                closes = _local_midnight(day + timedelta(days=1), self.zone_name)
            else:
                closes = datetime.combine(day, self.window.end, tzinfo=tz).astimezone(UTC)
            if moment < closes:
                return max(moment, opens)
        return None

    def describe(self, moment: datetime) -> str:
        local = moment.astimezone(zone(self.zone_name))
        return f"{self.window.source}; it is {local:%a %H:%M} in {self.zone_name}"


@dataclass(frozen=True)
class _Cap:
    cap: RollingCap
    times: list[datetime]  # sorted
    reason: Refusal = Refusal.CAP_REACHED

    def earliest(self, moment: datetime) -> datetime | None:
        recent = [at for at in self.times if at > moment - self.cap.period]
        if len(recent) < self.cap.limit:
            return moment
        return recent[len(recent) - self.cap.limit] + self.cap.period

    def describe(self, moment: datetime) -> str:
        return self.cap.source


@dataclass(frozen=True)
class _RetryDelay:
    not_before: datetime
    delay: timedelta
    reason: Refusal = Refusal.RETRY_DELAY

    def earliest(self, moment: datetime) -> datetime | None:
        return max(moment, self.not_before)

    def describe(self, moment: datetime) -> str:
        return f"campaign: {int(self.delay.total_seconds() // 60)} minutes between calls"


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got {moment!r})")
    return moment.astimezone(UTC)


def _checked_attempt(attempt: CallAttempt) -> CallAttempt:
    return CallAttempt(_utc(attempt.at, "CallAttempt.at"), attempt.campaign_id, attempt.purpose)
