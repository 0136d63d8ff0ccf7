"""Who is being called: the number's country, US state where it matters, and time zone(s).

The zone comes from the audience when given (a ``timezone`` column), otherwise from the number
with ``phonenumbers.timezone``. A number can map to several zones (a US area code straddling a
zone line, a toll-free number); the decision then requires *every* candidate zone to be inside its
window, i.e. the most restrictive reading, deterministically. ``phonenumbers`` is imported on first
use (about 25 ms) so Lambdas that never decide a dial do not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from chalicelib.errors import InvalidInput

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

# Florida's area codes (NANPA). tests/unit/test_compliance_callee.py checks them against
# phonenumbers' geocoder so a new overlay code is noticed.
FLORIDA_AREA_CODES = frozenset(
    {
        "239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689",
        "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954",
    }
)  # fmt: skip

_UNKNOWN_ZONE = "Etc/Unknown"


@dataclass(frozen=True)
class Contact:
    """A recipient as the dialler knows it; ``timezone`` and ``state`` override what the number says."""

    phone: str
    timezone: str | None = None  # IANA zone, e.g. "America/Los_Angeles"
    state: str | None = None  # US state when known: "FL", "US-FL" or "Florida"


@dataclass(frozen=True)
class Callee:
    e164: str
    country: str | None  # ISO 3166 region of the number: "US", "CN"
    subdivision: str | None  # "FL" for Florida; None when no rule needs it
    time_zones: tuple[str, ...]  # empty when unknown


class InvalidNumber(InvalidInput):
    code = "invalid_number"


class InvalidTimeZone(InvalidInput):
    code = "invalid_timezone"


def resolve_callee(contact: Contact) -> Callee:
    """Parse and place the callee. Raises InvalidNumber or InvalidTimeZone.

    Cached: the dialler asks about the same number at every retry, and parsing dominates the cost
    of a decision.
    """
    return _resolve(contact)


@lru_cache(maxsize=4096)  # a few MB at most: the loader streams far more numbers
def _resolve(contact: Contact) -> Callee:
    import phonenumbers

    from chalicelib.phone import mask

    text = (contact.phone or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidNumber(f"not a phone number: {mask(text)} ({exc})") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidNumber(f"not a valid phone number: {mask(text)}")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    country = phonenumbers.region_code_for_number(parsed)
    if contact.timezone and contact.timezone.strip():
        zones: tuple[str, ...] = (_checked_zone(contact.timezone.strip()),)
    else:
        zones = _zones_for(parsed)
    return Callee(e164, country, _subdivision(country, e164, contact.state), zones)


def forget_cached_callees() -> None:
    _resolve.cache_clear()


def _zones_for(parsed: PhoneNumber) -> tuple[str, ...]:
    from phonenumbers import timezone

    found = timezone.time_zones_for_number(parsed)
    return tuple(sorted(name for name in found if name != _UNKNOWN_ZONE and is_time_zone(name)))


def _subdivision(country: str | None, e164: str, state: str | None) -> str | None:
    if country != "US":
        return None
    named = (state or "").strip().upper().removeprefix("US-")
    # Florida's law reaches Florida area codes and Florida residents: either is enough.
    if named in {"FL", "FLORIDA"} or e164[2:5] in FLORIDA_AREA_CODES:
        return "FL"
    return named or None


def _checked_zone(name: str) -> str:
    if not is_time_zone(name):
        raise InvalidTimeZone(f"{name!r} is not an IANA time zone (e.g. America/New_York)")
    return name


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_time_zone(name: str) -> bool:
    try:
        zone(name)
    except (ValueError, KeyError, OSError):
        return False
    return True
