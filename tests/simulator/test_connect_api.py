"""Production boto3 code against the simulator over HTTP: same shapes, same errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from local.connect_simulator import ConnectApiServer, Party
from tests.simulator.conftest import ContactCentre

CALLEE = "+12125550142"


@pytest.fixture
def server(dialler_centre: ContactCentre) -> Iterator[ConnectApiServer]:
    served = ConnectApiServer(dialler_centre.sim).start()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture
def connect(server: ConnectApiServer, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.endpoint)
    return boto3.client("connect", config=Config(retries={"total_max_attempts": 1}))


@pytest.fixture
def unchecked_connect(server: ConnectApiServer, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A client that sends whatever it is given, as another SDK or a hand-made request would."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.endpoint)
    return boto3.client(
        "connect", config=Config(retries={"total_max_attempts": 1}, parameter_validation=False)
    )


def _request(centre: ContactCentre, number: str = CALLEE, **extra: Any) -> dict[str, Any]:
    return {
        "DestinationPhoneNumber": number,
        "ContactFlowId": centre.sim.flow_arn("outbound-reminder").rsplit("/", 1)[-1],
        "InstanceId": centre.sim.instance_id,
        "SourcePhoneNumber": "+12125550199",
        "Attributes": {
            "messageText": "Your parcel is waiting.",
            "menuKeys": "12",
            "menuPrompt": "Press 1 or 2.",
        },
        **extra,
    }


def _start(connect: Any, centre: ContactCentre, number: str = CALLEE, **extra: Any) -> dict[str, Any]:
    return dict(connect.start_outbound_voice_contact(**_request(centre, number, **extra)))


def test_an_outbound_call_started_through_boto3_runs_the_flow_and_its_attributes_read_back(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    dialler_centre.sim.script_callee(CALLEE, Party.answers(presses=["2"]))
    contact_id = _start(connect, dialler_centre)["ContactId"]
    dialler_centre.sim.run_until_idle()
    attributes = connect.get_contact_attributes(
        InstanceId=dialler_centre.sim.instance_id, InitialContactId=contact_id
    )
    assert attributes["Attributes"]["pressedKey"] == "2"
    described = connect.describe_contact(InstanceId=dialler_centre.sim.instance_id, ContactId=contact_id)[
        "Contact"
    ]
    assert described["InitiationMethod"] == "API"
    assert "DisconnectTimestamp" in described


def test_a_full_concurrency_quota_refuses_the_next_call_with_limit_exceeded(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    dialler_centre.sim.max_concurrent_calls = 2
    for index in range(2):
        _start(connect, dialler_centre, number=f"+1212555017{index}")
    with pytest.raises(connect.exceptions.LimitExceededException):
        _start(connect, dialler_centre, number="+12125550179")
    dialler_centre.sim.run_until_idle()  # the calls end, the lines free up
    assert _start(connect, dialler_centre, number="+12125550179")["ContactId"]


def test_the_same_client_token_returns_the_same_contact_while_it_is_active(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    first = _start(connect, dialler_centre, ClientToken="attempt-1")["ContactId"]
    again = _start(connect, dialler_centre, ClientToken="attempt-1")["ContactId"]
    assert first == again
    assert len(dialler_centre.sim.contacts) == 1


def test_stop_contact_ends_a_ringing_call_and_a_second_stop_is_contact_not_found(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    dialler_centre.sim.script_callee(CALLEE, Party.no_answer())
    contact_id = _start(connect, dialler_centre)["ContactId"]
    connect.stop_contact(ContactId=contact_id, InstanceId=dialler_centre.sim.instance_id)
    assert dialler_centre.sim.contacts[contact_id].disconnect_reason == "OTHER"
    with pytest.raises(connect.exceptions.ContactNotFoundException):
        connect.stop_contact(ContactId=contact_id, InstanceId=dialler_centre.sim.instance_id)


def test_attributes_updated_through_the_api_are_seen_by_the_contact(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    contact_id = _start(connect, dialler_centre)["ContactId"]
    connect.update_contact_attributes(
        InitialContactId=contact_id,
        InstanceId=dialler_centre.sim.instance_id,
        Attributes={"campaignId": "c-1"},
    )
    attributes = connect.get_contact_attributes(
        InstanceId=dialler_centre.sim.instance_id, InitialContactId=contact_id
    )
    assert attributes["Attributes"]["campaignId"] == "c-1"


def test_bad_requests_get_connects_errors(connect: Any, dialler_centre: ContactCentre) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        _start(connect, dialler_centre, number="2125550142")
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _start(connect, dialler_centre, ContactFlowId="00000000-0000-0000-0000-000000000000")
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.get_contact_attributes(InstanceId=dialler_centre.sim.instance_id, InitialContactId="nope")
    with pytest.raises(connect.exceptions.InvalidRequestException):
        _start(connect, dialler_centre, SourcePhoneNumber="")


def test_the_telephony_adapter_places_a_call_through_the_simulator_unchanged(
    dialler_centre: ContactCentre, monkeypatch: pytest.MonkeyPatch
) -> None:
    from local.connect_simulator import connect_environment

    server = ConnectApiServer(dialler_centre.sim).start()
    try:
        for key, value in connect_environment(dialler_centre.sim, server.endpoint).items():
            monkeypatch.setenv(key, value)
        client = boto3.client("connect")
        queue_id = dialler_centre.sim.queue_arn("outbound").rsplit("/", 1)[-1]
        response = client.start_outbound_voice_contact(
            DestinationPhoneNumber=CALLEE,
            ContactFlowId=dialler_centre.sim.flow_arn("callback").rsplit("/", 1)[-1],
            InstanceId=dialler_centre.sim.instance_id,
            QueueId=queue_id,
            Attributes={"language": "en-US"},
        )
        dialler_centre.sim.run_until_idle()
        assert dialler_centre.sim.contacts[response["ContactId"]].attributes["callbackQueued"] == "true"
    finally:
        server.stop()


def test_answering_machine_detection_without_campaign_traffic_is_refused(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    detection = {"EnableAnswerMachineDetection": True, "AwaitAnswerMachinePrompt": True}
    with pytest.raises(connect.exceptions.InvalidRequestException, match="TrafficType CAMPAIGN"):
        _start(connect, dialler_centre, AnswerMachineDetectionConfig=detection)
    with pytest.raises(connect.exceptions.InvalidRequestException):
        _start(connect, dialler_centre, AnswerMachineDetectionConfig=detection, TrafficType="GENERAL")
    assert dialler_centre.sim.contacts == {}
    accepted = _start(connect, dialler_centre, AnswerMachineDetectionConfig=detection, TrafficType="CAMPAIGN")
    assert dialler_centre.sim.contacts[accepted["ContactId"]].answer_machine_detection


def test_the_telephony_adapter_sends_detection_as_campaign_traffic_and_plain_calls_as_general(
    dialler_centre: ContactCentre, server: ConnectApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib import telephony
    from local.connect_simulator import connect_environment

    for key, value in connect_environment(dialler_centre.sim, server.endpoint).items():
        monkeypatch.setenv(key, value)
    telephony.forget_client()
    try:
        detected = telephony.start_outbound_call(
            telephony.OutboundCall("+12125550161", {"messageText": "Hello."}, detect_answering_machine=True)
        )
        plain = telephony.start_outbound_call(telephony.OutboundCall("+12125550162", {"messageText": "Hi."}))
    finally:
        telephony.forget_client()
    sent = [params for operation, params in server.accepted if operation == "StartOutboundVoiceContact"]
    assert sent[0]["TrafficType"] == "CAMPAIGN"
    assert sent[0]["AnswerMachineDetectionConfig"]["EnableAnswerMachineDetection"] is True
    assert "TrafficType" not in sent[1] and "AnswerMachineDetectionConfig" not in sent[1]
    assert dialler_centre.sim.contacts[detected].answer_machine_detection
    assert not dialler_centre.sim.contacts[plain].answer_machine_detection


def test_the_telephony_adapter_reports_a_full_quota_after_one_request_without_retrying(
    dialler_centre: ContactCentre, server: ConnectApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib import telephony
    from local.connect_simulator import connect_environment

    for key, value in connect_environment(dialler_centre.sim, server.endpoint).items():
        monkeypatch.setenv(key, value)
    dialler_centre.sim.max_concurrent_calls = 1
    telephony.forget_client()
    try:
        telephony.start_outbound_call(telephony.OutboundCall("+12125550163", {"messageText": "Hi."}))
        with pytest.raises(telephony.LinesBusy, match="LimitExceededException"):
            telephony.start_outbound_call(telephony.OutboundCall("+12125550164", {"messageText": "Hi."}))
    finally:
        telephony.forget_client()
    # the SDK's backoff would have sent the refused call four more times, seconds apart
    sent = [
        params["DestinationPhoneNumber"]
        for operation, params in server.accepted
        if operation == "StartOutboundVoiceContact"
    ]
    assert sent == ["+12125550163", "+12125550164"]


def test_a_client_token_used_again_for_another_request_is_refused(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    _start(connect, dialler_centre, ClientToken="attempt-7")
    with pytest.raises(connect.exceptions.IdempotencyException) as refused:
        _start(connect, dialler_centre, number="+12125550143", ClientToken="attempt-7")
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert len(dialler_centre.sim.contacts) == 1


def test_attributes_beyond_32768_utf8_bytes_or_with_odd_keys_are_refused(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    # 11,000 three-byte characters are 33,000 bytes: under the limit counted in characters, over it in bytes
    with pytest.raises(connect.exceptions.InvalidParameterException, match="32768"):
        _start(connect, dialler_centre, Attributes={"messageText": "包" * 11_000})
    with pytest.raises(connect.exceptions.InvalidParameterException, match="letters, digits"):
        _start(connect, dialler_centre, Attributes={"message text": "hello"})
    contact_id = _start(connect, dialler_centre, Attributes={"messageText": "包" * 10_000})["ContactId"]
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_contact_attributes(
            InitialContactId=contact_id,
            InstanceId=dialler_centre.sim.instance_id,
            Attributes={"note.1": "x"},
        )


def test_what_the_service_model_forbids_is_refused_even_when_the_client_does_not_check(
    unchecked_connect: Any, dialler_centre: ContactCentre
) -> None:
    with pytest.raises(unchecked_connect.exceptions.InvalidParameterException, match="TrafficType"):
        _start(unchecked_connect, dialler_centre, TrafficType="MARKETING")
    with pytest.raises(unchecked_connect.exceptions.InvalidParameterException, match="RingTimeoutInSeconds"):
        _start(unchecked_connect, dialler_centre, RingTimeoutInSeconds=90)
    with pytest.raises(unchecked_connect.exceptions.InvalidParameterException, match="Name"):
        _start(unchecked_connect, dialler_centre, Name="n" * 1025)
    with pytest.raises(unchecked_connect.exceptions.InvalidParameterException, match="ContactFlowId"):
        _start(unchecked_connect, dialler_centre, ContactFlowId=None)
    assert dialler_centre.sim.contacts == {}


def test_unknown_instance_flow_or_queue_is_resource_not_found(
    connect: Any, dialler_centre: ContactCentre
) -> None:
    unknown = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _start(connect, dialler_centre, InstanceId=unknown)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _start(connect, dialler_centre, ContactFlowId=unknown)
    by_queue = {key: value for key, value in _request(dialler_centre).items() if key != "SourcePhoneNumber"}
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.start_outbound_voice_contact(**by_queue, QueueId=unknown)
    assert dialler_centre.sim.contacts == {}
