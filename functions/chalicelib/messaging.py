"""The SMS adapter (Amazon SNS direct-to-phone publish).

Callers decide *whether* to send (consent); ``send_once`` makes sure a follow-up SMS goes out
once per key (``chalicelib.effects``): an SMS that failed to send is retried by the next
delivery, one whose fate is unknown (the sender died after claiming it) is reported, never left
claimed forever and never sent twice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

#: SMS longer than this is refused by carriers' concatenation limits on many routes.
MAX_SMS_CHARACTERS = 1000


#: Longer than any Lambda run: a claim older than this belongs to a sender that died.
SEND_LEASE = timedelta(minutes=2)
_REJECTED = "rejected:"


class SmsRejected(Exception):
    """The provider will not deliver to this number (opted out, invalid)."""


class SmsNotSent(Exception):
    """The provider failed or could not be reached: the SMS was not sent this time."""


class SmsInFlight(Exception):
    """Another delivery claimed this SMS moments ago: try again later (it may still send it)."""


@dataclass(frozen=True)
class SmsOnce:
    """``sent`` (now or by an earlier delivery), ``rejected`` (by the provider; ``detail`` says
    why) or ``unconfirmed`` (an earlier sender died after claiming it: reported, not resent)."""

    status: str
    message_id: str | None = None
    detail: str = ""


@lru_cache(maxsize=1)
def _client() -> Any:
    import boto3

    return boto3.client("sns")


def forget_client() -> None:
    _client.cache_clear()


def send_sms(phone: str, text: str) -> str:
    """Send one transactional SMS; returns the provider's message id.

    Raises ``SmsRejected`` when the provider will never deliver to ``phone``, ``SmsNotSent`` when
    it failed this time.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    if not text.strip():
        raise ValueError("refusing to send an empty SMS")
    attributes: dict[str, dict[str, str]] = {
        "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
    }
    sender_id = os.environ.get("SMS_SENDER_ID")
    if sender_id:
        attributes["AWS.SNS.SMS.SenderID"] = {"DataType": "String", "StringValue": sender_id}
    try:
        response = _client().publish(
            PhoneNumber=phone, Message=text[:MAX_SMS_CHARACTERS], MessageAttributes=attributes
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in {"InvalidParameter", "InvalidParameterValue", "OptedOut"}:
            raise SmsRejected(code) from error
        raise SmsNotSent(f"{code}: {error}") from error
    except BotoCoreError as error:
        raise SmsNotSent(str(error)) from error
    return str(response["MessageId"])


def opted_out_numbers() -> list[str]:
    """The numbers the SMS provider has recorded as opted out (replied STOP to the provider)."""
    numbers: list[str] = []
    kwargs: dict[str, str] = {}
    while True:
        page = _client().list_phone_numbers_opted_out(**kwargs)
        numbers.extend(page.get("phoneNumbers", []))
        if not page.get("nextToken"):
            return numbers
        kwargs = {"nextToken": page["nextToken"]}


def send_once(key: str, phone: str, text: str, now: datetime) -> SmsOnce:
    """Send the SMS ``key`` (e.g. ``callback-missed#<booking>``) unless it was sent already.

    Raises on a transient failure after marking the SMS not sent, so the caller's redelivery
    sends it; raises ``SmsInFlight`` while another delivery's claim is fresh.
    """
    from chalicelib import effects
    from chalicelib.observability import get_logger

    intent_key = f"sms#{key}"
    intent = effects.begin(intent_key, {"channel": "sms"}, now)
    if not intent.fresh:
        recovery, result = effects.plan_recovery(intent, found=None, now=now, settle=SEND_LEASE)
        if recovery is effects.Recovery.ADOPT:
            if result and result.startswith(_REJECTED):
                return SmsOnce("rejected", detail=result[len(_REJECTED) :])
            return SmsOnce("sent", result)
        if recovery is effects.Recovery.WAIT:
            raise SmsInFlight(f"{intent_key} is being sent by another delivery")
        if recovery is effects.Recovery.GIVE_UP and effects.gave_up(
            intent_key, now, "the sender died after claiming it; it may or may not have been sent"
        ):
            get_logger().error("SMS unconfirmed: claimed by a sender that died", extra={"sms": key})
        return SmsOnce("unconfirmed")
    try:
        message_id = send_sms(phone, text)
    except SmsRejected as rejected:
        effects.done(intent_key, f"{_REJECTED}{rejected}", now)
        return SmsOnce("rejected", detail=str(rejected))
    except Exception as error:
        effects.not_done(intent_key, now, f"{type(error).__name__}: {error}")
        raise
    effects.done(intent_key, message_id, now)
    return SmsOnce("sent", message_id)
