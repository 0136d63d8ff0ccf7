"""Speaking to the participant and reading what they enter.

MessageParticipant (participant-actions-messageparticipant), GetParticipantInput
(participant-actions-getparticipantinput) and MessageParticipantIteratively
(participant-actions-messageparticipantiteratively). What a prompt "says" in the transcript:
- ``Text``: the text; ``SSML``: the text without its tags (speaking time by its words);
- ``PromptId``: the recorded prompt's name, or its ARN when the instance has no such prompt;
- ``Media``: the audio file's URI.
On a CHAT contact, messages are sent at once and GetParticipantInput reads the next typed text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from local.connect_simulator.actions.input_validation import stored_value
from local.connect_simulator.runtime import QUEUED, Steps, speech_seconds

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

TAG = re.compile(r"<[^>]+>")
# Latin and full-width Chinese punctuation takes no space before it.
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,!?;:\u3002\uff0c\uff01\uff1f\uff1b\uff1a])")
DEFAULT_TERMINATOR = "#"
CHAT_REPLY_S = 5.0  # how long a chat customer takes to type a reply


def ssml_text(ssml: str) -> str:
    """What SSML says aloud: the text between the tags, entities decoded, spaces collapsed.

    >>> ssml_text('<speak>Your parcel <emphasis>has arrived</emphasis>.</speak>')
    'Your parcel has arrived.'
    """
    spoken_text = " ".join(html.unescape(TAG.sub(" ", ssml)).split())
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", spoken_text)


def spoken(run: FlowRun, parameters: dict[str, Any]) -> str:
    """What the participant hears (or reads) for a prompt's Text, SSML, PromptId or Media."""
    if parameters.get("Text"):
        return run.value(parameters["Text"]).strip()
    if parameters.get("SSML"):
        return ssml_text(run.value(parameters["SSML"]))
    if parameters.get("PromptId"):
        reference = run.value(parameters["PromptId"])
        label = run.sim.prompt_label(reference)
        if label is None:
            run.stub("prompt", reference)
        return label or reference
    media = parameters.get("Media")
    if isinstance(media, dict) and media.get("Uri"):
        return run.value(media["Uri"])
    return ""


def message_participant(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    if run.chat and (parameters.get("PromptId") or parameters.get("SSML") or parameters.get("Media")):
        # the page: PromptId and SSML are voice only; other channels take Text
        return run.error(action, "NoMatchingError", "a recorded prompt or SSML cannot be sent on a chat")
    text = spoken(run, parameters)
    if not text:
        return run.error(action, "NoMatchingError", "nothing to say")
    yield from run.say(text)
    return run.next(action)


def get_participant_input(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    text = spoken(run, parameters)
    timeout = float(run.value(parameters.get("InputTimeLimitSeconds", 5)) or 5)
    if run.chat:
        return (yield from _typed_input(run, action, parameters, text, timeout))
    started = run.sim.clock.time()
    if text:
        run.log(run.listener, text)
    prompt_end = started + speech_seconds(text) if text else started
    window_end = prompt_end + timeout
    press = run.sim.next_key_press(run.contact, started, prompt_end, window_end)
    if press is None:
        yield from run.wait(window_end - started)
        return run.error(action, "InputTimeLimitExceeded", f"no key within {timeout:g}s")
    keys, pressed_at = press
    yield from run.wait(pressed_at - started)
    run.log("caller", f"pressed {keys}")
    if str(parameters.get("StoreInput", "False")) == "True":
        digits = _digits_entered(keys, parameters.get("DTMFConfiguration") or {})
        return _store(run, action, parameters, digits)
    target = run.condition(action, keys[:1])
    return target if target is not None else run.error(action, "NoMatchingCondition", f"key {keys}")


def _digits_entered(keys: str, dtmf: dict[str, Any]) -> str:
    """The digits a caller entered: up to the termination sequence; ``*`` starts over unless disabled."""
    terminator = str(dtmf.get("InputTerminationSequence") or DEFAULT_TERMINATOR)
    entered = keys.split(terminator, 1)[0]
    if str(dtmf.get("DisableCancelKey", "False")) != "True" and "*" in entered:
        entered = entered.rsplit("*", 1)[1]
    return entered


def _store(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any], entered: str) -> str:
    value, problem = stored_value(entered, parameters.get("InputValidation") or {})
    if problem is not None:
        return run.error(action, "InvalidPhoneNumber", problem)
    run.contact.stored_input = value
    encryption = parameters.get("InputEncryption")
    if isinstance(encryption, dict):
        run.log("flow", f"stored input encrypted with key {run.value(encryption.get('EncryptionKeyId', ''))}")
    return run.next(action)


def typed_reply(run: FlowRun, timeout: float) -> Generator[float, None, str | None]:
    """What the chat customer types next within ``timeout`` seconds, or None.

    A scripted party types its next reply ``CHAT_REPLY_S`` later; a customer on the participant
    API (``Contact.interactive``) is waited for until their message comes (SendMessage wakes the
    contact) or the time is up."""
    contact = run.contact
    if not contact.interactive:
        reply = run.sim.next_utterance(contact)
        yield from run.wait(timeout if reply is None else min(CHAT_REPLY_S, timeout))
        return reply
    deadline = run.sim.clock.time() + timeout
    while True:
        reply = run.sim.next_utterance(contact)
        remaining = deadline - run.sim.clock.time()
        if reply is not None or remaining <= 0:
            return reply
        yield from run.wait(remaining)


def _typed_input(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any], text: str, timeout: float
) -> Steps:
    if text:
        yield from run.say(text)
    reply = yield from typed_reply(run, timeout)
    if reply is None:
        return run.error(action, "InputTimeLimitExceeded", f"nothing typed within {timeout:g}s")
    run.log("caller", f"typed {reply}")
    if str(parameters.get("StoreInput", "False")) == "True":
        return _store(run, action, parameters, reply)
    target = run.condition(action, reply)
    return target if target is not None else run.error(action, "NoMatchingCondition", f"typed {reply!r}")


def message_participant_iteratively(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    """Loops its messages until InterruptFrequencySeconds pass (result MessagesInterrupted) or an agent
    answers (the queue flow's deadline). On chat it takes the error branch at once, as the page says."""
    messages = [m for m in parameters.get("Messages") or [] if isinstance(m, dict)]
    if run.chat:
        yield 0.0
        errors = action.get("Transitions", {}).get("Errors") or []
        if not errors:  # the page: no error branch, so the flow stops and the contact goes to an agent
            run.log("flow", "MessageParticipantIteratively on a chat: routed to the next agent")
            return QUEUED
        return run.error(action, "NoMatchingError", "MessageParticipantIteratively does not run on chat")
    if not messages:
        return run.error(action, "NoMatchingError", "no messages")
    interrupt = parameters.get("InterruptFrequencySeconds")
    interrupt_at = None if interrupt in (None, "") else run.sim.clock.time() + float(run.value(interrupt))
    if interrupt_at is None and run.deadline is None and run.interrupted is None:
        run.stub("agent", "an agent answers after the simulator's agent answer time")
        run.deadline = run.sim.clock.time() + run.sim.agent_answer_s
    while True:
        for message in messages:
            text = spoken(run, message)
            now = run.sim.clock.time()
            if interrupt_at is not None and now >= interrupt_at - 1e-6:
                target = run.condition(action, "MessagesInterrupted")
                return target if target is not None else run.next(action)
            run.log(run.listener, text)
            seconds = speech_seconds(text)
            if interrupt_at is not None:
                seconds = min(seconds, max(0.0, interrupt_at - now))
            yield from run.wait(max(seconds, 0.1))
