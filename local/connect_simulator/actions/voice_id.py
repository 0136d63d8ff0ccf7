"""Voice ID: StartVoiceIdStream and CheckVoiceId.

Docs: flow-control-actions-startvoiceidstream, flow-control-actions-checkvoiceid. AWS ended Voice
ID support on 2026-05-20; the pages remain. Results use the page's words. Locally nobody is
enrolled and nobody is on a watchlist: ``enrollmentStatus`` is "Not enrolled",
``voiceAuthentication`` "Inconclusive" and ``fraudDetection`` "Low risk" once the stream started
(before it, authentication and fraud detection are "Inconclusive").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

RESULTS = {
    "enrollmentStatus": "Not enrolled",
    "voiceAuthentication": "Inconclusive",
    "fraudDetection": "Low risk",
}


def start_voice_id_stream(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    if run.chat:
        return run.error(action, "NoMatchingError", "Voice ID streams voice only")
    run.contact.settings["voice_id_stream"] = True
    run.log("flow", "Voice ID stream started")
    return run.next(action)


def check_voice_id(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    option = str(parameters.get("CheckVoiceIdOption", ""))
    if option not in RESULTS:
        return run.error(action, "NoMatchingError", f"CheckVoiceIdOption {option!r}")
    streaming = run.contact.settings.get("voice_id_stream") or option == "enrollmentStatus"
    result = RESULTS[option] if streaming else "Inconclusive"
    run.log("flow", f"Voice ID {option}: {result}")
    target = run.condition(action, result)
    return target if target is not None else run.error(action, "NoMatchingCondition", result)
