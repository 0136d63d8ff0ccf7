"""``POST /chat/start`` and the participant service over HTTP, as the help centre's widget uses
them: the route starts the chat on the simulator through boto3, the customer connects with the
participant token (botocore's ``connectparticipant`` client), hears the chat on the websocket
CreateParticipantConnection returns (the amazon-connect-chatjs protocol) and writes with
SendMessage."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.config import Config
from chalice.test import Client
from websockets.sync.client import connect as websocket

from chalicelib import telephony
from local.connect_simulator import ConnectApiServer, ConnectSimulator, install_contact_centre
from local.connect_simulator.agent_desk import AgentDesk
from local.connect_simulator.function_app import load_chalice_app
from local.connect_simulator.setup import connect_environment
from tests.callbacks_support import last_code_sent_to
from tests.functional.tickets_support import Api
from tests.knowledge_support import seed_repository_knowledge
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.usefixtures("aws")

CUSTOMER = "+12125550143"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ConnectSimulator, ConnectApiServer, Api]]:
    seed_repository_knowledge()
    app = load_chalice_app()
    sim = ConnectSimulator()
    install_contact_centre(sim, app)
    AgentDesk(sim)
    server = ConnectApiServer(sim).start()
    for name, value in connect_environment(sim, server.endpoint).items():
        monkeypatch.setenv(name, value)
    telephony.forget_client()
    try:
        with Client(app) as client:
            yield sim, server, Api(client)
    finally:
        server.stop()
        telephony.forget_client()


def _participant(endpoint: str) -> Any:
    return boto3.client(
        "connectparticipant", endpoint_url=endpoint, config=Config(retries={"total_max_attempts": 1})
    )


def _chat_items_until(socket: Any, sim: ConnectSimulator, role: str) -> list[dict[str, Any]]:
    """The chat items the websocket delivers until a message of ``role`` has come."""
    items: list[dict[str, Any]] = []
    while not any(item.get("ParticipantRole") == role for item in items):
        sim.advance(1)
        frame = json.loads(socket.recv(timeout=5))
        if frame["topic"] == "aws/chat":
            items.append(json.loads(frame["content"]))
    return items


def test_a_widget_starts_a_chat_hears_the_assistant_on_the_websocket_and_leaves(
    served: tuple[ConnectSimulator, ConnectApiServer, Api],
) -> None:
    sim, server, api = served
    status, started = api.call("post", "/chat/start", {"displayName": "Mei", "language": "en-US"})
    assert status == 200, started
    assert set(started) == {"contactId", "participantId", "participantToken", "region", "participantEndpoint"}
    assert started["participantEndpoint"] == server.endpoint
    contact = sim.contacts[started["contactId"]]
    assert (contact.channel, contact.attributes["customerVerified"]) == ("CHAT", "false")

    participant = _participant(started["participantEndpoint"])
    connection = participant.create_participant_connection(
        ParticipantToken=started["participantToken"],
        Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"],
        ConnectParticipant=True,
    )
    token = connection["ConnectionCredentials"]["ConnectionToken"]
    with websocket(connection["Websocket"]["Url"]) as socket:
        socket.send(json.dumps({"topic": "aws/subscribe", "content": {"topics": ["aws/chat"]}}))
        assert json.loads(socket.recv(timeout=5)) == {
            "topic": "aws/subscribe",
            "content": {"status": "success", "topics": ["aws/chat"]},
        }
        socket.send(json.dumps({"topic": "aws/heartbeat"}))
        assert json.loads(socket.recv(timeout=5)) == {"topic": "aws/heartbeat"}

        participant.send_message(
            ConnectionToken=token, ContentType="text/plain", Content="where is my parcel"
        )
        heard = _chat_items_until(socket, sim, "CUSTOM_BOT")
    answer = [item for item in heard if item.get("ParticipantRole") == "CUSTOM_BOT"]
    assert answer and answer[0]["Content"].startswith("Open Orders in the app or on the website")
    assert {item["ContactId"] for item in heard} == {started["contactId"]}

    transcript = participant.get_transcript(ConnectionToken=token, MaxResults=100, SortOrder="ASCENDING")[
        "Transcript"
    ]
    said = [item["Content"] for item in transcript if item["Type"] == "MESSAGE"]
    assert said.index("where is my parcel") < said.index(answer[0]["Content"])
    participant.disconnect_participant(ConnectionToken=token)
    sim.advance(1)
    assert contact.disconnect_reason == "CUSTOMER_DISCONNECT"
    with pytest.raises(participant.exceptions.AccessDeniedException):
        participant.send_message(ConnectionToken=token, ContentType="text/plain", Content="hello?")


def test_a_verified_customer_s_chat_carries_the_proved_number(
    served: tuple[ConnectSimulator, ConnectApiServer, Api],
) -> None:
    sim, _, api = served
    status, sent = api.call("post", "/callbacks/verifications", {"phone": CUSTOMER})
    assert status == 201, sent
    proof = {"verificationId": sent["verificationId"], "code": last_code_sent_to(CUSTOMER)}
    status, started = api.call(
        "post", "/chat/start", {"displayName": "Wei", "language": "zh-CN", "verification": proof}
    )
    assert status == 200, started
    attributes = sim.contacts[started["contactId"]].attributes
    assert (attributes["customerPhone"], attributes["customerVerified"], attributes["language"]) == (
        CUSTOMER,
        "true",
        "zh-CN",
    )

    # The agent's screen pop knows who this is: the proved number's customer, not "unknown".
    signed_in(api.client, "agent")
    status, view = api.call("get", f"/contacts/{started['contactId']}/360")
    assert status == 200, view
    assert view["phone"] == CUSTOMER and view["contact"]["language"] == "zh-CN"
    status, anonymous = api.call("post", "/chat/start", {"displayName": "Someone", "language": "en-US"})
    status, view = api.call("get", f"/contacts/{anonymous['contactId']}/360")
    assert status == 400 and view["error"]["code"] == "no_customer_number"

    wrong = {**proof, "code": "000000" if proof["code"] != "000000" else "111111"}
    status, refused = api.call(
        "post", "/chat/start", {"displayName": "Wei", "language": "zh-CN", "verification": wrong}
    )
    assert status == 403 and refused["error"]["code"] == "wrong_code", refused


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"language": "en-US"}, "invalid_input"),
        ({"displayName": "", "language": "en-US"}, "invalid_display_name"),
        ({"displayName": "Mei", "language": "fr-FR"}, "invalid_language"),
        (
            {
                "displayName": "Mei",
                "language": "en-US",
                "verification": {"verificationId": "x", "code": "123456"},
            },
            "invalid_verification",
        ),
        ({"displayName": "Mei", "language": "en-US", "phone": "+12125550143"}, "invalid_input"),
    ],
)
def test_bad_chat_requests_get_a_4xx(
    served: tuple[ConnectSimulator, ConnectApiServer, Api], body: dict[str, Any], code: str
) -> None:
    _, _, api = served
    status, refused = api.call("post", "/chat/start", body)
    assert 400 <= status < 500 and refused["error"]["code"] == code, (status, refused)


def test_without_the_chat_flow_the_route_says_chat_is_unavailable(
    served: tuple[ConnectSimulator, ConnectApiServer, Api], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, api = served
    monkeypatch.setattr(telephony, "CHAT_FLOW_NAME", "no-such-flow")
    telephony.forget_client()
    status, refused = api.call("post", "/chat/start", {"displayName": "Mei", "language": "en-US"})
    assert status == 503 and refused["error"]["code"] == "chat_unavailable"
