"""Contact data that other flows, the CCP and the contact record read.

- UpdateContactData (contact-actions-updatecontactdata): Name, Description, LanguageCode,
  CustomerId, References and the Voice ID settings; readable as ``$.Name``, ``$.LanguageCode``...
- TagContact / UnTagContact (contact-actions-tagcontact / -untagcontact): ``$.Tags``.
- ResumeContact (contact-actions-updatecontactresumecontact): the contact is no longer paused.
- UpdatePreviousContactParticipantState: the transferring agent's (or customer's) hold state.
- CreateWisdomSession (createwisdomsession): ``$.Wisdom.SessionArn`` for the assistant.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

VOICE_ID_SETTINGS = (
    "IsVoiceIdStreamingEnabled",
    "IsVoiceAuthenticationEnabled",
    "IsFraudDetectionEnabled",
    "VoiceAuthenticationThreshold",
    "VoiceAuthenticationResponseTime",
    "FraudDetectionThreshold",
    "WatchlistId",
    "WisdomSessionArn",
)


def update_contact_data(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    data = run.contact.contact_data
    for key in ("Name", "Description", "LanguageCode", "CustomerId"):
        if key in parameters:
            data[key] = run.value(parameters[key])
    references = parameters.get("References")
    if isinstance(references, dict):
        data["References"] = {
            **data.get("References", {}),
            **{
                name: {key: run.value(value) for key, value in reference.items()}
                if isinstance(reference, dict)
                else {"Value": run.value(reference), "Type": "STRING"}
                for name, reference in references.items()
            },
        }
    for key in VOICE_ID_SETTINGS:
        if key in parameters:
            run.contact.settings[key] = run.value(parameters[key])
    run.log("flow", f"contact data {sorted(key for key in parameters if key != 'TargetContact')}")
    return run.next(action)


def tag_contact(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    tags = {run.value(key): run.value(value) for key, value in (parameters.get("Tags") or {}).items()}
    run.contact.tags.update(tags)
    run.log("flow", f"tags {tags}")
    return run.next(action)


def untag_contact(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    for key in parameters.get("TagKeys") or []:
        run.contact.tags.pop(run.value(key), None)
    return run.next(action)


def resume_contact(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    run.contact.settings["paused"] = False
    run.log("flow", "contact resumed")
    return run.next(action)


def update_previous_contact_participant_state(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    yield 0.0
    if run.chat:
        return run.error(action, "NoMatchingError", "only supported for voice contacts")
    state = run.value(parameters.get("PreviousContactParticipantState", ""))
    run.contact.settings["previous_participant_state"] = state
    run.log("flow", f"previous participant {state}")
    return run.next(action)


def create_wisdom_session(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    if run.chat:
        return run.error(action, "NoMatchingError", "only supported on the voice channel")
    assistant = run.value(parameters.get("WisdomAssistantArn", ""))
    if not assistant:
        return run.error(action, "NoMatchingError", "no assistant")
    session = f"{assistant}/session/{uuid.uuid5(uuid.NAMESPACE_URL, run.contact.contact_id)}"
    run.contact.contact_data["Wisdom"] = {"SessionArn": session}
    run.log("flow", "Amazon Q in Connect session created")
    return run.next(action)
