"""The stateful stack: every table and bucket, the batch jobs' execution log and the staff
directory (Cognito user pool). Redeploying functions never touches it."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chalicelib.resources import (
    BROWSER_UPLOAD_HEADERS,
    BROWSER_UPLOAD_METHODS,
    BUCKETS,
    MAIL_BUCKET,
    BucketSpec,
)
from chalicelib.tables import ALL_TABLES
from infra.settings import StageSettings
from infra.staff_directory import StaffDirectory
from infra.support_mail import MailStorage
from infra.tables import table_from_spec

ACCESS_LOG_RETENTION_DAYS = 90
#: Where the console is served (its CloudFront distribution, created in the console stack after
#: this one). The pre-signed URL, not the origin, authorizes an upload; CORS only lets the page send it.
CONSOLE_ORIGINS = ("https://*.cloudfront.net",)


def browser_upload_cors(spec: BucketSpec) -> list[s3.CorsRule] | None:
    """The CORS rule of a bucket the console PUTs files to (``BucketSpec.browser_uploads``)."""
    if not spec.browser_uploads:
        return None
    return [
        s3.CorsRule(
            allowed_methods=[s3.HttpMethods(method) for method in BROWSER_UPLOAD_METHODS],
            allowed_origins=list(CONSOLE_ORIGINS),
            allowed_headers=list(BROWSER_UPLOAD_HEADERS),
            max_age=3000,
        )
    ]


class DataStack(Stack):
    """Tables (one per model in ``ALL_TABLES``) and buckets (one per ``BUCKETS`` entry).

    ``tables`` and ``buckets`` are keyed by logical name, for the functions stack to grant and
    to name in environment variables.
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: StageSettings, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        retain = settings.retain_data
        removal = RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY

        self.tables: dict[str, dynamodb.Table] = {
            name: table_from_spec(self, spec, name_prefix=settings.resource_prefix(), retain=retain)
            for name, spec in ALL_TABLES.items()
        }

        self.access_logs = s3.Bucket(
            self,
            "access-logs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(ACCESS_LOG_RETENTION_DAYS))],
            removal_policy=removal,
        )
        self.buckets: dict[str, s3.Bucket] = {
            spec.logical_name: s3.Bucket(
                self,
                spec.logical_name,
                encryption=s3.BucketEncryption.S3_MANAGED,
                block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                enforce_ssl=True,
                object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
                server_access_logs_bucket=self.access_logs,
                server_access_logs_prefix=f"{spec.logical_name}/",
                cors=browser_upload_cors(spec),
                lifecycle_rules=[
                    s3.LifecycleRule(
                        expiration=Duration.days(settings.audience_retention_days),
                        abort_incomplete_multipart_upload_after=Duration.days(1),
                    )
                ],
                removal_policy=removal,
            )
            for spec in BUCKETS
        }
        #: Mail SES received for the support address (not in ``buckets``: only the mail function reads it).
        self.mail = MailStorage(
            self, MAIL_BUCKET.logical_name, settings=settings, access_logs=self.access_logs, removal=removal
        )
        #: The Step Functions batch jobs (``infra.batch_jobs``) log every execution here: what a
        #: job did to the data is kept as long as the data.
        self.batch_job_logs = logs.LogGroup(
            self,
            "batch-job-logs",
            log_group_name=f"/aws/vendedlogs/states/{settings.resource_prefix()}-batch-jobs",
            removal_policy=removal,
        )
        retention = self.batch_job_logs.node.default_child
        assert isinstance(retention, logs.CfnLogGroup)
        retention.retention_in_days = settings.log_retention_days
        #: Who may sign in to the console and the staff API, and in which role.
        self.staff_directory = StaffDirectory(self, "staff-directory", settings=settings)
        #: bucket logical name -> export name of its ARN (see ``bucket_objects_arn``)
        self.bucket_arn_exports: dict[str, str] = {}
        for name, bucket in [*self.buckets.items(), (MAIL_BUCKET.logical_name, self.mail.bucket)]:
            export_name = f"{self.stack_name}-{name}-bucket-arn"
            self.export_value(bucket.bucket_arn, name=export_name)
            self.bucket_arn_exports[name] = export_name

    def bucket_objects_arn(self, name: str, prefix: str = "") -> tuple[str, str]:
        """(``<bucket ARN>/<prefix>*`` imported by export name, how cdk-nag spells it in a finding id).

        An explicit export keeps the finding id stable, so its acknowledgement can name it.
        """
        export_name = self.bucket_arn_exports[name]
        return f"{Fn.import_value(export_name)}/{prefix}*", f"{export_name}/{prefix}*"
