"""Customer profiles: who is calling, in which language, and how much they matter to the queue."""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.phone import mask, to_e164
from chalicelib.tables import CustomerRecord

#: Tier -> Amazon Connect queue priority (1 is served first).
TIER_PRIORITY: dict[str, int] = {
    "top": 1,
    "relationship": 2,
    "important": 3,
    "card_holder": 4,
    "normal": 5,
}
LANGUAGES = ("en-US", "zh-CN")
_CONSENT_KEYS = ("marketing_voice", "marketing_sms", "service_calls")


def _validated_profile(body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - {"name", "language", "tier", "tags", "consent", "phone"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    tier = body.get("tier", "normal")
    if tier not in TIER_PRIORITY:
        raise InvalidInput(f"tier must be one of {', '.join(TIER_PRIORITY)}; got {tier!r}")
    language = body.get("language", "en-US")
    if language not in LANGUAGES:
        raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 200):
        raise InvalidInput("name must be a string of at most 200 characters")
    tags = body.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise InvalidInput("tags must be a list of non-empty strings")
    consent = body.get("consent", {})
    if not isinstance(consent, dict) or not all(
        k in _CONSENT_KEYS and isinstance(v, bool) for k, v in consent.items()
    ):
        raise InvalidInput(f"consent must map {', '.join(_CONSENT_KEYS)} to true/false")
    return {"name": name, "language": language, "tier": tier, "tags": tags, "consent": consent}


def to_dict(record: CustomerRecord) -> dict[str, Any]:
    return {
        "phone": record.phone,
        "name": record.name,
        "language": record.language,
        "tier": record.tier,
        "priority": TIER_PRIORITY.get(record.tier, TIER_PRIORITY["normal"]),
        "tags": sorted(record.tags or []),
        "consent": {key: bool(getattr(record.consent, key)) for key in _CONSENT_KEYS},
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
    }


def put_customer(phone: str, body: dict[str, Any]) -> dict[str, Any]:
    """Create or replace the profile of ``phone``; returns the stored profile."""
    number = to_e164(phone)
    profile = _validated_profile(body)
    now = clock.utcnow()
    try:
        created_at = CustomerRecord.get(number).created_at
    except CustomerRecord.DoesNotExist:
        created_at = now
    record = CustomerRecord(
        number,
        name=profile["name"],
        language=profile["language"],
        tier=profile["tier"],
        tags=set(profile["tags"]) or None,
        created_at=created_at,
        updated_at=now,
    )
    for key, value in profile["consent"].items():
        setattr(record.consent, key, value)
    record.save()
    return to_dict(record)


def get_customer(phone: str) -> dict[str, Any]:
    number = to_e164(phone)
    try:
        return to_dict(CustomerRecord.get(number))
    except CustomerRecord.DoesNotExist:
        raise NotFound(f"no customer with phone number ending {number[-4:]}") from None


def erase_customer(phone: str, *, actor: str) -> dict[str, Any]:
    """Delete a customer's profile and strip their personal data from their tickets (rule 7).

    Idempotent: erasing twice reports nothing left the second time.
    """
    from chalicelib.tickets.erasure import erase_tickets_of

    number = to_e164(phone)
    try:
        CustomerRecord.get(number).delete()
        profile_deleted = True
    except CustomerRecord.DoesNotExist:
        profile_deleted = False
    tickets_erased = erase_tickets_of(number, actor=actor)
    return {"phone": mask(number), "profile_deleted": profile_deleted, "tickets_erased": tickets_erased}
