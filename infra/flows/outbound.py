"""The outbound reminder flow, started by StartOutboundVoiceContact for each campaign contact.

Contact attributes the caller passes (``Attributes`` of StartOutboundVoiceContact):

- ``messageText`` (required): the rendered message, spoken as text-to-speech.
- ``language``: ``en-US`` | ``zh-CN``; the language of the flow's own short prompts.
- ``voice``: an Amazon Polly voice from ``SUPPORTED_VOICES``; otherwise the language's default.
- ``menuPrompt``: what to say when asking for a key, e.g. "Press 1 if you cannot collect it...".
- ``menuKeys``: the valid keys as one string, e.g. ``"1230"``; empty means no menu.
- ``agentKey``: the key that means "an agent, please" (e.g. ``"0"``), or empty.
- ``agentQueueArn``: the queue for that transfer; empty uses the flow's ``outbound`` queue.
Anything else (campaign id, contact reference) is carried along untouched.

Contact attributes the flow sets (read them with GetContactAttributes or from the contact
record once the call ends):

- ``messageHeard``: ``"true"`` once the whole message was spoken, ``"false"`` if the call ended
  before (hung up mid-message).
- ``pressedKey``: the last key pressed at the menu, ``""`` if none.
- ``menuResult``: ``key`` (a valid key), ``no_key`` (asked twice, nothing pressed),
  ``invalid_key`` (only invalid keys), ``""`` (the menu was never reached or there was none).
- ``transferredToAgent``: ``"true"`` when the contact was queued for an agent.
"""

from __future__ import annotations

from infra.flows.blocks import DTMF_KEYS, BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import OUTBOUND_QUEUE, FlowResources

NAME = "outbound-reminder"
SUPPORTED_VOICES: tuple[str, ...] = ("Joanna", "Matthew", "Ruth", "Stephen", "Zhiyu")
MENU_TIMEOUT_S = 8


def build_outbound_flow(resources: FlowResources, prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(
        NAME,
        prompts or PromptCatalogue(),
        description="Outbound reminder: speaks the campaign message, collects a key, transfers on request.",
        default_language=resources.default_language,
    )
    flow.set_attributes(
        "init",
        {"messageHeard": "false", "pressedKey": "", "menuResult": "", "transferredToAgent": "false"},
        next="voice",
    )
    flow.branch(
        "voice",
        "$.Attributes.voice",
        {voice: f"voice-{voice}" for voice in SUPPORTED_VOICES},
        otherwise="voice-language",
    )
    for voice in SUPPORTED_VOICES:
        flow.set_voice(f"voice-{voice}", voice, next="message")
    flow.set_voice_for_language("voice-language", next="message")

    flow.say_text("message", "$.Attributes.messageText", next="heard", on_error="hang-up")
    flow.set_attributes("heard", {"messageHeard": "true"}, next="has-menu")
    flow.branch("has-menu", "$.Attributes.menuKeys", {"": "goodbye"}, otherwise="menu")

    flow.ask(
        "menu",
        {key: f"key-{key}" for key in DTMF_KEYS},
        text="$.Attributes.menuPrompt",
        on_timeout="menu-again",
        on_invalid="invalid",
        timeout_s=MENU_TIMEOUT_S,
    )
    flow.loop("menu-again", 1, again="menu", done="no-key")
    flow.set_attributes("no-key", {"menuResult": "no_key"}, next="goodbye")

    # Keys must be static operands, the menu is dynamic: one small chain per key checks the key
    # against the campaign's menu (menuKeys contains it?) and its agent key.
    for key in DTMF_KEYS:
        flow.set_attributes(f"key-{key}", {"pressedKey": key}, next=f"valid-{key}")
        flow.branch(
            f"valid-{key}",
            "$.Attributes.menuKeys",
            [("TextContains", key, f"agent-{key}")],
            otherwise="invalid",
        )
        flow.branch(f"agent-{key}", "$.Attributes.agentKey", {key: "to-agent"}, otherwise="accepted")
    flow.set_attributes("accepted", {"menuResult": "key"}, next="goodbye")

    flow.loop("invalid", 1, again="invalid-sorry", done="invalid-final")
    flow.say("invalid-sorry", "outbound_invalid_key", next="menu")
    flow.set_attributes("invalid-final", {"menuResult": "invalid_key"}, next="goodbye")

    flow.set_attributes("to-agent", {"menuResult": "key", "transferredToAgent": "true"}, next="agent-queue")
    flow.branch(
        "agent-queue",
        "$.Attributes.agentQueueArn",
        {"": "agent-queue-default"},
        otherwise="agent-queue-given",
    )
    flow.set_queue(
        "agent-queue-given",
        queue_arn="$.Attributes.agentQueueArn",
        next="agent-announce",
        on_error="agent-queue-default",
    )
    flow.set_queue(
        "agent-queue-default",
        queue_arn=resources.queue_arn(OUTBOUND_QUEUE),
        next="agent-announce",
        on_error="agent-failed",
    )
    flow.say("agent-announce", "outbound_connecting_agent", next="agent-transfer")
    flow.transfer_to_queue("agent-transfer", on_full="agent-failed", on_error="agent-failed")
    flow.set_attributes("agent-failed", {"transferredToAgent": "false"}, next="goodbye")

    flow.say("goodbye", "outbound_goodbye", next="hang-up")
    flow.disconnect("hang-up")
    return flow.build(start="init")
