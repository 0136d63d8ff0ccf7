"""Web chat through the simulator: StartChatContact, the chat flow with the assistant (the bot of
bots/assistant.json fulfilled by the real ``answer_customer`` over the seeded knowledge table),
the menu typed as a digit, the queue, an agent of the desk who joins and sees the conversation.

The customer talks through the participant service's operations (CreateParticipantConnection,
SendMessage, GetTranscript, DisconnectParticipant) as amazon-connect-chatjs does, on the
simulator's virtual clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from local.connect_simulator import ConnectSimulator, install_contact_centre
from local.connect_simulator.agent_desk import AgentDesk, DeskError
from local.connect_simulator.chat import ParticipantError
from local.connect_simulator.function_app import load_chalice_app
from local.connect_simulator.setup import BUSINESS_HOURS
from tests.knowledge_support import seed_repository_knowledge

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.usefixtures("aws")

AGENT = "agent1"


@dataclass
class ChatCustomer:
    """The customer's side of one chat, as a chat widget drives it."""

    sim: ConnectSimulator
    contact_id: str
    connection_token: str

    def types(self, text: str) -> None:
        self.sim.chat.send_message(self.connection_token, "text/plain", text)
        self.sim.advance(2)

    def transcript(self) -> list[dict[str, Any]]:
        return list(
            self.sim.chat.get_transcript(
                self.connection_token, {"MaxResults": 100, "SortOrder": "ASCENDING"}
            )["Transcript"]
        )

    def messages(self) -> list[tuple[str, str]]:
        """(role, text) of every message so far."""
        return [(i["ParticipantRole"], i["Content"]) for i in self.transcript() if i["Type"] == "MESSAGE"]

    def last_reply(self) -> str:
        return [text for role, text in self.messages() if role != "CUSTOMER"][-1]


@pytest.fixture
def centre() -> Iterator[tuple[ConnectSimulator, AgentDesk]]:
    seed_repository_knowledge()
    sim = ConnectSimulator()
    install_contact_centre(sim, load_chalice_app())
    desk = AgentDesk(sim)
    desk.contacts_of(AGENT, since=-1, wait_s=0)  # the agent's console is open
    yield sim, desk


def start_chat(sim: ConnectSimulator, language: str = "en-US", name: str = "Mei") -> ChatCustomer:
    started = sim.start_chat_contact(
        InstanceId=sim.instance_id,
        ContactFlowId=sim.flow_arn("inbound-chat"),
        ParticipantDetails={"DisplayName": name},
        Attributes={"language": language},
    )
    connection = sim.chat.create_connection(
        started["ParticipantToken"], ["CONNECTION_CREDENTIALS"], connect_participant=True
    )
    sim.advance(1)
    return ChatCustomer(sim, started["ContactId"], connection["ConnectionCredentials"]["ConnectionToken"])


def desk_contact(desk: AgentDesk, contact_id: str) -> dict[str, Any]:
    contacts = desk.contacts_of(AGENT, since=-1, wait_s=0)["contacts"]
    return next(contact for contact in contacts if contact["contactId"] == contact_id)


def test_a_chat_goes_through_the_menu_by_text_to_a_queue_and_an_agent_who_replies(
    centre: tuple[ConnectSimulator, AgentDesk],
) -> None:
    sim, desk = centre
    customer = start_chat(sim)
    assert customer.last_reply().startswith("What can I help you with?")

    customer.types("agent")
    assert customer.messages()[-2] == (
        "CUSTOM_BOT",
        "Of course. I am connecting you to one of our agents now.",
    )
    assert customer.last_reply().startswith("So that the right team takes your chat, type a number")

    customer.types("1")  # a fault
    contact = sim.contacts[customer.contact_id]
    assert contact.queue_name == "fault"
    assert contact.attributes["category"] == "fault"
    assert contact.attributes["handoverReason"] == "asked_for_agent"
    offered = desk_contact(desk, customer.contact_id)
    assert (offered["channel"], offered["state"], offered["customerName"]) == ("CHAT", "offered", "Mei")

    desk.act(AGENT, customer.contact_id, "accept")
    sim.advance(1)
    joined = [i for i in customer.transcript() if i["ContentType"].endswith("participant.joined")]
    assert [(i["ParticipantRole"], i["DisplayName"]) for i in joined] == [
        ("CUSTOMER", "Mei"),
        ("AGENT", AGENT),
    ]

    desk.act(
        AGENT, customer.contact_id, "message", {"text": "Hello Mei, I see you have a fault. Which device?"}
    )
    assert customer.last_reply() == "Hello Mei, I see you have a fault. Which device?"
    customer.types("The router in the hall")
    assert desk_contact(desk, customer.contact_id)["messages"][-1]["text"] == "The router in the hall"

    desk.act(AGENT, customer.contact_id, "hang-up")
    sim.advance(1)
    assert contact.disconnect_reason == "AGENT_DISCONNECT"
    # The transcript is kept with the contact: the whole conversation, then the chat's end.
    kept = sim.chat.sessions[customer.contact_id].transcript()
    said = [(item["ParticipantRole"], item["Content"]) for item in kept if item["Type"] == "MESSAGE"]
    assert ("CUSTOMER", "agent") in said and ("CUSTOMER", "1") in said
    assert said[-1] == ("CUSTOMER", "The router in the hall")
    assert kept[-1]["ContentType"] == "application/vnd.amazonaws.connect.event.chat.ended"
    with pytest.raises(ParticipantError) as ended:
        customer.types("are you still there?")
    assert ended.value.code == "AccessDeniedException"


