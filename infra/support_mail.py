"""Email to ticket: Amazon SES receives mail for the stage's support address, stores each message
in an encrypted bucket and invokes ``receive_support_email`` (``chalicelib.mail``).

Stateful and stateless parts live in their stacks: ``MailStorage`` (the bucket and its key, kept
with the data) and ``SupportMailReceiving`` (the receipt rule set and its rule, which name the
function). The rule's actions run in order: S3 first (the message, under ``inbound/<SES message
id>``), then Lambda (asynchronously: SES's receipt event carries the headers and verdicts, not the
body, which the function reads from the bucket).

The bucket is encrypted on the server side with a key of ours (SSE-KMS by default encryption).
The S3 action's own ``KmsKeyArn`` is deliberately not set: with it SES encrypts on the client
side with the S3 encryption client, which a plain ``GetObject`` cannot read.

SES verifies at rule creation that it may write to the bucket and invoke the function, so the
bucket policy (data stack, deployed first) and the Lambda permission exist before the rule. Only
one receipt rule set is active per account and region and CloudFormation cannot activate one: the
deployer activates this stage's once (README, "Receiving support mail"), printed as the
``SupportMailRuleSet`` output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses
from constructs import Construct

from chalicelib.mail.intake import INBOUND_PREFIX

if TYPE_CHECKING:
    from infra.settings import StageSettings

SES_PRINCIPAL = "ses.amazonaws.com"


def rule_set_name(settings: StageSettings) -> str:
    return f"{settings.resource_prefix()}-support-mail"


def rule_name(settings: StageSettings) -> str:
    return f"{settings.resource_prefix()}-to-ticket"


def mail_bucket_name(settings: StageSettings) -> str:
    """The mail bucket's name, fixed per stage, account and region (at most 52 characters):
    the functions stack names it literally, as it does the tables (no export, and a short value
    in the mail function's 4 KB of environment)."""
    return Fn.sub(f"{settings.resource_prefix()}-mail-${{AWS::AccountId}}-${{AWS::Region}}")


def rule_arn(stack: Stack, settings: StageSettings) -> str:
    """The receipt rule's ARN, from its names (SES's documented ``aws:SourceArn`` for its writes)."""
    return stack.format_arn(
        service="ses",
        resource="receipt-rule-set",
        resource_name=f"{rule_set_name(settings)}:receipt-rule/{rule_name(settings)}",
    )


class MailStorage(Construct):
    """The bucket received mail lands in: KMS-encrypted with a rotating key of its own, private,
    TLS only, access-logged, expiring after ``mail_retention_days``. Only SES's receipt rule of
    this stage may write (its own prefix), on behalf of this account."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StageSettings,
        access_logs: s3.IBucket,
        removal: RemovalPolicy,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        on_behalf_of_this_rule = {
            "StringEquals": {"aws:SourceAccount": stack.account},
            "ArnLike": {"aws:SourceArn": rule_arn(stack, settings)},
        }
        self.key = kms.Key(
            self,
            "key",
            description=f"{settings.resource_prefix()} mail received by the support address",
            enable_key_rotation=True,
            removal_policy=removal,
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="SesStoresReceivedMail",
                principals=[iam.ServicePrincipal(SES_PRINCIPAL)],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],  # in a key policy, "*" is this key
                conditions=on_behalf_of_this_rule,
            )
        )
        self.bucket = s3.Bucket(
            self,
            "bucket",
            bucket_name=mail_bucket_name(settings),
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="mail/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    expiration=Duration.days(settings.mail_retention_days),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
            removal_policy=removal,
        )
        self.bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="SesStoresReceivedMail",
                principals=[iam.ServicePrincipal(SES_PRINCIPAL)],
                actions=["s3:PutObject"],
                resources=[self.bucket.arn_for_objects(f"{INBOUND_PREFIX}*")],
                conditions=on_behalf_of_this_rule,
            )
        )


class SupportMailReceiving(Construct):
    """The receipt rule set (inactive until the deployer activates it) with one rule: mail to
    ``support_email_address``, spam- and virus-scanned, over TLS, stored then handed to the function."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StageSettings,
        bucket_name: str,
        function_arn: str,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.rule_set = ses.CfnReceiptRuleSet(self, "rule-set", rule_set_name=rule_set_name(settings))
        invocable = lambda_.CfnPermission(
            self,
            "invoked-by-ses",
            action="lambda:InvokeFunction",
            function_name=function_arn,
            principal=SES_PRINCIPAL,
            source_account=stack.account,
            source_arn=rule_arn(stack, settings),
        )
        self.rule = ses.CfnReceiptRule(
            self,
            "rule",
            rule_set_name=self.rule_set.ref,
            rule=ses.CfnReceiptRule.RuleProperty(
                name=rule_name(settings),
                enabled=True,
                recipients=[settings.support_email_address],
                scan_enabled=True,  # the spam and virus verdicts the function reads
                tls_policy="Require",  # mail about customers' accounts never crosses in clear
                actions=[
                    ses.CfnReceiptRule.ActionProperty(
                        s3_action=ses.CfnReceiptRule.S3ActionProperty(
                            bucket_name=bucket_name, object_key_prefix=INBOUND_PREFIX
                        )
                    ),
                    ses.CfnReceiptRule.ActionProperty(
                        lambda_action=ses.CfnReceiptRule.LambdaActionProperty(
                            function_arn=function_arn, invocation_type="Event"
                        )
                    ),
                ],
            ),
        )
        self.rule.add_dependency(invocable)
