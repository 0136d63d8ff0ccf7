"""The supervisor-notification adapter: an alert published to the stage's SNS topic.

CDK creates one topic per stage and gives its ARN (``SUPERVISOR_ALERTS_TOPIC_ARN``) to the
functions that raise alerts; supervisors subscribe to it (email, SMS, chat webhooks). Locally
the topic lives in moto. A failed publish is logged and reported as not sent, never raised:
the alert itself is already stored and listed.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

ALERTS_TOPIC_ENV = "SUPERVISOR_ALERTS_TOPIC_ARN"
#: SNS refuses a Subject over 100 characters.
MAX_SUBJECT = 100


@lru_cache(maxsize=1)
def _client() -> Any:
    import boto3

    return boto3.client("sns")


def forget_client() -> None:
    _client.cache_clear()


def publish_alert(subject: str, alert: dict[str, Any]) -> bool:
    """Publish ``alert`` (JSON) to the stage's alerts topic; False when it could not be sent."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.observability import get_logger

    topic = os.environ.get(ALERTS_TOPIC_ENV)
    if not topic:
        get_logger().warning("no alerts topic configured", extra={"alert": alert.get("id")})
        return False
    try:
        _client().publish(
            TopicArn=topic,
            Subject=subject[:MAX_SUBJECT],
            Message=json.dumps(alert, ensure_ascii=False, sort_keys=True),
            MessageAttributes={"kind": {"DataType": "String", "StringValue": str(alert.get("kind") or "")}},
        )
    except (BotoCoreError, ClientError) as error:
        get_logger().warning("alert not published", extra={"alert": alert.get("id"), "error": str(error)})
        return False
    return True
