"""The stateful stack: encrypted, recoverable, and kept in prod; disposable in dev."""

from __future__ import annotations

from chalicelib.resources import BUCKETS
from chalicelib.tables import ALL_TABLES


def test_every_table_is_on_demand_encrypted_and_point_in_time_recoverable(dev, prod):
    for stage in (dev, prod):
        stage.template("Data").resource_properties_count_is(
            "AWS::DynamoDB::Table",
            {
                "BillingMode": "PAY_PER_REQUEST",
                "SSESpecification": {"SSEEnabled": True},
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            },
            len(ALL_TABLES),
        )


def test_prod_tables_survive_stack_deletion_and_refuse_to_be_deleted(prod):
    template = prod.template("Data")
    template.all_resources(
        "AWS::DynamoDB::Table", {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}
    )
    template.all_resources_properties("AWS::DynamoDB::Table", {"DeletionProtectionEnabled": True})


def test_dev_tables_go_away_with_the_stack(dev):
    template = dev.template("Data")
    template.all_resources("AWS::DynamoDB::Table", {"DeletionPolicy": "Delete"})
    protected = {"Properties": {"DeletionProtectionEnabled": True}}
    assert template.find_resources("AWS::DynamoDB::Table", protected) == {}


def test_audience_buckets_are_private_encrypted_tls_only_logged_and_expire(dev, prod):
    from aws_cdk.assertions import Match

    for stage, expiry_days in ((dev, 7), (prod, 30)):
        template = stage.template("Data")
        template.resource_properties_count_is(
            "AWS::S3::Bucket",
            {
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                },
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": True,
                    "BlockPublicPolicy": True,
                    "IgnorePublicAcls": True,
                    "RestrictPublicBuckets": True,
                },
                "LoggingConfiguration": Match.object_like({"LogFilePrefix": Match.any_value()}),
                "LifecycleConfiguration": {
                    "Rules": [Match.object_like({"ExpirationInDays": expiry_days, "Status": "Enabled"})]
                },
            },
            len(BUCKETS),
        )
        deny_plain_http = Match.object_like(
            {"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        )
        template.resource_properties_count_is(  # + the access-log and mail buckets
            "AWS::S3::BucketPolicy",
            {"PolicyDocument": {"Statement": Match.array_with([deny_plain_http])}},
            len(BUCKETS) + 2,
        )


def test_prod_buckets_are_retained_and_dev_buckets_are_not(dev, prod):
    prod.template("Data").all_resources("AWS::S3::Bucket", {"DeletionPolicy": "Retain"})
    dev.template("Data").all_resources("AWS::S3::Bucket", {"DeletionPolicy": "Delete"})


def test_the_audience_bucket_lets_the_console_put_a_file_and_nothing_else(dev):
    from aws_cdk.assertions import Match

    template = dev.template("Data")
    cors = {
        "CorsConfiguration": {
            "CorsRules": [
                {
                    "AllowedMethods": ["PUT"],
                    "AllowedOrigins": ["https://*.cloudfront.net"],
                    "AllowedHeaders": ["content-type"],
                    "MaxAge": 3000,
                }
            ]
        }
    }
    uploads = [spec for spec in BUCKETS if spec.browser_uploads]
    template.resource_properties_count_is("AWS::S3::Bucket", cors, len(uploads))
    assert uploads and all(spec.logical_name == "audiences" for spec in uploads)
    others = template.find_resources(
        "AWS::S3::Bucket", {"Properties": {"CorsConfiguration": Match.any_value()}}
    )
    assert len(others) == len(uploads)
