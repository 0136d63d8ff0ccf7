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
    #: whether functions send to it (``work_queues.send``); the others are fed by AWS (EventBridge)
    #: and no function's role may send to them
    sent_by_functions: bool = False


@dataclass(frozen=True)
class BucketSpec:
    logical_name: str
    env_var: str  # holds the bucket name
    purpose: str
    #: the staff console PUTs files to it through pre-signed URLs (the bucket answers CORS)
    browser_uploads: bool = False


#: The CORS rule of a bucket with ``browser_uploads``: a pre-signed PUT with its Content-Type (the
#: URL is the authorization; origins are where the console is served, per environment).
BROWSER_UPLOAD_METHODS = ("PUT",)
BROWSER_UPLOAD_HEADERS = ("content-type",)


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec(
        "dialler", "DIALLER_QUEUE_URL", "campaign contacts waiting to be dialled", sent_by_functions=True
    ),
    QueueSpec("contact-events", "CONTACT_EVENTS_QUEUE_URL", "Amazon Connect contact events"),
)
BUCKETS: tuple[BucketSpec, ...] = (
    BucketSpec("audiences", "AUDIENCE_BUCKET", "uploaded campaign audience files", browser_uploads=True),
)
#: Mail SES received for the support address (its own KMS key; read only by the mail function).
MAIL_BUCKET = BucketSpec("mail", "MAIL_BUCKET", "mail received by the support address")
SUPPORT_EMAIL_ADDRESS_ENV = "SUPPORT_EMAIL_ADDRESS"
SCHEDULE_GROUP_ENV = "SCHEDULE_GROUP"


def schedule_dead_letter_queue_name(schedule_group: str) -> str:
    """The queue (CDK creates it) where EventBridge Scheduler puts an invocation of one of the
    group's schedules that it could not deliver. Named, not passed in: the environment is full."""
    return f"{schedule_group}-schedules-dlq"


#: Every state machine's ARN is this variable's value followed by its logical name.
STATE_MACHINE_ARN_PREFIX_ENV = "STATE_MACHINE_ARN_PREFIX"


@dataclass(frozen=True)
class StateMachineSpec:
    """A Step Functions state machine that works through a CSV object in S3, a batch of rows per
    Lambda invocation (``infra.batch_definitions`` builds its definition)."""

    logical_name: str
    purpose: str


STATE_MACHINES: tuple[StateMachineSpec, ...] = (
    StateMachineSpec("audience-load", "load a campaign's audience file"),
    StateMachineSpec("list-import", "import a blacklist / do-not-call list file"),
)


def _queue_env(logical_name: str) -> str:
    return next(queue.env_var for queue in QUEUES if queue.logical_name == logical_name)


DIALLER_QUEUE_ENV = _queue_env("dialler")
CONTACT_EVENTS_QUEUE_ENV = _queue_env("contact-events")
AUDIENCE_BUCKET_ENV = BUCKETS[0].env_var
AUDIENCE_LOAD_JOB = STATE_MACHINES[0].logical_name
LIST_IMPORT_JOB = STATE_MACHINES[1].logical_name
