"""The demo's web chat: the assistant's answer, the handover, the agent's reply, printed."""

from __future__ import annotations

import io

from rich.console import Console

from local.demo_chat import show_demo_chat
from tests.knowledge_support import seed_repository_knowledge


def test_the_demo_prints_a_chat_the_assistant_answers_and_an_agent_takes_over(aws: None) -> None:
    seed_repository_knowledge()
    output = io.StringIO()
    messages = show_demo_chat(Console(file=output, width=200))
    roles = [message["role"] for message in messages]
    assert roles.index("CUSTOM_BOT") < roles.index("AGENT")  # the assistant first, then a person
    assert messages[roles.index("CUSTOM_BOT")]["text"].startswith("Open Orders in the app")
    printed = output.getvalue()
    assert "handover: asked_for_agent" in printed and "queue: order" in printed
    assert "Order 4471, thank you!" in printed
