"""Queues, buckets and schedule groups the functions use, by the environment variable that names them.

Like the table models, this is the one declaration: CDK creates these resources and sets the
variables; the local stack creates its own and sets the same variables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueSpec:
    logical_name: str
    env_var: str  # holds the queue URL
    purpose: str
    visibility_timeout_s: int = 180
    max_receive_count: int = 5  # deliveries before a message moves to the dead-letter queue


@dataclass(frozen=True)
class BucketSpec:
    logical_name: str
    env_var: str  # holds the bucket name
    purpose: str


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("dialler", "DIALLER_QUEUE_URL", "campaign contacts waiting to be dialled"),
    QueueSpec("contact-events", "CONTACT_EVENTS_QUEUE_URL", "Amazon Connect contact events"),
    QueueSpec("audience-rows", "AUDIENCE_QUEUE_URL", "campaign audience files waiting to be loaded"),
)
BUCKETS: tuple[BucketSpec, ...] = (
    BucketSpec("audiences", "AUDIENCE_BUCKET", "uploaded campaign audience files"),
)
SCHEDULE_GROUP_ENV = "SCHEDULE_GROUP"


def schedule_dead_letter_queue_name(schedule_group: str) -> str:
    """The queue (CDK creates it) where EventBridge Scheduler puts an invocation of one of the
    group's schedules that it could not deliver. Named, not passed in: the environment is full."""
    return f"{schedule_group}-schedules-dlq"


def _queue_env(logical_name: str) -> str:
    return next(queue.env_var for queue in QUEUES if queue.logical_name == logical_name)


DIALLER_QUEUE_ENV = _queue_env("dialler")
CONTACT_EVENTS_QUEUE_ENV = _queue_env("contact-events")
AUDIENCE_QUEUE_ENV = _queue_env("audience-rows")
AUDIENCE_BUCKET_ENV = BUCKETS[0].env_var
