"""An agent takes a web chat in the workspace (headless Debian Chromium, the local stack, the
simulator's agent desk): the chat is offered with everything said so far, the assistant's answer
and the handover included; the agent accepts, replies, and the customer reads the reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from local.connect_simulator.simulator import wait_until
from local.workspace_session import chromium_available, signed_in, softphone_simulator

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def sim(local_stack: Any) -> Iterator[Any]:
    with softphone_simulator(local_stack) as simulator:
        yield simulator


def _customer_messages(sim: Any, token: str) -> list[tuple[str, str]]:
    transcript = sim.chat.get_transcript(token, {"MaxResults": 100, "SortOrder": "ASCENDING"})["Transcript"]
    return [(item["ParticipantRole"], item["Content"]) for item in transcript if item["Type"] == "MESSAGE"]


def test_an_agent_sees_the_whole_chat_and_the_customer_reads_the_reply(
    local_stack: Any, sim: Any, browser: Any
) -> None:
    from local.staff_directory import demo_person

    agent = demo_person("agent")
    page = signed_in(browser, local_stack.api_url, agent.username, agent.password)
    page.get_by_text("Waiting for a contact").first.wait_for()

    started = sim.start_chat_contact(
        InstanceId=sim.instance_id,
        ContactFlowId=sim.flow_arn("inbound-chat"),
        ParticipantDetails={"DisplayName": "Mei Lin"},
        Attributes={"language": "en-US"},
    )
    connection = sim.chat.create_connection(started["ParticipantToken"], ["CONNECTION_CREDENTIALS"])
    token = connection["ConnectionCredentials"]["ConnectionToken"]
    bot_prompt = lambda: any(text.startswith("What can I help") for _, text in _customer_messages(sim, token))  # noqa: E731
    assert wait_until(bot_prompt, timeout_s=10)
    sim.chat.send_message(token, "text/plain", "where is my parcel")
    assert wait_until(
        lambda: _customer_messages(sim, token)[-1][1].startswith("Anything else?"), timeout_s=10
    )
    sim.chat.send_message(token, "text/plain", "agent")
    assert wait_until(
        lambda: _customer_messages(sim, token)[-1][1].startswith("So that the right team"), timeout_s=10
    )
    sim.chat.send_message(token, "text/plain", "2")  # an order

    page.get_by_text("Incoming chat").wait_for()
    transcript = page.locator("#chat-transcript")
    transcript.get_by_text("where is my parcel").wait_for()
    assert "Open Orders in the app or on the website" in transcript.inner_text()  # the assistant's answer
    assert "Assistant" in transcript.inner_text()
    page.get_by_role("button", name="Accept").click()

    page.get_by_label("Reply").fill("Hello Mei, I am looking at your order now.")
    page.get_by_role("button", name="Send").click()
    assert wait_until(
        lambda: ("AGENT", "Hello Mei, I am looking at your order now.") in _customer_messages(sim, token),
        timeout_s=10,
    )
    sim.chat.send_message(token, "text/plain", "Thank you! Order 4471.")
    transcript.get_by_text("Thank you! Order 4471.").wait_for()

    page.get_by_role("button", name="Hang up").click()
    page.get_by_role("button", name="Finish after-contact work").click()
    page.get_by_text("Waiting for a contact").first.wait_for()
    contact = sim.contacts[started["ContactId"]]
    assert contact.disconnect_reason == "AGENT_DISCONNECT"
    assert contact.attributes["handoverReason"] == "asked_for_agent"
    page.context.close()
