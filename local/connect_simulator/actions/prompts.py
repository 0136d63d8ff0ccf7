"""Speaking to the participant and reading what they enter: MessageParticipant, GetParticipantInput."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps, speech_seconds

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def spoken(run: FlowRun, parameters: dict[str, Any]) -> str:
    text = run.value(parameters.get("Text") or parameters.get("SSML") or "")
    return re.sub(r"<[^>]+>", "", text).strip()


def message_participant(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    text = spoken(run, parameters)
    if not text:
        return run.error(action, "NoMatchingError", "nothing to say")
    run.log("system", text)
    yield from run.wait(speech_seconds(text))
    return run.next(action)


def get_participant_input(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    text = spoken(run, parameters)
    timeout = float(parameters.get("InputTimeLimitSeconds", 5))
    started = run.sim.clock.time()
    if text:
        run.log("system", text)
    prompt_end = started + speech_seconds(text) if text else started
    window_end = prompt_end + timeout
    press = run.sim.next_key_press(run.contact, started, prompt_end, window_end)
    if press is None:
        yield from run.wait(window_end - started)
        return run.error(action, "InputTimeLimitExceeded", f"no key within {timeout:g}s")
    key, pressed_at = press
    yield from run.wait(pressed_at - started)
    run.log("caller", f"pressed {key}")
    if str(parameters.get("StoreInput", "False")) == "True":
        run.contact.stored_input = key
        return run.next(action)
    target = run.condition(action, key)
    return target if target is not None else run.error(action, "NoMatchingCondition", f"key {key}")
