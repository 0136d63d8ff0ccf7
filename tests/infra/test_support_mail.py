"""Email to ticket in the templates: SES stores the support address's mail in a KMS-encrypted
bucket only it may write to, then invokes the mail function, which alone may read the mail."""

from __future__ import annotations

from aws_cdk.assertions import Match

from infra.functions_stack import logical_id
from tests.infra.conftest import resources_of_type
from tests.infra.test_function_roles import _actions, _role_id

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


def _only(resources: dict[str, dict], prefix: str) -> tuple[str, dict]:
    (found,) = [(lid, r) for lid, r in resources.items() if lid.startswith(prefix)]
    return found


def test_the_rule_stores_the_support_addresss_mail_then_invokes_the_mail_function(dev):
    raw = dev.raw("Functions")
    rule_set_id, rule_set = _only(resources_of_type(raw, "AWS::SES::ReceiptRuleSet"), "supportmail")
    assert rule_set["Properties"]["RuleSetName"] == "contact-centre-dev-support-mail"
    _, rule = _only(resources_of_type(raw, "AWS::SES::ReceiptRule"), "supportmail")
    assert rule["Properties"]["RuleSetName"] == {"Ref": rule_set_id}
    settings = rule["Properties"]["Rule"]
    assert settings["Recipients"] == ["support-dev@example.com"]
    assert (settings["Enabled"], settings["ScanEnabled"], settings["TlsPolicy"]) == (True, True, "Require")
    store, invoke = settings["Actions"]  # in this order: the function reads what S3 stored
    assert store["S3Action"]["ObjectKeyPrefix"] == "inbound/"
    assert "KmsKeyArn" not in store["S3Action"]  # client-side encryption GetObject cannot read
    assert invoke["LambdaAction"]["InvocationType"] == "Event"
    assert "contact-centre-dev-ReceiveSupportEmail" in str(invoke["LambdaAction"]["FunctionArn"])
    (permission_id,) = [
        lid
        for lid, p in resources_of_type(raw, "AWS::Lambda::Permission").items()
        if p["Properties"]["Principal"] == "ses.amazonaws.com"
    ]
    permission = raw["Resources"][permission_id]["Properties"]
    assert permission["SourceArn"] == RULE_ARN and permission["SourceAccount"] == {"Ref": "AWS::AccountId"}
    assert permission_id in rule["DependsOn"]  # SES checks it may invoke when the rule is created
    assert raw["Outputs"]["SupportMailRuleSet"]["Value"] == "contact-centre-dev-support-mail"


def test_received_mail_is_kept_encrypted_and_only_ses_of_this_rule_may_write_it(dev):
    raw = dev.raw("Data")
    key_id, key = _only(resources_of_type(raw, "AWS::KMS::Key"), "mailkey")
    assert key["Properties"]["EnableKeyRotation"] is True
    (for_ses,) = [s for s in key["Properties"]["KeyPolicy"]["Statement"] if s["Principal"] == SES]
    assert for_ses["Condition"]["ArnLike"] == {"aws:SourceArn": RULE_ARN}
    bucket_id, bucket = _only(resources_of_type(raw, "AWS::S3::Bucket"), "mailbucket")
    encryption = bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert encryption["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": {"Fn::GetAtt": [key_id, "Arn"]},
    }
    assert bucket["Properties"]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    assert bucket["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 30
    (policy,) = [
        p
        for p in resources_of_type(raw, "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    (ses_writes,) = [
        s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s.get("Principal") == SES
    ]
    assert ses_writes["Action"] == "s3:PutObject"
    assert ses_writes["Condition"] == {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": RULE_ARN},
    }


def test_only_the_mail_function_reads_mail_and_only_the_api_sends_it(dev):
    functions = dev.stacks.functions.functions
    readers = {
        lid
        for lid in functions
        if "kms:Decrypt" in _actions(dev, lid) and "s3:GetObject" in _actions(dev, lid)
    }
    assert readers == {logical_id("receive_support_email")}
    senders = {lid for lid in functions if "ses:SendEmail" in _actions(dev, lid)}
    assert senders == {"APIHandler"}
    assert "sns:Publish" in _actions(dev, logical_id("receive_sms_reply"))  # conversations text back
    policies = dev.template("Functions").find_resources(
        "AWS::IAM::Policy",
        {"Properties": {"Roles": Match.array_with([{"Ref": _role_id(dev, "APIHandler")}])}},
    )
    statements = [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]]
    (send,) = [s for s in statements if s["Action"] == "ses:SendEmail"]
    assert sorted(r["Fn::Join"][1][-1] for r in send["Resource"]) == [
        ":identity/example.com",
        ":identity/support-dev@example.com",
    ]


def test_the_mail_function_knows_the_bucket_and_the_api_the_address_it_sends_from(dev):
    functions = resources_of_type(dev.raw("Functions"), "AWS::Serverless::Function")
    mail_function = functions[logical_id("receive_support_email")]["Properties"]["Environment"]["Variables"]
    api = functions["APIHandler"]["Properties"]["Environment"]["Variables"]
    bucket_name = {"Fn::Sub": "contact-centre-dev-mail-${AWS::AccountId}-${AWS::Region}"}
    assert mail_function["MAIL_BUCKET"] == bucket_name and "MAIL_BUCKET" not in api
    (bucket,) = [
        b for lid, b in resources_of_type(dev.raw("Data"), "AWS::S3::Bucket").items() if "mailbucket" in lid
    ]
    assert bucket["Properties"]["BucketName"] == bucket_name
    assert api["SUPPORT_EMAIL_ADDRESS"] == "support-dev@example.com"
