"""ConnectParticipantWithLexBot: the participant talks to a Lex bot; its intent is the result.

Doc: participant-actions-connectparticipantwithlexbot. The bot (``LexV2Bot.AliasArn``, or a V1
``LexBot.Name``) hears the party's next utterance (``Party.says``; on voice a key press counts
as the utterance "0", "1", ...). ``$.Lex`` then holds IntentName, Slots, SessionAttributes and
IntentConfidence; the bot's fulfilment code hook (if the bot has one) answers and sets the session
attributes a later Compare may read (``$.Lex.SessionAttributes.handover``); Conditions compare the
intent name (Equals). Nothing said within the timeout
is InputTimeLimitExceeded; an intent no Condition names is NoMatchingCondition; an unknown bot is
NoMatchingError (``callctl flow run`` stands the project's own bot in for it and says so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.actions.prompts import spoken, typed_reply
from local.connect_simulator.lex import ASSISTANT_BOT, LexBot
from local.connect_simulator.runtime import Steps, speech_seconds

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

DEFAULT_TIMEOUT_S = 5.0


def _bot_reference(run: FlowRun, parameters: dict[str, Any]) -> str:
    v2 = parameters.get("LexV2Bot")
    if isinstance(v2, dict):
        return run.value(v2.get("AliasArn", ""))
    v1 = parameters.get("LexBot")
    return run.value(v1.get("Name", "")) if isinstance(v1, dict) else ""


def _timeout(run: FlowRun, parameters: dict[str, Any]) -> float:
    timeouts = parameters.get("LexTimeoutSeconds")
    if run.chat and isinstance(timeouts, dict) and timeouts.get("Text"):
        return float(run.value(timeouts["Text"]))
    return DEFAULT_TIMEOUT_S


def connect_participant_with_lex_bot(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    reference = _bot_reference(run, parameters)
    bot = run.sim.find_lex_bot(reference)
    if bot is None and run.sim.stub_missing:
        run.stub("lex bot", f"{reference} (answered by {ASSISTANT_BOT.name})")
        bot = LexBot.from_file(ASSISTANT_BOT)
        run.sim.add_lex_bot(reference, bot)
    if bot is None:
        return run.error(action, "NoMatchingError", f"unknown Lex bot {reference!r}")
    prompt = spoken(run, parameters)
    started = run.sim.clock.time()
    if prompt:
        yield from run.say(prompt)
    initial = parameters.get("LexInitializationData") or parameters.get("LexInitilizationData") or {}
    utterance = run.value(initial["InitialMessage"]) if initial.get("InitialMessage") else None
    timeout = _timeout(run, parameters)
    typed_live = utterance is None and run.chat and run.contact.interactive
    if typed_live:  # a customer on the participant API: wait for what they type
        utterance = yield from typed_reply(run, timeout)
        if utterance is None:
            return run.error(action, "InputTimeLimitExceeded", f"nothing typed within {timeout:g}s")
    elif utterance is None:
        utterance = run.sim.next_utterance(run.contact)
    input_mode = "Text" if run.chat else "Speech"
    if utterance is None and not run.chat:
        now = run.sim.clock.time()
        press = run.sim.next_key_press(run.contact, started, now, now + timeout)
        if press is not None:
            yield from run.wait(max(0.0, press[1] - now))
            utterance, input_mode = press[0], "DTMF"
    if utterance is None:
        yield from run.wait(timeout)
        return run.error(action, "InputTimeLimitExceeded", f"nothing said to the bot within {timeout:g}s")
    if not typed_live:
        yield from run.wait(max(1.0, speech_seconds(utterance)))
    run.log("caller", f"{'typed' if run.chat else 'said'} {utterance}")
    language = run.contact.contact_data.get("LanguageCode") or run.contact.attributes.get("language")
    attributes = {
        run.value(k): run.value(v) for k, v in (parameters.get("LexSessionAttributes") or {}).items()
    }
    recognized = bot.converse(utterance, language, attributes, input_mode=input_mode)
    run.contact.lex = {
        "IntentName": recognized.intent,
        "Slots": {name: value for name, value in recognized.slots.items() if value is not None},
        "SessionAttributes": recognized.session_attributes,
        "IntentConfidence": {"Score": str(recognized.confidence)},
    }
    run.log("flow", f"Lex intent {recognized.intent} ({recognized.confidence:g})")
    if recognized.response:
        yield from run.say(recognized.response, bot=True)
    target = run.condition(action, recognized.intent)
    return target if target is not None else run.error(action, "NoMatchingCondition", recognized.intent)
