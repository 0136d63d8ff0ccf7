"""Where Amazon Connect keeps call recordings: an encrypted bucket, kept for the stage's retention.

The inbound greeting tells callers the call may be recorded and the flows turn recording on
(UpdateContactRecordingBehavior); Connect writes the audio only to the instance's storage config
for ``CALL_RECORDINGS`` (AWS::Connect::InstanceStorageConfig, StorageType S3). The bucket is
encrypted with a customer managed KMS key (Connect's S3 EncryptionConfig takes only ``KMS``),
private, TLS only, logs its access, and expires recordings after ``recording_retention_days``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_connect as connect
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.recording_layout import CHAT_PREFIX, CHAT_TRANSCRIPTS, PREFIX, RESOURCE_TYPE

if TYPE_CHECKING:
    from infra.settings import StageSettings

ACCESS_LOG_RETENTION_DAYS = 90


class CallRecordingStorage(Construct):
    """The recordings bucket, its key, and the instance's storage config pointing at them."""

    def __init__(
        self, scope: Construct, construct_id: str, *, instance_arn: str, settings: StageSettings
    ) -> None:
        super().__init__(scope, construct_id)
        removal = RemovalPolicy.RETAIN if settings.retain_data else RemovalPolicy.DESTROY
        self.key = kms.Key(
            self,
            "key",
            description=f"{settings.resource_prefix()} call recordings",
            enable_key_rotation=True,
            removal_policy=removal,
        )
        access_logs = s3.Bucket(
            self,
            "access-logs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(ACCESS_LOG_RETENTION_DAYS))],
            removal_policy=removal,
        )
        self.bucket = s3.Bucket(
            self,
            "bucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix=f"{PREFIX}/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    expiration=Duration.days(settings.recording_retention_days),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
            removal_policy=removal,
        )
        self.storage_config, self.chat_storage_config = (
            connect.CfnInstanceStorageConfig(
                self,
                construct_id,
                instance_arn=instance_arn,
                resource_type=resource_type,
                storage_type="S3",
                s3_config=connect.CfnInstanceStorageConfig.S3ConfigProperty(
                    bucket_name=self.bucket.bucket_name,
                    bucket_prefix=prefix,
                    encryption_config=connect.CfnInstanceStorageConfig.EncryptionConfigProperty(
                        encryption_type="KMS", key_id=self.key.key_arn
                    ),
                ),
            )
            for construct_id, resource_type, prefix in (
                ("storage-config", RESOURCE_TYPE, PREFIX),
                ("chat-transcripts-config", CHAT_TRANSCRIPTS, CHAT_PREFIX),
            )
        )
