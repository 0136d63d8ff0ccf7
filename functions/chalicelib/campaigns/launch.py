"""Launching a campaign: the audience goes to S3 (pre-signed upload), the campaign to running,
and a load job to the audience queue; the loader Lambda streams the file from S3.

A launch that failed halfway (the loader crashed, a row batch timed out) is re-run by launching
again: the load job is re-sent and the loader skips every contact already stored.
"""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.campaigns import runs
from chalicelib.campaigns.audience import decoded_lines, load_audience
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.observability import get_logger
from chalicelib.resources import AUDIENCE_BUCKET_ENV, AUDIENCE_QUEUE_ENV


def _s3() -> Any:
    import boto3

    return boto3.client("s3")


def audience_upload_url(campaign_id: str, key: str, expires_s: int) -> dict[str, Any]:
    runs.get_record(campaign_id)  # 404 for an unknown campaign
    url = _s3().generate_presigned_url(
        "put_object",
        Params={"Bucket": os.environ[AUDIENCE_BUCKET_ENV], "Key": key, "ContentType": "text/csv"},
        ExpiresIn=expires_s,
    )
    return {"upload_url": url, "audience_key": key, "content_type": "text/csv", "expires_in": expires_s}


def launch(campaign_id: str, audience_key: str) -> dict[str, Any]:
    """draft -> running and queue the audience load; on a running campaign whose load did not
    finish, queue the load again (nobody already stored is enqueued twice)."""
    from chalicelib import work_queues

    if not audience_key.startswith(f"{campaign_id}/"):
        raise InvalidInput("audience_key must be the key returned by POST /campaigns/{id}/audience")
    _require_audience(audience_key)
    record = runs.get_record(campaign_id)
    if record.status == "draft":
        described = runs.change_status(campaign_id, "launch", loading="pending", audience_key=audience_key)
    elif record.status == "running" and record.loading != "done":
        runs.set_loading(campaign_id, "pending")
        described = runs.describe(runs.get_record(campaign_id))
    else:
        raise Conflict(
            f"campaign {campaign_id!r} is {record.status} and its audience is loaded; nothing to launch",
            code="invalid_transition",
        )
    work_queues.send(AUDIENCE_QUEUE_ENV, [{"campaign_id": campaign_id, "audience_key": audience_key}])
    return described


def _require_audience(audience_key: str) -> None:
    """The uploaded audience file must exist: a launch with nothing to load is the caller's error."""
    from botocore.exceptions import ClientError

    try:
        _s3().head_object(Bucket=os.environ[AUDIENCE_BUCKET_ENV], Key=audience_key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            raise InvalidInput(
                f"no audience file at {audience_key!r}: upload it to the URL POST /campaigns/{{id}}/audience "
                "returned, then launch",
                code="audience_missing",
            ) from None
        raise


def handle_load_batch(event: dict[str, Any]) -> dict[str, Any]:
    """Audience queue consumer: stream each file from S3 into the campaign."""
    failures = []
    for record in event.get("Records", []):
        job = json.loads(record["body"])
        campaign_id = str(job["campaign_id"])
        try:
            body = _s3().get_object(Bucket=os.environ[AUDIENCE_BUCKET_ENV], Key=str(job["audience_key"]))[
                "Body"
            ]
            report = load_audience(campaign_id, decoded_lines(body.iter_lines(keepends=True)))
        except InvalidInput as error:  # the file itself is wrong: retrying will not help
            runs.set_loading(campaign_id, f"failed: {error.message}")
            continue
        except Exception:
            get_logger().exception(
                "audience load failed; it will be retried", extra={"campaign": campaign_id}
            )
            runs.set_loading(campaign_id, "failed: will retry")
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        runs.set_loading(campaign_id, "done")
        get_logger().info("audience loaded", extra={"campaign": campaign_id, **report.to_dict()})
    return {"batchItemFailures": failures}
