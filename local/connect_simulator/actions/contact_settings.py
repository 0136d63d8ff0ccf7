"""Settings that change how the rest of the contact behaves: voice, event hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def update_contact_text_to_speech_voice(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    run.contact.voice = run.value(parameters.get("TextToSpeechVoice", run.contact.voice))
    for key in ("TextToSpeechEngine", "TextToSpeechStyle"):
        if key in parameters:
            run.contact.settings[key] = run.value(parameters[key])
    yield 0.0
    return run.next(action)


def update_contact_event_hooks(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    hooks = {key: run.value(value) for key, value in (parameters.get("EventHooks") or {}).items()}
    run.contact.event_hooks.update(hooks)
    yield 0.0
    return run.next(action)
