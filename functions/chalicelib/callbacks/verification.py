"""One-time SMS codes that prove a number belongs to the person booking a call (or opening a
ticket) in its name.

Codes go only to mobile numbers of the countries the stage serves (``sms_countries``), within
a per-number rolling hour, a per-address hour and a stage-wide hourly budget
(``chalicelib.sms_budget``): texting premium-rate or foreign numbers is how SMS pumping spends
a company's money. Only an HMAC of each code under the stage's secret key is stored, with a TTL.
Each guess takes one of ``code_max_attempts`` before it is compared (one conditional update),
so concurrent guesses cannot compare more than that many; a right guess gives its attempt back.
A verified code confirms one booking (the booking's transaction marks it used).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib import clock, signing, sms_budget
from chalicelib.callbacks import messages
from chalicelib.callbacks.settings import CallbackSettings
from chalicelib.errors import Forbidden, InvalidInput, TooManyRequests
from chalicelib.phone import can_receive_sms, region_of, to_e164
from chalicelib.tables import CallbackVerificationRecord, writes

CODE_PREFIX = "code#"
RATE_PREFIX = "rate#"
_RATE_RETRIES = 8


@dataclass(frozen=True)
class SentCode:
    verification_id: str
    phone: str
    expires_at: datetime


def _code_hash(verification_id: str, code: str) -> str:
    return signing.digest("callback-code", verification_id, code)


def _rate_key(phone: str) -> str:
    return RATE_PREFIX + hashlib.sha256(phone.encode()).hexdigest()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _take_send_allowance(phone: str, settings: CallbackSettings, now: datetime) -> None:
    """Count one send against the number's rolling hour, or refuse; safe under concurrent requests."""
    key = _rate_key(phone)
    window_start = now.timestamp() - 3600
    for _ in range(_RATE_RETRIES):
        try:
            record = CallbackVerificationRecord.get(key, consistent_read=True)
            revision = int(record.revision or 0)
            sent: list[Any] = list(record.sent_at or [])
            recent = [float(t) for t in sent if float(t) > window_start]
        except CallbackVerificationRecord.DoesNotExist:
            revision, recent = 0, []
        if len(recent) >= settings.codes_per_hour:
            wait_minutes = max(1, int((min(recent) + 3600 - now.timestamp()) // 60) + 1)
            raise TooManyRequests(
                f"too many codes sent to this number; try again in {wait_minutes} minutes",
                code="too_many_codes",
            )
        updated = CallbackVerificationRecord(
            key,
            sent_at=[*recent, int(now.timestamp())],
            revision=revision + 1,
            expires_at=_utc(now + timedelta(hours=2)),
        )
        unchanged = (
            CallbackVerificationRecord.revision.does_not_exist()
            if revision == 0
            else CallbackVerificationRecord.revision == revision
        )
        if writes.save_if(updated, unchanged):
            return
    raise TooManyRequests("too many requests for this number right now; try again", code="busy")


def send_code(
    raw_phone: str,
    language: str,
    settings: CallbackSettings,
    *,
    now: datetime | None = None,
    send_sms: Callable[[str, str], str] | None = None,
) -> SentCode:
    """Text a fresh code to the number; returns the id the booking must quote with the code."""
    from chalicelib import messaging

    now = now or clock.utcnow()
    phone = to_e164(raw_phone)
    check_textable(phone, settings)
    _take_send_allowance(phone, settings, now)
    sms_budget.take("verification-codes", settings.sms_budget_per_hour, now=now.timestamp())
    code = f"{secrets.randbelow(1_000_000):06d}"
    verification_id = uuid.uuid4().hex
    expires_at = now + timedelta(minutes=settings.code_ttl_minutes)
    CallbackVerificationRecord(
        CODE_PREFIX + verification_id,
        phone=phone,
        code_hash=_code_hash(verification_id, code),
        failed_attempts=0,
        verified=False,
        expires_at=_utc(expires_at),
    ).save()
    sms = send_sms or messaging.send_sms
    try:
        sms(phone, messages.text("code", language, code=code, minutes=settings.code_ttl_minutes))
    except messaging.SmsRejected:
        raise InvalidInput("this number cannot receive text messages", code="sms_rejected") from None
    return SentCode(verification_id, phone, expires_at)


def check_textable(phone: str, settings: CallbackSettings) -> None:
    """Refuse numbers the stage does not text: other countries, and anything but mobiles."""
    region = region_of(phone)
    if region not in settings.sms_countries:
        raise InvalidInput(
            f"codes are sent only to numbers in {', '.join(settings.sms_countries)}",
            code="country_not_served",
        )
    if not can_receive_sms(phone):
        raise InvalidInput("codes are sent only to mobile numbers", code="not_a_mobile_number")


def confirm_code(
    verification_id: str, code: str, settings: CallbackSettings, *, now: datetime | None = None
) -> str:
    """Check the code; returns the verified number. Wrong codes count against the attempt limit.

    The attempt is taken (a conditional increment) before the code is compared, so however many
    guesses arrive at once, at most ``code_max_attempts`` are ever compared.
    """
    now = now or clock.utcnow()
    if not isinstance(verification_id, str) or not verification_id:
        raise InvalidInput("verificationId is required", code="invalid_verification")
    if not isinstance(code, str) or not code.strip():
        raise InvalidInput("code is required: the 6 digits sent by SMS", code="invalid_code")
    record = CallbackVerificationRecord(CODE_PREFIX + verification_id)
    if not writes.update_if(
        record,
        [CallbackVerificationRecord.failed_attempts.add(1)],
        CallbackVerificationRecord.code_hash.exists()
        & (CallbackVerificationRecord.expires_at > now)
        & (CallbackVerificationRecord.failed_attempts < settings.code_max_attempts),
    ):
        _refuse_unusable(verification_id, settings, now)
    assert record.code_hash is not None and record.phone is not None
    if signing.same(_code_hash(verification_id, code.strip()), record.code_hash):
        record.update(
            actions=[
                CallbackVerificationRecord.failed_attempts.add(-1),
                CallbackVerificationRecord.verified.set(True),
            ]
        )
        return record.phone
    left = settings.code_max_attempts - int(record.failed_attempts or 0)
    if left <= 0:
        raise TooManyRequests("too many wrong codes; ask for a new one", code="too_many_attempts")
    raise Forbidden(f"wrong code; {left} attempt(s) left", code="wrong_code")


def _refuse_unusable(verification_id: str, settings: CallbackSettings, now: datetime) -> None:
    """Why no attempt could be taken: unknown or expired, else out of attempts."""
    try:
        record = CallbackVerificationRecord.get(CODE_PREFIX + verification_id, consistent_read=True)
    except CallbackVerificationRecord.DoesNotExist:
        record = None
    if record is None or record.code_hash is None or record.expires_at is None or record.expires_at <= now:
        raise Forbidden("this code has expired or is unknown; ask for a new one", code="verification_expired")
    raise TooManyRequests("too many wrong codes; ask for a new one", code="too_many_attempts")
