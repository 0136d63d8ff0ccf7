"""The SMS adapter (Amazon SNS direct-to-phone publish).

Callers decide *whether* to send (consent, once-only); this module only sends and reports the
provider's message id.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

#: SMS longer than this is refused by carriers' concatenation limits on many routes.
MAX_SMS_CHARACTERS = 1000


class SmsRejected(Exception):
    """The provider will not deliver to this number (opted out, invalid)."""


@lru_cache(maxsize=1)
def _client() -> Any:
    import boto3

    return boto3.client("sns")


def forget_client() -> None:
    _client.cache_clear()


def send_sms(phone: str, text: str) -> str:
    """Send one transactional SMS; returns the provider's message id."""
    from botocore.exceptions import ClientError

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
        raise
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
