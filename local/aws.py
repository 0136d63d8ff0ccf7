"""moto in server mode on loopback, provisioned from the same declarations CDK deploys from
(tables, queues, buckets, state machines, the schedule group, the signing secret, the staff
directory with its demo users)."""

from __future__ import annotations

import logging
import os
import socket
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from chalicelib.resources import (
    BROWSER_UPLOAD_HEADERS,
    BROWSER_UPLOAD_METHODS,
    BUCKETS,
    MAIL_BUCKET,
    QUEUES,
    SCHEDULE_GROUP_ENV,
    SUPPORT_EMAIL_ADDRESS_ENV,
)
from chalicelib.tables import ALL_TABLES
from local import moto_tables
from local.cognito_keys import import_signing_key_once
from local.dynamodb_scaling import scale_like_dynamodb
from local.environment import LOCAL_PREFIX, use_local_settings
from local.moto_dispatch import look_up_handler_methods_once
from local.moto_host_lookup import cache_moto_module_list
from local.prompt_shutdown import stop_moto_promptly
from local.s3_preflight import answer_preflights_like_s3
from local.serial_dynamodb import serialize_dynamodb
from local.shared_botocore_data import share_botocore_data

REGION = "us-east-1"
SUPPORT_EMAIL_ADDRESS = "support-local@example.com"
#: Where the local stack serves the console (the API's loopback port, whichever it is).
LOCAL_CONSOLE_ORIGINS = ("http://127.0.0.1:*", "http://localhost:*")


