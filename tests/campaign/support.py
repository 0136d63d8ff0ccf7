"""Shared set-up for campaign pipeline tests: the example campaign stored, queues, an SQS pump."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

from chalicelib import messaging, telephony, work_queues
from chalicelib.campaigns import load_campaign_file, load_campaign_texts, runs
from chalicelib.resources import QUEUES

REPO = Path(__file__).resolve().parents[2]
PROMPTS = REPO / "prompts"


def create_queues() -> None:
    """The product's queues in (in-process) moto, their URLs exported like CDK does."""
    import os

    sqs = boto3.client("sqs")
    for queue in QUEUES:
        os.environ[queue.env_var] = sqs.create_queue(QueueName=f"test-{queue.logical_name}")["QueueUrl"]
    work_queues.forget_client()
    messaging.forget_client()
    telephony.forget_client()


def store_campaign(name: str = "parcel-arrival", **overrides: Any) -> str:
    """Create the example campaign (optionally with overrides of its definition) as a draft."""
    return str(runs.create_campaign(campaign_body(name, **overrides))["id"])


def drain(env_var: str, handler: Callable[[dict[str, Any]], dict[str, Any]], max_rounds: int = 50) -> int:
    """Deliver a queue's messages to an SQS batch handler like Lambda would; returns messages handled."""
    sqs = boto3.client("sqs")
    url = work_queues.queue_url(env_var)
    handled = 0
    for _ in range(max_rounds):
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get(
            "Messages", []
        )
        if not messages:
            break
        event = {
            "Records": [
                {"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"]}
                for m in messages
            ]
        }
        failed = {item["itemIdentifier"] for item in handler(event).get("batchItemFailures", [])}
        for message in messages:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        handled += len(messages)
    return handled


def queued_bodies(env_var: str) -> list[dict[str, Any]]:
    """Every message waiting in a queue (including delayed ones, which moto shows at once)."""
    sqs = boto3.client("sqs")
    bodies = []
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


def campaign_body(name: str = "parcel-arrival", **overrides: Any) -> dict[str, Any]:
    """The POST /campaigns body the command line sends: definition, texts and menu prompts."""
    campaign = load_campaign_file(REPO / "campaigns" / f"{name}.yaml")
    document = json.loads(json.dumps(campaign.document))
    document.update(overrides)
    texts = load_campaign_texts(campaign, PROMPTS)
    menu_prompts = {
        code: (PROMPTS / code / "campaign-menu-prompt.txt").read_text(encoding="utf-8").strip()
        for code in campaign.languages
    }
    return {"campaign": document, "texts": texts.to_document(), "menu_prompts": menu_prompts}