def test_the_assistant_answers_from_an_article_and_the_chat_stays_with_it(
    centre: tuple[ConnectSimulator, AgentDesk],
) -> None:
    sim, desk = centre
    customer = start_chat(sim)
    customer.types("where is my parcel")
    assert customer.messages()[-2][0] == "CUSTOM_BOT"
    assert customer.messages()[-2][1].startswith("Open Orders in the app or on the website")
    assert customer.last_reply().startswith("Anything else?")
    contact = sim.contacts[customer.contact_id]
    assert contact.attributes["articleId"] == "order-track"
    assert contact.queued_at is None  # nobody was needed

    sim.chat.disconnect(customer.connection_token)
    sim.advance(1)
    assert contact.disconnect_reason == "CUSTOMER_DISCONNECT"
    assert desk.contacts_of(AGENT, since=-1, wait_s=0)["contacts"] == []


def test_a_chinese_chat_gets_chinese_answers(centre: tuple[ConnectSimulator, AgentDesk]) -> None:
    sim, _ = centre
    customer = start_chat(sim, language="zh-CN", name="王伟")
    assert customer.last_reply().startswith("请问有什么可以帮您")
    customer.types("我的发票在哪里下载")
    assert customer.messages()[-2][1].startswith("登录网站或App")


def test_a_handover_carries_the_conversation_to_the_agent(centre: tuple[ConnectSimulator, AgentDesk]) -> None:
    sim, desk = centre
    customer = start_chat(sim)
    customer.types("where is my parcel")
    customer.types("I want to make a complaint, it is a week late")
    contact = sim.contacts[customer.contact_id]
    # A complaint goes straight to its queue, no menu; the question is kept for the screen pop.
    assert contact.queue_name == "complaint"
    assert contact.attributes["handoverReason"] == "complaint"
    assert contact.attributes["customerQuestion"] == "I want to make a complaint, it is a week late"

    desk.act(AGENT, customer.contact_id, "accept")
    sim.advance(1)
    seen = [(m["role"], m["text"]) for m in desk_contact(desk, customer.contact_id)["messages"]]
    assert ("CUSTOMER", "where is my parcel") in seen
    assert any(role == "CUSTOM_BOT" and text.startswith("Open Orders") for role, text in seen)
    assert ("CUSTOMER", "I want to make a complaint, it is a week late") in seen
    assert seen[-1][0] == "SYSTEM" and "will see our conversation" in seen[-1][1]


def test_an_emergency_is_queued_first_with_priority_one(centre: tuple[ConnectSimulator, AgentDesk]) -> None:
    sim, _ = centre
    customer = start_chat(sim)
    customer.types("my device is on fire")
    contact = sim.contacts[customer.contact_id]
    assert (contact.queue_name, contact.priority) == ("emergency", 1)


def test_after_hours_the_chat_points_to_the_help_centre_and_ends(
    centre: tuple[ConnectSimulator, AgentDesk],
) -> None:
    sim, _ = centre
    sim.add_hours(BUSINESS_HOURS, False)
    customer = start_chat(sim)
    assert customer.messages()[-1][1].startswith("Our agents are away right now")
    assert sim.contacts[customer.contact_id].disconnect_reason == "CONTACT_FLOW_DISCONNECT"


def test_an_agent_cannot_write_to_a_chat_they_have_not_accepted(
    centre: tuple[ConnectSimulator, AgentDesk],
) -> None:
    sim, desk = centre
    customer = start_chat(sim)
    customer.types("0")
    customer.types("6")
    with pytest.raises(DeskError):
        desk.act(AGENT, customer.contact_id, "message", {"text": "hello"})


def test_get_transcript_reads_back_from_the_latest_by_default_and_pages_on(
    centre: tuple[ConnectSimulator, AgentDesk],
) -> None:
    sim, _ = centre
    customer = start_chat(sim)
    customer.types("where is my parcel")
    everything = sim.chat.sessions[customer.contact_id].transcript()
    chat = sim.chat
    latest = chat.get_transcript(customer.connection_token, {"MaxResults": 3})
    # botocore's model: ScanDirection BACKWARD without a StartPosition, SortOrder DESCENDING
    assert [item["Id"] for item in latest["Transcript"]] == [item["Id"] for item in reversed(everything[-3:])]
    older = chat.get_transcript(
        customer.connection_token, {"MaxResults": 3, "NextToken": latest["NextToken"]}
    )
    assert [item["Id"] for item in older["Transcript"]] == [
        item["Id"] for item in reversed(everything[-6:-3])
    ]
    first = chat.get_transcript(
        customer.connection_token,
        {
            "MaxResults": 2,
            "ScanDirection": "FORWARD",
            "SortOrder": "ASCENDING",
            "StartPosition": {"MostRecent": 0},
        },
    )
    assert first["Transcript"] == []  # nothing after the most recent
    start = {"Id": everything[0]["Id"]}
    forward = chat.get_transcript(
        customer.connection_token, {"MaxResults": 2, "SortOrder": "ASCENDING", "StartPosition": start}
    )
    assert [item["Id"] for item in forward["Transcript"]] == [item["Id"] for item in everything[:2]]
