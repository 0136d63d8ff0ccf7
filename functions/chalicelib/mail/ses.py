"""The Amazon SES adapter (API v2 ``SendEmail``): one plain-text mail from the support address.

SES's refusals that a retry cannot fix become ``MailRejected``; anything else (throttling, a
network fault) is raised as it is, for the caller's redelivery to try again.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib import settings
from chalicelib.resources import SUPPORT_EMAIL_ADDRESS_ENV

#: Refusals about the address, the content or the account's sending state.
_PERMANENT = frozenset(
    {"MessageRejected", "BadRequestException", "AccountSuspendedException", "SendingPausedException"}
)


class MailRejected(Exception):
    """SES will not send this mail; the message is SES's error code."""


@lru_cache(maxsize=1)
def _client() -> Any:
    import boto3

    return boto3.client("sesv2")


def forget_client() -> None:
    _client.cache_clear()


def send_email(to: str, subject: str, text: str) -> str:
    """Send one mail from ``SUPPORT_EMAIL_ADDRESS`` to ``to``; returns SES's message id."""
    from botocore.exceptions import ClientError

    try:
        response = _client().send_email(
            FromEmailAddress=settings.required(SUPPORT_EMAIL_ADDRESS_ENV),
            Destination={"ToAddresses": [to]},
            Content={
                "Simple": {
                    "Subject": {"Data": subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": text, "Charset": "UTF-8"}},
                }
            },
        )
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in _PERMANENT:
            raise MailRejected(code) from error
        raise
    return str(response["MessageId"])