def browser_upload_cors(origins: tuple[str, ...]) -> dict[str, Any]:
    """The S3 CORS configuration of a bucket the console uploads to (``BucketSpec.browser_uploads``)."""
    return {
        "CORSRules": [
            {
                "AllowedOrigins": list(origins),
                "AllowedMethods": list(BROWSER_UPLOAD_METHODS),
                "AllowedHeaders": list(BROWSER_UPLOAD_HEADERS),
                "MaxAgeSeconds": 3000,
            }
        ]
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def point_boto3_at(endpoint: str) -> None:
    """Make every boto3/botocore client in this process (and its children) talk to ``endpoint``."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
        }
    )
    os.environ.pop("AWS_PROFILE", None)


@dataclass
class EmulatedAws:
    """A moto server thread plus the tables, queues and buckets of the product."""

    port: int = field(default_factory=free_port)
    server: ThreadedMotoServer | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> EmulatedAws:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        serialize_dynamodb()  # concurrent requests must not break DynamoDB's transaction guarantees
        share_botocore_data()  # every request thread makes new botocore sessions
        answer_preflights_like_s3()  # the console's pre-signed uploads start with a CORS preflight
        stop_moto_promptly()  # a stack's stop waited 0.5 s for moto's server to notice
        cache_moto_module_list()  # moto's server listed its package folder on every request
        look_up_handler_methods_once()  # and inspected a handler class on every request
        import_signing_key_once()  # each user pool re-imported moto's one signing key (~0.15 s)
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        # moto keeps its state in this process: an earlier stack's tables and queues would leak in.
        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST"))
        point_boto3_at(self.endpoint)
        self.provision()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def provision(self) -> None:
        """Create every table (from the PynamoDB models), queue and bucket; export their names."""
        use_local_settings()
        scale_like_dynamodb()  # moto in this process: a request costs what it touches
        for spec in ALL_TABLES.values():
            spec.model._connection = None  # forget any connection made before the endpoint moved
        if not restore_seeded_tables():
            for spec in ALL_TABLES.values():
                spec.model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
            seed_knowledge()
            remember_seeded_tables()
        sqs = boto3.client("sqs")
        for queue in QUEUES:
            dead_letter_url = sqs.create_queue(QueueName=f"{LOCAL_PREFIX}{queue.logical_name}-dlq")[
                "QueueUrl"
            ]
            dead_letter_arn = sqs.get_queue_attributes(QueueUrl=dead_letter_url, AttributeNames=["QueueArn"])[
                "Attributes"
            ]["QueueArn"]
            url = sqs.create_queue(
                QueueName=f"{LOCAL_PREFIX}{queue.logical_name}",
                Attributes={
                    "VisibilityTimeout": str(queue.visibility_timeout_s),
                    "RedrivePolicy": (
                        f'{{"deadLetterTargetArn":"{dead_letter_arn}","maxReceiveCount":"{queue.max_receive_count}"}}'
                    ),
                },
            )["QueueUrl"]
            os.environ[queue.env_var] = url
        s3 = boto3.client("s3")
        for bucket in (*BUCKETS, MAIL_BUCKET):
            name = f"{LOCAL_PREFIX}{bucket.logical_name}"
            s3.create_bucket(Bucket=name)
            if bucket.browser_uploads:  # the console on the stack's loopback port PUTs to it
                s3.put_bucket_cors(Bucket=name, CORSConfiguration=browser_upload_cors(LOCAL_CONSOLE_ORIGINS))
            os.environ[bucket.env_var] = name
        provision_support_mailbox()
        from local import state_machines

        state_machines.provision(LOCAL_PREFIX, REGION)
        group = f"{LOCAL_PREFIX}callbacks"
        boto3.client("scheduler").create_schedule_group(Name=group)
        os.environ[SCHEDULE_GROUP_ENV] = group
        provision_signing_secret()
        provision_alerts_topic()
        from local.staff_directory import provision_staff_directory

        provision_staff_directory(LOCAL_PREFIX)


#: moto's tables as a stack's first provisioning left them (created from the models, seeded with
#: the repository's knowledge), for the later stacks of this process, by the table name prefix.
_seeded_tables: dict[str, bytes] = {}


def remember_seeded_tables() -> None:
    """Keep a copy of the freshly provisioned tables (the moto server runs in this process)."""
    _seeded_tables[_table_prefix()] = moto_tables.kept()


def restore_seeded_tables() -> bool:
    """Put back a copy of the tables the first stack of this process provisioned; False if none.

    Creating 22 tables and seeding 75 knowledge items through the API (~150 requests) was most of
    a stack's start; the tables and the seed are the same for every stack of a run, and a copy
    of moto's tables is the state those requests would build.
    """
    seeded = _seeded_tables.get(_table_prefix())
    if seeded is None:
        return False
    moto_tables.put_back(seeded)
    return True


def _table_prefix() -> str:
    from chalicelib.tables.base import TABLE_NAME_PREFIX_ENV

    return os.environ[TABLE_NAME_PREFIX_ENV]


def provision_alerts_topic() -> str:
    """The supervisors' alerts topic, as CDK creates one per stage; its ARN exported."""
    from chalicelib import notifications

    arn = str(boto3.client("sns").create_topic(Name=f"{LOCAL_PREFIX}supervisor-alerts")["TopicArn"])
    os.environ[notifications.ALERTS_TOPIC_ENV] = arn
    notifications.forget_client()
    return arn


def seed_knowledge() -> None:
    """The repository's knowledge articles and call scripts (``knowledge/``), as a deployment's
    first seed puts them: agents, the help centre and the assistant read them from the tables."""
    from chalicelib.knowledge.files import repository_articles, repository_scripts
    from chalicelib.knowledge.seed import seed

    seed(repository_articles(), repository_scripts())


def provision_support_mailbox(address: str = SUPPORT_EMAIL_ADDRESS) -> None:
    """The support address as SES knows it in AWS: a verified identity replies are sent from
    (the deployer verifies the real one; moto refuses mail from an unverified sender)."""
    boto3.client("sesv2").create_email_identity(EmailIdentity=address)
    os.environ[SUPPORT_EMAIL_ADDRESS_ENV] = address


def provision_signing_secret(secrets_manager: Any | None = None) -> str:
    """The stage's signing secret, as CDK creates it in AWS: a fresh random value in (moto's)
    Secrets Manager, its ARN exported for the functions (which have no fallback key) and returned.
    ``secrets_manager``: a client to reuse (the tests make one per process, not one per test)."""
    import secrets

    from chalicelib import signing

    client = secrets_manager or boto3.client("secretsmanager")
    created = client.create_secret(
        Name=f"{LOCAL_PREFIX}signing-{secrets.token_hex(4)}", SecretString=secrets.token_urlsafe(48)
    )
    os.environ[signing.SECRET_ID_ENV] = str(created["ARN"])
    return str(created["ARN"])
