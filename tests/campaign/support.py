"""Shared set-up for campaign domain tests on in-process moto: queues, a stored campaign."""

from __future__ import annotations

import json
import os
from typing import Any

import boto3

from chalicelib import messaging, telephony, work_queues
from chalicelib.campaigns import runs
from chalicelib.resources import QUEUES
from local.campaign_driver import campaign_body
from local.paths import REPO_ROOT as REPO

__all__ = ["REPO", "create_queues", "queued_bodies", "store_campaign"]


def create_queues() -> None:
    """The product's queues in (in-process) moto, their URLs exported like CDK does."""
    sqs = boto3.client("sqs")
    for queue in QUEUES:
        os.environ[queue.env_var] = sqs.create_queue(QueueName=f"test-{queue.logical_name}")["QueueUrl"]
    work_queues.forget_client()
    messaging.forget_client()
    telephony.forget_client()


def store_campaign(name: str = "parcel-arrival", **overrides: Any) -> str:
    """Create the example campaign (optionally with overrides of its definition) as a draft."""
    return str(runs.create_campaign(campaign_body(name, **overrides))["id"])


def queued_bodies(env_var: str) -> list[dict[str, Any]]:
    """Every message waiting in a queue (including delayed ones, which moto shows at once)."""
    sqs = boto3.client("sqs")
    bodies: list[dict[str, Any]] = []
    url = work_queues.queue_url(env_var)
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get(
            "Messages", []
        )
        if not messages:
            return bodies
        for message in messages:
            bodies.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
