"""The Connect and SMS adapters send valid requests and sort errors by what to do next."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from chalicelib import messaging, telephony
from chalicelib.telephony import CallNotPermitted, LinesBusy, OutboundCall


@pytest.fixture
def connect(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    monkeypatch.setenv("CONNECT_INSTANCE_ID", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setenv("OUTBOUND_FLOW_ID", "66666666-7777-8888-9999-000000000000")
    monkeypatch.setenv("OUTBOUND_QUEUE_ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
    client = boto3.client("connect", region_name="us-east-1")
    telephony.forget_client()
    monkeypatch.setattr(telephony, "_client", lambda: client)
    monkeypatch.setattr(telephony, "_dialling_client", lambda: client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def test_a_call_with_answering_machine_detection_goes_as_campaign_traffic(connect: Stubber) -> None:
    connect.add_response(
        "start_outbound_voice_contact",
        {"ContactId": "c-1"},
        {
            "DestinationPhoneNumber": "+12125550142",
            "ContactFlowId": "66666666-7777-8888-9999-000000000000",
            "InstanceId": "11111111-2222-3333-4444-555555555555",
            "QueueId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "Attributes": {"messageText": "Your parcel has arrived"},
            "ClientToken": "campaign-1#+12125550142#1",
            "TrafficType": "CAMPAIGN",
            "AnswerMachineDetectionConfig": {
                "EnableAnswerMachineDetection": True,
                "AwaitAnswerMachinePrompt": True,
            },
        },
    )
    contact_id = telephony.start_outbound_call(
        OutboundCall(
            destination="+12125550142",
            attributes={"messageText": "Your parcel has arrived"},
            client_token="campaign-1#+12125550142#1",
            detect_answering_machine=True,
        )
    )
    assert contact_id == "c-1"


@pytest.mark.parametrize("code", ["LimitExceededException", "ThrottlingException"])
def test_a_full_quota_or_throttling_means_try_again_later(connect: Stubber, code: str) -> None:
    connect.add_client_error("start_outbound_voice_contact", service_error_code=code, http_status_code=429)
    with pytest.raises(LinesBusy):
        telephony.start_outbound_call(OutboundCall(destination="+12125550142"))


def test_a_destination_connect_will_not_call_is_a_refusal(connect: Stubber) -> None:
    connect.add_client_error(
        "start_outbound_voice_contact",
        service_error_code="DestinationNotAllowedException",
        http_status_code=403,
    )
    with pytest.raises(CallNotPermitted) as refused:
        telephony.start_outbound_call(OutboundCall(destination="+12125550142"))
    assert refused.value.code == "DestinationNotAllowedException"


def test_an_sms_is_published_to_the_phone_as_transactional(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        messaging.forget_client()
        message_id = messaging.send_sms("+12125550142", "Your parcel has arrived. Reply STOP to opt out.")
        assert message_id
        from moto.backends import get_backend

        sent = get_backend("sns")["123456789012"]["us-east-1"].sms_messages
        assert list(sent.values()) == [("+12125550142", "Your parcel has arrived. Reply STOP to opt out.")]
    messaging.forget_client()


def test_an_empty_sms_is_never_sent() -> None:
    with pytest.raises(ValueError):
        messaging.send_sms("+12125550142", "   ")


def test_an_sms_the_provider_fails_to_send_is_reported_as_not_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    client = boto3.client("sns", region_name="us-east-1")
    monkeypatch.setattr(messaging, "_client", lambda: client)
    with Stubber(client) as sns:
        sns.add_client_error("publish", service_error_code="InternalError", http_status_code=500)
        with pytest.raises(messaging.SmsNotSent):
            messaging.send_sms("+12125550142", "Your parcel has arrived.")


def test_the_customer_number_of_a_contact_comes_from_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = "11111111-2222-3333-4444-555555555555"
    monkeypatch.setenv("CONNECT_INSTANCE_ID", instance)
    client = boto3.client("connect", region_name="us-east-1")
    monkeypatch.setattr(boto3, "client", lambda service, **kwargs: client)
    with Stubber(client) as stubber:
        stubber.add_response(
            "describe_contact",
            {
                "Contact": {
                    "Id": "c-1",
                    "CustomerEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": "+12125550142"},
                }
            },
            {"InstanceId": instance, "ContactId": "c-1"},
        )
        stubber.add_client_error("describe_contact", service_error_code="ResourceNotFoundException")
        assert telephony.customer_number("c-1") == "+12125550142"
        assert telephony.customer_number("c-2") is None  # logged, never raised
