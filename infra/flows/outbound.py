"""The outbound reminder flow, started by StartOutboundVoiceContact for each campaign contact.

The message is the prompt of the key-press menu: a key pressed while it plays counts (the callee
need not wait for the end), then the menu prompt asks once more. Keys the campaign gives an
action: the agent key queues the callee for the campaign's queue, the repeat key plays the
message again, the reschedule key offers a callback slot (the after-hours booking, same Lambdas);
any other key in ``menuKeys`` is recorded as the answer.

Contact attributes the caller passes (``Attributes`` of StartOutboundVoiceContact):

- ``messageText`` (required): the rendered message; ``messageType`` ``ssml`` speaks it as SSML
  (a ``<speak>`` document), anything else as plain text.
- ``language``: ``en-US`` | ``zh-CN``; the language of the flow's own short prompts.
- ``voice``: an Amazon Polly voice from ``SUPPORTED_VOICES``; otherwise the language's default.
- ``menuPrompt``: what to say when asking for a key again, e.g. "Please press a key now.".
- ``menuKeys``: the valid keys as one string, e.g. ``"1230"``; no digit, ``*`` or ``#`` in it
  (empty, ``none``) means no menu: the message is spoken and the call ends.
- ``agentKey``, ``repeatKey``, ``rescheduleKey``: the key with that action, or ``none``.
- ``agentQueueArn``: the queue (ARN or id) for the agent key; ``none`` uses the flow's
  ``outbound`` queue, as does a queue Connect does not know.
Anything else (campaign id, contact reference) is carried along untouched.

Contact attributes the flow sets (read them with GetContactAttributes or from the contact
record once the call ends):

- ``messageHeard``: ``"true"`` once the whole message was spoken or answered with a key,
  ``"false"`` if the call ended before (hung up mid-message).
- ``pressedKey``: the last key pressed at the menu, ``""`` if none.
- ``menuResult``: ``key`` (a valid key), ``no_key`` (asked twice, nothing pressed),
  ``invalid_key`` (only invalid keys), ``""`` (the menu was never reached or there was none).
- ``transferredToAgent``: ``"true"`` when the contact was queued for an agent.
- ``rescheduled``: ``"true"`` when the callee chose the reschedule key (the callback booking's
  own attributes, ``callbackBookingId`` ..., say how it went).
"""

from __future__ import annotations

from infra.flows.after_hours_callback import add_callback_booking
from infra.flows.blocks import DTMF_KEYS, NOT_SET, BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import OUTBOUND_QUEUE, FlowResources

NAME = "outbound-reminder"
SUPPORTED_VOICES: tuple[str, ...] = ("Joanna", "Matthew", "Ruth", "Stephen", "Zhiyu")
MENU_TIMEOUT_S = 8
#: After the message the callee has this long to answer before the menu prompt asks again
#: (InputTimeLimitSeconds is at least 1).
AFTER_MESSAGE_S = 1
#: How often the repeat key plays the message again in one call.
MAX_REPEATS = 3
SSML = "ssml"


def build_outbound_flow(resources: FlowResources, prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(
        NAME,
        prompts or PromptCatalogue(),
        description="Outbound reminder: speaks the campaign message, collects a key, transfers on request.",
        default_language=resources.default_language,
    )
    flow.set_attributes(
        "init",
        {
            "messageHeard": "false",
            "pressedKey": "",
            "menuResult": "",
            "transferredToAgent": "false",
            "rescheduled": "false",
        },
        next="voice",
    )
    flow.branch(
        "voice",
        "$.Attributes.voice",
        {voice: f"voice-{voice}" for voice in SUPPORTED_VOICES},
        otherwise="voice-language",
    )
    for voice in SUPPORTED_VOICES:
        flow.set_voice(f"voice-{voice}", voice, next="has-menu", on_error="voice-language")
    flow.set_voice_for_language("voice-language", next="has-menu")

    # A menu is any key in menuKeys: a positive test, so "", "none" and a missing value all mean none.
    flow.branch(
        "has-menu",
        "$.Attributes.menuKeys",
        [("TextContains", key, "message") for key in DTMF_KEYS],
        otherwise="message-only",
    )
    flow.branch(
        "message-only", "$.Attributes.messageType", {SSML: "message-only-ssml"}, otherwise="message-only-text"
    )
    flow.say_text("message-only-text", "$.Attributes.messageText", next="heard-only", on_error="hang-up")
    flow.say_text(
        "message-only-ssml", "$.Attributes.messageText", next="heard-only", on_error="hang-up", ssml=True
    )
    flow.set_attributes("heard-only", {"messageHeard": "true"}, next="goodbye")

    # The message is the menu's first prompt: a key pressed while it plays is the answer.
    flow.branch("message", "$.Attributes.messageType", {SSML: "message-ssml"}, otherwise="message-text")
    for identifier, ssml in (("message-text", False), ("message-ssml", True)):
        flow.ask(
            identifier,
            {key: f"key-{key}" for key in DTMF_KEYS},
            text="$.Attributes.messageText",
            ssml=ssml,
            on_timeout="heard",
            on_invalid="invalid",
            on_error="hang-up",
            timeout_s=AFTER_MESSAGE_S,
        )
    flow.set_attributes("heard", {"messageHeard": "true"}, next="menu")

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
    # against the campaign's menu (menuKeys contains it?) and the keys with an action.
    for key in DTMF_KEYS:
        flow.set_attributes(f"key-{key}", {"pressedKey": key, "messageHeard": "true"}, next=f"valid-{key}")
        flow.branch(
            f"valid-{key}",
            "$.Attributes.menuKeys",
            [("TextContains", key, f"agent-{key}")],
            otherwise="invalid",
        )
        flow.branch(f"agent-{key}", "$.Attributes.agentKey", {key: "to-agent"}, otherwise=f"repeat-{key}")
        flow.branch(f"repeat-{key}", "$.Attributes.repeatKey", {key: "repeat"}, otherwise=f"reschedule-{key}")
        flow.branch(
            f"reschedule-{key}", "$.Attributes.rescheduleKey", {key: "reschedule"}, otherwise="accepted"
        )
    flow.set_attributes("accepted", {"menuResult": "key"}, next="goodbye")

    flow.loop("invalid", 1, again="invalid-sorry", done="invalid-final")
    flow.say("invalid-sorry", "outbound_invalid_key", next="menu")
    flow.set_attributes("invalid-final", {"menuResult": "invalid_key"}, next="goodbye")

    flow.loop("repeat", MAX_REPEATS, again="message", done="menu")

    booking = add_callback_booking(flow, resources, leave_message=None)
    flow.set_attributes("reschedule", {"menuResult": "key", "rescheduled": "true"}, next=booking)

    flow.set_attributes("to-agent", {"menuResult": "key", "transferredToAgent": "true"}, next="agent-queue")
    flow.branch(
        "agent-queue",
        "$.Attributes.agentQueueArn",
        {NOT_SET: "agent-queue-default"},
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
