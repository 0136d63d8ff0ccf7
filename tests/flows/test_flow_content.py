"""What the flows say and do, read from the JSON CDK deploys."""

from __future__ import annotations

from typing import Any

from infra.flows import build_flows, build_inbound_flow
from infra.flows.language import DOCUMENTED_ACTION_TYPES
from tests.flows.test_validator import RESOURCES


def test_flows_use_only_documented_action_types() -> None:
    for name, flow in build_flows(RESOURCES).items():
        assert {action["Type"] for action in flow.content["Actions"]} <= DOCUMENTED_ACTION_TYPES, name


def test_the_inbound_flow_reads_its_wording_from_prompts_in_both_languages() -> None:
    actions = build_inbound_flow(RESOURCES).actions
    assert actions["welcome-en-US"]["Parameters"]["Text"].startswith("Thank you for calling")
    assert actions["welcome-zh-CN"]["Parameters"]["Text"].startswith("感谢您的来电")


def test_lambda_invocations_demand_a_flat_string_map_within_the_time_limit() -> None:
    screen = build_inbound_flow(RESOURCES).actions["screen"]["Parameters"]
    assert screen["ResponseValidation"] == {"ResponseType": "STRING_MAP"}
    assert 1 <= int(screen["InvocationTimeLimitSeconds"]) <= 8


def test_the_after_hours_menu_takes_options_from_other_features() -> None:
    def booking(flow) -> dict[str, str]:
        flow.say("offer-slot", "inbound_goodbye", next="hang-up")
        return {"2": "offer-slot"}

    menu = build_inbound_flow(RESOURCES, after_hours_options=booking).actions["after-hours-menu-en-US"]
    keys = [c["Condition"]["Operands"][0] for c in menu["Transitions"]["Conditions"]]
    assert keys == ["1", "2"]


def _every_action() -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, action) for name, flow in build_flows(RESOURCES).items() for action in flow.content["Actions"]
    ]


def test_every_flow_turns_flow_logging_on_before_anything_else() -> None:
    for name, flow in build_flows(RESOURCES).items():
        first = flow.actions[flow.content["StartAction"]]
        assert (first["Type"], first["Parameters"]) == (
            "UpdateFlowLoggingBehavior",
            {"FlowLoggingBehavior": "Enabled"},
        ), name


def test_no_flow_compares_against_an_empty_string() -> None:
    for name, action in _every_action():
        for condition in action["Transitions"].get("Conditions", []):
            assert condition["Condition"]["Operands"] != [""], f"{name}: {action['Identifier']}"


def test_every_text_to_speech_voice_has_its_error_branch() -> None:
    voices = [
        (name, action)
        for name, action in _every_action()
        if action["Type"] == "UpdateContactTextToSpeechVoice"
    ]
    assert voices
    for name, action in voices:
        assert [error["ErrorType"] for error in action["Transitions"]["Errors"]] == ["NoMatchingError"], name


def test_the_flows_whose_greeting_announces_recording_record_agent_and_customer() -> None:
    recorders = {
        name for name, action in _every_action() if action["Type"] == "UpdateContactRecordingBehavior"
    }
    assert recorders == {"inbound-main", "callback"}
    for _flow, action in _every_action():
        if action["Type"] == "UpdateContactRecordingBehavior":
            assert action["Parameters"] == {
                "RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}
            }
