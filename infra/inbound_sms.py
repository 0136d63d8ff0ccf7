"""The inbound (two-way) SMS channel: the SNS topic AWS End User Messaging SMS publishes replies to.

End User Messaging publishes each SMS a customer sends to one of our numbers as JSON
(``originationNumber``, ``messageBody``, ...) to the number's two-way channel, a standard SNS
topic. Replies carry phone numbers and free text, so the topic is encrypted with a key of ours;
End User Messaging may use the key and publish to the topic only on behalf of this account.
Attaching a number to the topic is one command after deploy (README, "Deploying to AWS").
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

SMS_VOICE_PRINCIPAL = "sms-voice.amazonaws.com"


class InboundSmsTopic(Construct):
    """A KMS-encrypted, TLS-only standard topic (End User Messaging does not support FIFO topics).

    ``topic_name`` is fixed per stage so the ARN attached to the phone numbers survives a
    re-creation of the stack.
    """

    def __init__(self, scope: Construct, construct_id: str, *, topic_name: str) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        # The confused-deputy guard End User Messaging's documentation recommends: only its
        # phone numbers and pools of this account, in this region, may use the key and the topic.
        on_behalf_of_this_account = {
            "StringEquals": {"aws:SourceAccount": stack.account},
            "ArnLike": {"aws:SourceArn": f"arn:{stack.partition}:sms-voice:{stack.region}:{stack.account}:*"},
        }
        self.key = kms.Key(
            self,
            "key",
            description=f"Encrypts {topic_name}: inbound SMS (phone numbers and message text)",
            enable_key_rotation=True,
            # Encrypts messages in flight only (SNS keeps none once delivered): nothing to retain.
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="EndUserMessagingPublishesEncrypted",
                principals=[iam.ServicePrincipal(SMS_VOICE_PRINCIPAL)],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],  # in a key policy, "*" is this key
                conditions=on_behalf_of_this_account,
            )
        )
        self.topic = sns.Topic(
            self,
            "topic",
            topic_name=topic_name,
            display_name="Inbound SMS",
            master_key=self.key,
            enforce_ssl=True,
        )
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="EndUserMessagingPublishesInboundSms",
                principals=[iam.ServicePrincipal(SMS_VOICE_PRINCIPAL)],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions=on_behalf_of_this_account,
            )
        )
