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
def connect(dialler_centre: ContactCentre, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    server = ConnectApiServer(dialler_centre.sim).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.endpoint)
    try:
        yield boto3.client("connect", config=Config(retries={"max_attempts": 1}))
    finally:
        server.stop()


def _start(connect: Any, centre: ContactCentre, number: str = CALLEE, **extra: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
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
    return dict(connect.start_outbound_voice_contact(**request))


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
