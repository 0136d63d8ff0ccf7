"""The stateful stack: encrypted, recoverable, and kept in prod; disposable in dev."""

from __future__ import annotations

from aws_cdk.assertions import Match

from chalicelib.resources import BUCKETS
from chalicelib.tables import ALL_TABLES
from tests.infra.conftest import resources_of_type


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
    tables = resources_of_type(prod.raw("Data"), "AWS::DynamoDB::Table").values()
    assert all(t["DeletionPolicy"] == "Retain" and t["UpdateReplacePolicy"] == "Retain" for t in tables)
    assert all(t["Properties"]["DeletionProtectionEnabled"] is True for t in tables)


def test_dev_tables_go_away_with_the_stack(dev):
    tables = resources_of_type(dev.raw("Data"), "AWS::DynamoDB::Table").values()
    assert all(t["DeletionPolicy"] == "Delete" for t in tables)
    assert not any(t["Properties"].get("DeletionProtectionEnabled") for t in tables)


def test_audience_buckets_are_private_encrypted_tls_only_logged_and_expire(dev, prod):
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
        policies = resources_of_type(stage.raw("Data"), "AWS::S3::BucketPolicy").values()
        denies_plain_http = [
            s
            for p in policies
            for s in p["Properties"]["PolicyDocument"]["Statement"]
            if s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
        ]
        assert len(denies_plain_http) == len(BUCKETS) + 1  # + the access-log bucket


def test_prod_buckets_are_retained_and_dev_buckets_are_not(dev, prod):
    assert {b["DeletionPolicy"] for b in resources_of_type(prod.raw("Data"), "AWS::S3::Bucket").values()} == {
        "Retain"
    }
    assert {b["DeletionPolicy"] for b in resources_of_type(dev.raw("Data"), "AWS::S3::Bucket").values()} == {
        "Delete"
    }
