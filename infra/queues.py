"""SQS queues from ``chalicelib.resources.QUEUES``, each with its dead-letter queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_sqs as sqs

from infra.nag import acknowledge

if TYPE_CHECKING:
    from constructs import Construct

    from chalicelib.resources import QueueSpec

DEAD_LETTER_RETENTION = Duration.days(14)  # the SQS maximum: time to inspect and redrive


@dataclass(frozen=True)
class QueueWithDeadLetters:
    spec: QueueSpec
    queue: sqs.Queue
    dead_letters: sqs.Queue


def queue_from_spec(scope: Construct, spec: QueueSpec, *, name_prefix: str) -> QueueWithDeadLetters:
    """An SSE, TLS-only queue; after ``spec.max_receive_count`` failed deliveries a message moves to
    its dead-letter queue instead of being retried forever or dropped. Named
    ``<prefix>-<logical name>`` (short, readable queue URLs in the functions' environment)."""
    dead_letters = sqs.Queue(
        scope,
        f"{spec.logical_name}-dlq",
        queue_name=f"{name_prefix}-{spec.logical_name}-dlq",
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=DEAD_LETTER_RETENTION,
    )
    queue = sqs.Queue(
        scope,
        spec.logical_name,
        queue_name=f"{name_prefix}-{spec.logical_name}",
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        visibility_timeout=Duration.seconds(spec.visibility_timeout_s),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=spec.max_receive_count),
    )
    return QueueWithDeadLetters(spec=spec, queue=queue, dead_letters=dead_letters)


def dead_letter_queue(scope: Construct, construct_id: str, *, queue_name: str, holds: str) -> sqs.Queue:
    """A queue that is itself a dead-letter queue (of a function's asynchronous invocations, of a
    rule's or the Scheduler's targets): SSE, TLS-only, kept for the SQS maximum."""
    queue = sqs.Queue(
        scope,
        construct_id,
        queue_name=queue_name,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=DEAD_LETTER_RETENTION,
    )
    acknowledge(
        queue,
        "AwsSolutions-SQS3",
        f"This queue is itself the dead-letter queue of {holds}; cdk-nag recognises only SQS "
        "redrive policies.",
    )
    return queue
