"""The SMS adapter (Amazon SNS direct-to-phone publish).

Callers decide *whether* to send (consent); ``send_once`` makes sure a follow-up SMS goes out
once per key (``chalicelib.effects.send_once``): an SMS that failed to send is retried by the
next delivery, one whose fate is unknown (the sender died after claiming it) is reported, never
left claimed forever and never sent twice.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from chalicelib.effects import Sent

#: SMS longer than this is refused by carriers' concatenation limits on many routes.
MAX_SMS_CHARACTERS = 1000


class SmsRejected(Exception):
    """The provider will not deliver to this number (opted out, invalid)."""


class SmsNotSent(Exception):
    """The provider failed or could not be reached: the SMS was not sent this time."""


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


def send_once(key: str, phone: str, text: str, now: datetime) -> Sent:
    """Send the SMS ``key`` (e.g. ``callback-missed#<booking>``) unless it was sent already.

    Raises on a transient failure after marking the SMS not sent, so the caller's redelivery
    sends it; raises ``effects.InFlight`` while another delivery's claim is fresh.
    """
    from chalicelib import effects

    return effects.send_once(
        f"sms#{key}", "sms", lambda: send_sms(phone, text), rejected=SmsRejected, now=now
    )
