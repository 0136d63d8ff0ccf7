"""The web chat part of ``make demo``: a customer chats, the assistant answers from an article,
the customer asks for a person, picks a category, an agent joins and sees everything said.

Call ``show_demo_chat(console)`` inside a running ``LocalStack`` (the knowledge articles seeded,
boto3 pointing at moto). The customer's side goes through the participant service's operations
(as amazon-connect-chatjs calls them), the agent's through the simulator's agent desk (what the
console's softphone uses); the virtual clock moves in between.
"""

from __future__ import annotations

from rich.console import Console

from local.connect_simulator import ConnectSimulator, install_contact_centre
from local.connect_simulator.agent_desk import AgentDesk
from local.connect_simulator.function_app import load_chalice_app

DEMO_AGENT = "agent1"
STYLES = {"CUSTOMER": "bold yellow", "CUSTOM_BOT": "cyan", "SYSTEM": "dim cyan", "AGENT": "green"}


def show_demo_chat(console: Console | None = None) -> list[dict[str, str]]:
    """Run the chat; print and return its transcript's messages (role, name, text)."""
    console = console or Console()
    sim = ConnectSimulator()
    install_contact_centre(sim, load_chalice_app())
    desk = AgentDesk(sim)
    desk.contacts_of(DEMO_AGENT, since=-1, wait_s=0)  # the agent's console is open

    started = sim.start_chat_contact(
        InstanceId=sim.instance_id,
        ContactFlowId=sim.flow_arn("inbound-chat"),
        ParticipantDetails={"DisplayName": "Grace"},
        Attributes={"language": "en-US"},
    )
    contact_id = started["ContactId"]
    connection = sim.chat.create_connection(started["ParticipantToken"], ["CONNECTION_CREDENTIALS"])
    token = connection["ConnectionCredentials"]["ConnectionToken"]
    sim.advance(1)
    for text in ("where is my parcel", "agent", "2"):  # a question, a person please, an order
        sim.chat.send_message(token, "text/plain", text)
        sim.advance(3)
    desk.act(DEMO_AGENT, contact_id, "accept")
    sim.advance(1)
    desk.act(
        DEMO_AGENT,
        contact_id,
        "message",
        {"text": "Hello Grace, I can see your question. Which order is it?"},
    )
    sim.advance(5)
    sim.chat.send_message(token, "text/plain", "Order 4471, thank you!")
    sim.advance(5)
    desk.act(DEMO_AGENT, contact_id, "hang-up")
    sim.advance(1)

    console.rule("Web chat: the assistant answers, then hands over to an agent who sees it all")
    messages = [
        {"role": item["ParticipantRole"], "name": item["DisplayName"], "text": item["Content"]}
        for item in sim.chat.sessions[contact_id].transcript()
        if item["Type"] == "MESSAGE"
    ]
    for message in messages:
        style = STYLES.get(message["role"], "dim")
        console.print(f"[{style}]{message['name']:>16}: {message['text']}[/]", highlight=False)
    contact = sim.contacts[contact_id]
    console.print(
        f"ended: [bold]{contact.disconnect_reason}[/]  queue: {contact.queue_name}  handover: "
        f"{contact.attributes.get('handoverReason')}  article answered: {contact.attributes.get('articleId')}",
        highlight=False,
    )
    return messages
