"""Launching a campaign: the audience goes to S3 (pre-signed upload), the campaign to running,
and the audience-load state machine starts over the file (``chalicelib.batch_jobs``): a bounded
batch of rows per Lambda invocation, each batch retried until it is through.

A load that failed anyway (a batch kept failing) is re-run by launching again: a new execution
skips the batches already counted and every contact already stored.
"""

from __future__ import annotations

from typing import Any

from chalicelib import objects, settings
from chalicelib.campaigns import runs
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.observability import get_logger
from chalicelib.resources import AUDIENCE_BUCKET_ENV, AUDIENCE_LOAD_JOB


def audience_upload_url(campaign_id: str, key: str, expires_s: int) -> dict[str, Any]:
    runs.get_record(campaign_id)  # 404 for an unknown campaign
    url = objects.upload_url(settings.required(AUDIENCE_BUCKET_ENV), key, expires_s)
    return {"upload_url": url, "audience_key": key, "content_type": "text/csv", "expires_in": expires_s}


def launch(campaign_id: str, audience_key: str) -> dict[str, Any]:
    """draft -> running and start loading the audience; on a running campaign whose load did not
    finish, start the load again (nobody already stored is enqueued twice)."""
    from chalicelib.batch_jobs import start_job

    if not audience_key.startswith(f"{campaign_id}/"):
        raise InvalidInput("audience_key must be the key returned by POST /campaigns/{id}/audience")
    _require_audience(audience_key)
    bucket = settings.required(AUDIENCE_BUCKET_ENV)
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
    start_job(AUDIENCE_LOAD_JOB, campaign_id, bucket, audience_key)
    return described


def _require_audience(audience_key: str) -> None:
    """The uploaded audience file must exist: a launch with nothing to load is the caller's error."""
    try:
        objects.require(settings.required(AUDIENCE_BUCKET_ENV), audience_key)
    except objects.ObjectUnreadable as error:
        if error.missing:
            raise InvalidInput(
                f"no audience file at {audience_key!r}: upload it to the URL POST /campaigns/{{id}}/audience "
                "returned, then launch",
                code="audience_missing",
            ) from None
        raise


def handle_load_step(event: dict[str, Any]) -> dict[str, Any]:
    """The audience-load state machine's Task: ``prepare`` checks the header and counts the rows,
    ``rows`` loads one batch, ``finish`` / ``failed`` record the outcome on the campaign."""
    from chalicelib.batch_jobs import count_rows, header_of, parse_step
    from chalicelib.campaigns.audience import check_header, load_rows

    step = parse_step(event)
    campaign_id = step.job_id
    if step.step == "prepare":
        bucket, key = str(event["bucket"]), str(event["key"])
        try:
            check_header(campaign_id, header_of(bucket, key))
        except InvalidInput as error:
            runs.set_loading(campaign_id, f"failed: {error.message}")
            raise
        rows = count_rows(bucket, key)
        runs.set_figure(campaign_id, "load.rows_total", rows)
        runs.set_loading(campaign_id, "loading")
        return {"rows": rows}
    if step.step == "rows":
        report = load_rows(campaign_id, step.items)
        return {"rows": report.rows, **report.to_dict()}
    if step.step == "finish":
        runs.set_loading(campaign_id, "done")
        get_logger().info("audience loaded", extra={"campaign": campaign_id, **runs.counters(campaign_id)})
        return {"done": True}
    failure = step.failure
    if not (runs.get_record(campaign_id).loading or "").startswith("failed"):
        runs.set_loading(campaign_id, f"failed: {failure}; launch again to resume")
    get_logger().error("audience load stopped", extra={"campaign": campaign_id, "error": failure})
    return {"recorded": failure}
