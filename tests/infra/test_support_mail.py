"""Email to ticket in the templates: SES stores the support address's mail in a KMS-encrypted
bucket only it may write to, then invokes the mail function, which alone may read the mail."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tests.infra.templates import FUNCTION, properties, template
from tests.infra.test_function_roles import _actions, _role_statements

if TYPE_CHECKING:
    from collections.abc import Mapping

SES = {"Service": "ses.amazonaws.com"}
RULE_ARN = {
    "Fn::Join": [
        "",
        [
            "arn:",
            {"Ref": "AWS::Partition"},
            ":ses:",
            {"Ref": "AWS::Region"},
            ":",
            {"Ref": "AWS::AccountId"},
            ":receipt-rule-set/contact-centre-dev-support-mail:receipt-rule/contact-centre-dev-to-ticket",
        ],
    ]
}


def _only(found: Mapping[str, Mapping[str, Any]], prefix: str) -> tuple[str, dict]:
    """The one resource ``Template.find_resources`` found whose logical id starts with ``prefix``."""
    ((lid, resource),) = [(lid, r) for lid, r in found.items() if lid.startswith(prefix)]
    return lid, dict(resource["Properties"])


def test_the_rule_stores_the_support_addresss_mail_then_invokes_the_mail_function(dev):
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    rule_set_id, _ = _only(
        functions.find_resources(
            "AWS::SES::ReceiptRuleSet", {"Properties": {"RuleSetName": "contact-centre-dev-support-mail"}}
        ),
        "supportmail",
    )
    permission_id = functions.get_resource_id(
        "AWS::Lambda::Permission", {"Properties": {"Principal": "ses.amazonaws.com"}}
    )
    functions.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Principal": "ses.amazonaws.com",
            "SourceArn": Match.object_equals(RULE_ARN),
            "SourceAccount": {"Ref": "AWS::AccountId"},
        },
    )
    # the function reads what S3 stored: the two actions in this order; S3 encrypts on the server
    # side (a KmsKeyArn would mean client-side encryption, which GetObject cannot read)
    functions.has_resource(
        "AWS::SES::ReceiptRule",
        {
            "DependsOn": Match.array_with(
                [permission_id]
            ),  # SES checks it may invoke when the rule is created
            "Properties": {
                "RuleSetName": {"Ref": rule_set_id},
                "Rule": {
                    "Recipients": ["support-dev@example.com"],
                    "Enabled": True,
                    "ScanEnabled": True,
                    "TlsPolicy": "Require",
                    "Actions": [
                        {"S3Action": {"ObjectKeyPrefix": "inbound/", "KmsKeyArn": Match.absent()}},
                        {"LambdaAction": {"InvocationType": "Event"}},
                    ],
                },
            },
        },
    )
    _, rule = _only(functions.find_resources("AWS::SES::ReceiptRule"), "supportmail")
    invoke = rule["Rule"]["Actions"][1]
    assert "contact-centre-dev-ReceiveSupportEmail" in str(invoke["LambdaAction"]["FunctionArn"])
    functions.has_output("SupportMailRuleSet", {"Value": "contact-centre-dev-support-mail"})


def test_received_mail_is_kept_encrypted_and_only_ses_of_this_rule_may_write_it(dev):
    from aws_cdk.assertions import Match

    data = template(dev, "Data")
    key_id, key = _only(
        data.find_resources("AWS::KMS::Key", {"Properties": {"EnableKeyRotation": True}}), "mailkey"
    )
    (for_ses,) = [s for s in key["KeyPolicy"]["Statement"] if s["Principal"] == SES]
    assert for_ses["Condition"]["ArnLike"] == {"aws:SourceArn": RULE_ARN}
    kept_encrypted = {
        "BucketEncryption": {
            "ServerSideEncryptionConfiguration": [
                {
                    "ServerSideEncryptionByDefault": Match.object_equals(
                        {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": [key_id, "Arn"]}}
                    )
                }
            ]
        },
        "PublicAccessBlockConfiguration": {"RestrictPublicBuckets": True},
        "LifecycleConfiguration": {"Rules": [{"ExpirationInDays": 30}]},
    }
    bucket_id, _ = _only(data.find_resources("AWS::S3::Bucket", {"Properties": kept_encrypted}), "mailbucket")
    (policy,) = properties(
        data.find_resources("AWS::S3::BucketPolicy", {"Properties": {"Bucket": {"Ref": bucket_id}}})
    )
    (ses_writes,) = [s for s in policy["PolicyDocument"]["Statement"] if s.get("Principal") == SES]
    assert ses_writes["Action"] == "s3:PutObject"
    assert ses_writes["Condition"] == {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": RULE_ARN},
    }


def _may(stage, lid: str, action: str, resource_fragment: str) -> bool:
    """Whether function ``lid``'s role allows ``action`` on a resource whose reference names
    ``resource_fragment`` (the mail bucket's export, the mail key's logical id)."""
    return any(
        action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        and resource_fragment in json.dumps(s["Resource"])
        for s in _role_statements(stage, lid)
    )


def test_only_the_mail_function_reads_mail_and_only_the_api_sends_it(dev):
    from infra.functions_stack import logical_id

    functions = dev.stacks.functions.functions
    readers = {
        lid
        for lid in functions
        if _may(dev, lid, "s3:GetObject", "mail-bucket") and _may(dev, lid, "kms:Decrypt", "mailkey")
    }
    assert readers == {logical_id("receive_support_email")}  # the API may read call recordings, not mail
    senders = {lid for lid in functions if "ses:SendEmail" in _actions(dev, lid)}
    assert senders == {"APIHandler"}
    assert "sns:Publish" in _actions(dev, logical_id("receive_sms_reply"))  # conversations text back
    statements = _role_statements(dev, "APIHandler")  # its inline policy or, overflowed, a managed one
    (send,) = [s for s in statements if s["Action"] == "ses:SendEmail"]
    assert sorted(r["Fn::Join"][1][-1] for r in send["Resource"]) == [
        ":identity/example.com",
        ":identity/support-dev@example.com",
    ]


def test_the_mail_function_knows_the_bucket_and_the_api_the_address_it_sends_from(dev):
    from aws_cdk.assertions import Match

    from infra.functions_stack import logical_id

    functions = template(dev, "Functions")
    bucket_name = {"Fn::Sub": "contact-centre-dev-mail-${AWS::AccountId}-${AWS::Region}"}
    functions.has_resource_properties(
        FUNCTION,
        {
            "FunctionName": f"contact-centre-dev-{logical_id('receive_support_email')}",
            "Environment": {"Variables": Match.object_like({"MAIL_BUCKET": bucket_name})},
        },
    )
    functions.has_resource_properties(
        FUNCTION,
        {
            "FunctionName": "contact-centre-dev-APIHandler",
            "Environment": {
                "Variables": Match.object_like(
                    {"MAIL_BUCKET": Match.absent(), "SUPPORT_EMAIL_ADDRESS": "support-dev@example.com"}
                )
            },
        },
    )
    _only(
        template(dev, "Data").find_resources("AWS::S3::Bucket", {"Properties": {"BucketName": bucket_name}}),
        "mailbucket",
    )
