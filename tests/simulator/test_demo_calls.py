"""The demo's calls: an inbound call and an outbound reminder, printed as transcripts."""

from __future__ import annotations

import io

from rich.console import Console

import chalicelib.tickets  # noqa: F401  (tickets before agents: their modules import each other)
from local.demo_calls import show_demo_calls


def test_the_demo_prints_an_inbound_call_and_an_outbound_reminder(aws: None) -> None:
    output = io.StringIO()
    inbound, outbound = show_demo_calls(Console(file=output, width=160))
    printed = output.getvalue()
    assert inbound.contact.queue_name == "order" and inbound.contact.priority == 1
    assert inbound.contact.attributes["rating"] == "5"
    assert outbound.contact.attributes["pressedKey"] == "2"
    assert "pressed 2" in printed and "locker 12" in printed and "record_rating" in printed
