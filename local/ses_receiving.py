"""Amazon SES receiving, locally: a mail dropped into the local mail bucket under ``inbound/`` is
handed to the function the receipt rule invokes, in the event shape SES sends.

In AWS, SES stores the message (the rule's S3 action) and then invokes the function with the
mail's headers and its SPF / DKIM / DMARC verdicts (the Lambda action). Here whoever drops the
message plays the sending side: the verdicts are read from the message's own
``Authentication-Results`` header (RFC 8601, e.g. ``spf=pass; dkim=pass; dmarc=pass``), and a
result it does not state is ``GRAY``, as SES reports a check that had nothing to go on.

    key = drop_mail(raw_bytes)           # what an MTA + SES's S3 action would do
    runner.deliver_mail()                # what SES's Lambda action would do
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses
from typing import Any

from chalicelib.mail.intake import INBOUND_PREFIX
from chalicelib.resources import MAIL_BUCKET, SUPPORT_EMAIL_ADDRESS_ENV

FUNCTION = "receive_support_email"
_RESULT = re.compile(r"\b(spf|dkim|dmarc)=(pass|fail|none|neutral|softfail|temperror|permerror)\b", re.I)
_VERDICT = {"pass": "PASS", "fail": "FAIL", "softfail": "FAIL", "temperror": "PROCESSING_FAILED"}


def drop_mail(raw: bytes, message_id: str | None = None) -> str:
    """Store ``raw`` in the local mail bucket where SES's S3 action would; returns its key."""
    import os

    import boto3

    key = f"{INBOUND_PREFIX}{message_id or uuid.uuid4().hex}"
    boto3.client("s3").put_object(Bucket=os.environ[MAIL_BUCKET.env_var], Key=key, Body=raw)
    return key


def verdicts(authentication_results: str) -> dict[str, dict[str, str]]:
    """SES's verdict objects from an ``Authentication-Results`` header value.

    >>> verdicts("mx.example.com; spf=pass smtp.mailfrom=example.com; dkim=fail")["dkimVerdict"]
    {'status': 'FAIL'}
    """
    found = {name.lower(): value.lower() for name, value in _RESULT.findall(authentication_results)}
    return {
        f"{check}Verdict": {"status": _VERDICT.get(found.get(check, ""), "GRAY")}
        for check in ("spf", "dkim", "dmarc")
    }


def receipt_event(key: str, raw: bytes, *, now: datetime | None = None) -> dict[str, Any]:
    """The event SES's Lambda action sends for the message stored at ``key`` (one record)."""
    import os

    message = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
    message_id = key[len(INBOUND_PREFIX) :]
    support = os.environ.get(SUPPORT_EMAIL_ADDRESS_ENV, "")
    recipients = [address for _, address in getaddresses(message.get_all("To", []))] or [support]
    timestamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "Records": [
            {
                "eventSource": "aws:ses",
                "eventVersion": "1.0",
                "ses": {
                    "mail": {
                        "timestamp": timestamp,
                        "source": getaddresses([str(message.get("From", ""))])[0][1],
                        "messageId": message_id,
                        "destination": recipients,
                        "headersTruncated": False,
                        "headers": [{"name": name, "value": str(value)} for name, value in message.items()],
                        "commonHeaders": {
                            "from": [str(message.get("From", ""))],
                            "to": recipients,
                            "subject": str(message.get("Subject", "")),
                            "messageId": str(message.get("Message-ID", "")),
                        },
                    },
                    "receipt": {
                        "timestamp": timestamp,
                        "processingTimeMillis": 1,
                        "recipients": recipients,
                        "spamVerdict": {"status": "PASS"},
                        "virusVerdict": {"status": "PASS"},
                        **verdicts(str(message.get("Authentication-Results", ""))),
                        "action": {
                            "type": "Lambda",
                            "functionArn": f"arn:aws:lambda:us-east-1:000000000000:function:{FUNCTION}",
                            "invocationType": "Event",
                        },
                    },
                },
            }
        ]
    }
