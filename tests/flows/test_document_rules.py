"""Rules of the flow document itself, and the shapes a flow file may come in."""

from __future__ import annotations

import json

import pytest

from infra.flows.language.documents import FlowFileError, parse_flow_document
from infra.flows.language.rules import check_document


def _flow(**extra: object) -> dict[str, object]:
    return {
        "Version": "2019-10-30",
        "StartAction": "hang-up",
        "Actions": [
            {"Identifier": "hang-up", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
        ],
        **extra,
    }


def _rules(content: object, flow_type: str = "CONTACT_FLOW") -> list[tuple[str, str]]:
    return [(violation.action, violation.rule) for violation in check_document(content, flow_type)]


def test_metadata_is_optional_and_the_smallest_flow_is_valid() -> None:
    assert _rules(_flow()) == []
    assert _rules(_flow(Metadata={"entryPointPosition": {"x": 0, "y": 0}})) == []


def test_only_version_2019_10_30_and_a_start_action_that_exists() -> None:
    assert _rules(_flow(Version="2020-01-01")) == [("(flow)", "version")]
    assert _rules(_flow(StartAction="greet")) == [("(flow)", "start-action")]


def test_more_than_250_actions_or_256000_characters_is_refused() -> None:
    actions = [
        {
            "Identifier": f"say-{n}",
            "Type": "MessageParticipant",
            "Parameters": {"Text": "hi"},
            "Transitions": {"NextAction": "hang-up"},
        }
        for n in range(250)
    ]
    too_many = _flow(Actions=[*actions, *_flow()["Actions"]])  # type: ignore[misc]
    assert _rules(too_many) == [("(flow)", "actions-limit")]
    huge = _flow(Actions=[actions[0], *_flow()["Actions"]])  # type: ignore[misc]
    huge["Actions"][0]["Parameters"] = {"Text": "x" * 256_000}  # type: ignore[index]
    assert _rules(huge) == [("(flow)", "content-size")]


@pytest.mark.parametrize("identifier", ["a" * 51, "constructor", "$.Attributes", "menu[1]", "valueOf"])
def test_identifiers_the_reference_forbids(identifier: str) -> None:
    content = _flow(StartAction=identifier)
    content["Actions"][0]["Identifier"] = identifier  # type: ignore[index]
    assert _rules(content) == [(identifier, "identifier")]


def test_unicode_and_spaces_are_allowed_in_an_identifier() -> None:
    content = _flow(StartAction="挂断 call")
    content["Actions"][0]["Identifier"] = "挂断 call"  # type: ignore[index]
    assert _rules(content) == []


def test_an_unknown_flow_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown flow type"):
        check_document(_flow(), "IVR_FLOW")


def test_the_export_shapes_give_the_inner_document_and_the_type() -> None:
    content = json.dumps(_flow())
    bare = parse_flow_document(content)
    assert (bare.wrapped, bare.flow_type, bare.content["StartAction"]) == (False, None, "hang-up")
    describe = parse_flow_document(
        json.dumps({"ContactFlow": {"Name": "n", "Type": "AGENT_WHISPER", "Content": content}})
    )
    assert (describe.wrapped, describe.flow_type, describe.name, describe.content_length) == (
        True,
        "AGENT_WHISPER",
        "n",
        len(content),
    )
    module = parse_flow_document(json.dumps({"ContactFlowModule": {"Name": "m", "Content": content}}))
    assert module.flow_type == "FLOW_MODULE"
    flow_object = parse_flow_document(json.dumps({"Name": "o", "Type": "CUSTOMER_QUEUE", "Content": content}))
    assert flow_object.flow_type == "CUSTOMER_QUEUE"


@pytest.mark.parametrize("text", ["", "{", '{"ContactFlow": {"Content": "{"}}'])
def test_text_that_is_not_json_is_a_flow_file_error(text: str) -> None:
    with pytest.raises(FlowFileError):
        parse_flow_document(text)


def test_a_document_that_is_not_an_object_is_one_violation() -> None:
    assert _rules([1, 2]) == [("(flow)", "document")]


def test_every_condition_operator_takes_one_string_operand() -> None:
    compare = {
        "Identifier": "tier",
        "Type": "Compare",
        "Parameters": {"ComparisonValue": "$.Attributes.tier"},
        "Transitions": {
            "NextAction": "hang-up",
            "Conditions": [
                {"NextAction": "hang-up", "Condition": {"Operator": "TextStartsWith", "Operands": ["gold"]}},
                {
                    "NextAction": "hang-up",
                    "Condition": {"Operator": "Equals", "Operands": ["gold", "silver"]},
                },
                {"NextAction": "hang-up", "Condition": {"Operator": "NumberGreaterThan", "Operands": [5]}},
                {"NextAction": "hang-up", "Condition": {"Operator": "GreaterThan", "Operands": ["5"]}},
            ],
            "Errors": [{"NextAction": "hang-up", "ErrorType": "NoMatchingCondition"}],
        },
    }
    content = _flow(StartAction="tier", Actions=[compare, *_flow()["Actions"]])  # type: ignore[misc]
    assert [v.message for v in check_document(content) if v.rule == "conditions"] == [
        'Equals takes one string operand, not ["gold", "silver"]',
        "NumberGreaterThan takes one string operand, not [5]",
        "'GreaterThan' is not a condition operator",
    ]
