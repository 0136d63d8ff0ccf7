"""UpdateContactRecordingBehavior: who is recorded from now on (and whether the IVR is).

Doc: contact-actions-updatecontactrecordingbehavior. ``RecordingBehavior.RecordedParticipants``
lists "Agent" and/or "Customer" (empty turns recording off); the current page adds
``IVRRecordingBehavior`` (Enabled/Disabled) and ``ScreenRecordedParticipants``;
``AnalyticsBehavior`` turns on Contact Lens. No results, no errors. The contact keeps the
behaviour, so tests and ``callctl flow run`` can show that the call was recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

PARTICIPANTS = ("Agent", "Customer")


def update_contact_recording_behavior(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    behavior = parameters.get("RecordingBehavior") or {}
    recording = run.contact.recording
    if "RecordedParticipants" in behavior:
        participants = [str(p) for p in behavior.get("RecordedParticipants") or []]
        recording.participants = [p for p in PARTICIPANTS if p in participants]
    if "IVRRecordingBehavior" in behavior:
        recording.ivr = str(behavior["IVRRecordingBehavior"]) == "Enabled"
    if "ScreenRecordedParticipants" in behavior:
        recording.screen_participants = [str(p) for p in behavior["ScreenRecordedParticipants"] or []]
    analytics = parameters.get("AnalyticsBehavior") or {}
    if analytics:
        recording.analytics = str(analytics.get("Enabled", "False")) == "True"
        recording.analytics_language = str(analytics.get("AnalyticsLanguage", "")) or None
    if recording.participants and recording.started_at is None:
        recording.started_at = run.sim.clock.time()
    who = ", ".join(recording.participants) or "nobody"
    run.log("flow", f"recording {who}{' and the IVR' if recording.ivr else ''}")
    yield 0.0
    return run.next(action)


def update_contact_recording_and_analytics_behavior(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    """The current console block (contact-actions-updatecontactrecordingandanalyticsbehavior).

    ``VoiceBehavior`` on a chat, or ``ChatBehavior`` on a call, is ChannelMismatch.
    """
    yield 0.0
    voice = parameters.get("VoiceBehavior")
    chat = parameters.get("ChatBehavior")
    if (run.chat and isinstance(voice, dict)) or (not run.chat and isinstance(chat, dict)):
        return run.error(
            action, "ChannelMismatch", f"behaviour for the wrong channel on a {run.contact.channel}"
        )
    recording = run.contact.recording
    behavior = (voice or {}).get("VoiceRecordingBehavior") if isinstance(voice, dict) else None
    if isinstance(behavior, dict):
        if "RecordedParticipants" in behavior:
            wanted = [str(p) for p in behavior.get("RecordedParticipants") or []]
            recording.participants = [p for p in PARTICIPANTS if p in wanted]
        if "IVRRecordingBehavior" in behavior:
            recording.ivr = str(behavior["IVRRecordingBehavior"]) == "Enabled"
    analytics = (voice or {}).get("VoiceAnalyticsBehavior") if isinstance(voice, dict) else None
    if isinstance(analytics, dict):
        recording.analytics = True
        recording.analytics_language = str(analytics.get("AnalyticsLanguage", "")) or None
    screen = parameters.get("ScreenRecordingBehavior")
    if isinstance(screen, dict):
        recording.screen_participants = [str(p) for p in screen.get("ScreenRecordedParticipants") or []]
    if isinstance(chat, dict):
        run.contact.settings["chat_analytics"] = chat
    if recording.participants and recording.started_at is None:
        recording.started_at = run.sim.clock.time()
    who = ", ".join(recording.participants) or "nobody"
    run.log("flow", f"recording {who}{' and the IVR' if recording.ivr else ''}")
    return run.next(action)
