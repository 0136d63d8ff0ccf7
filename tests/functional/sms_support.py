"""Inbound SMS as the tests deliver them: the two-way topic's notification, as Lambda gets it."""

from __future__ import annotations

import json


def inbound_sms_event(
    origination: str, body: str, message_id: str = "cae173d2-66b9-564c-8309-21f858e9fb84"
) -> dict[str, object]:
    """An inbound SMS as AWS End User Messaging SMS publishes it to the two-way topic (its documented
    payload; the keyword is the registered one the reply matched), as Lambda receives it from SNS."""
    topic_arn = "arn:aws:sns:us-east-1:123456789012:contact-centre-dev-inbound-sms"
    inbound = {
        "originationNumber": origination,
        "destinationNumber": "+12125550100",
        "messageKeyword": body,
        "messageBody": body,
        "inboundMessageId": message_id,
        "previousPublishedMessageId": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    }
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic_arn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                    "TopicArn": topic_arn,
                    "Subject": None,
                    "Message": json.dumps(inbound, ensure_ascii=False),
                    "Timestamp": "2026-11-25T12:00:00.000Z",
                    "SignatureVersion": "1",
                    "Signature": "EXAMPLE",
                    "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem",
                    "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
                    "MessageAttributes": {},
                },
            }
        ]
    }
