"""The synth-time validator: the product's flows pass; broken flows fail naming the action and rule."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from infra.flows import (
    FLOW_LAMBDAS,
    BuiltFlow,
    FlowBuilder,
    FlowResources,
    FlowValidationError,
    PromptCatalogue,
    build_flows,
    ensure_valid,
    validate_document,
    validate_flow,
)

LAMBDAS = {name: f"arn:aws:lambda:us-east-1:123456789012:function:{name}" for name in FLOW_LAMBDAS}
RESOURCES = FlowResources(
    lambdas=LAMBDAS,
    queues={"general": "arn:aws:connect:us-east-1:123456789012:instance/i/queue/general"},
    hours_arn="arn:aws:connect:us-east-1:123456789012:instance/i/operating-hours/h",
    survey_flow_arn="arn:aws:connect:us-east-1:123456789012:instance/i/contact-flow/survey",
)


def _small_flow() -> BuiltFlow:
    flow = FlowBuilder("small", PromptCatalogue())
    flow.invoke("lookup", LAMBDAS["lookup_customer"], next="thanks", on_error="thanks")
    flow.say("thanks", "survey_thanks", next="hang-up")
    flow.disconnect("hang-up")
    return flow.build(start="lookup")


def _rules(flow: BuiltFlow, **kwargs: object) -> set[tuple[str, str]]:
    return {(problem.action, problem.rule) for problem in validate_flow(flow, **kwargs)}  # type: ignore[arg-type]


def test_every_product_flow_keeps_the_documented_rules_and_the_projects() -> None:
    flows = build_flows(RESOURCES, associated_lambda_arns=LAMBDAS.values())
    assert set(flows) == {
        "inbound-main",
        "inbound-chat",
        "outbound-reminder",
        "callback",
        "post-call-survey",
        "owner-wait",
    }
    for flow in flows.values():
        assert validate_flow(flow, associated_lambda_arns=LAMBDAS.values()) == []


def test_the_small_flow_is_valid() -> None:
    assert validate_flow(_small_flow(), associated_lambda_arns=LAMBDAS.values()) == []


def test_a_dangling_transition_is_reported_on_the_action_that_makes_it() -> None:
    flow = _small_flow()
    broken = copy.deepcopy(flow.content)
    broken["Actions"][0]["Transitions"]["NextAction"] = "nowhere"
    problems = validate_flow(BuiltFlow("small", "", broken, flow.prompt_uses))
    assert (
        "action 'lookup': [transition-target] NextAction goes to 'nowhere', which is not an action of this "
        "flow (https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html)"
    ) in [str(problem) for problem in problems]


def test_a_missing_error_branch_fails_our_flow_although_connect_would_accept_it() -> None:
    flow = _small_flow()
    broken = copy.deepcopy(flow.content)
    del broken["Actions"][0]["Transitions"]["Errors"]
    assert validate_document(broken) == []  # InvokeLambdaFunction's page does not require the branch
    with pytest.raises(FlowValidationError) as raised:
        ensure_valid(BuiltFlow("small", "", broken, flow.prompt_uses))
    assert (
        "action 'lookup': [error-handled] InvokeLambdaFunction does not handle the error NoMatchingError"
        in str(raised.value)
    )


def test_a_transfer_without_the_queue_full_branch_is_reported() -> None:
    flow = FlowBuilder("transfer", PromptCatalogue())
    flow.action(
        "transfer", "TransferContactToQueue", {}, next="hang-up", errors={"NoMatchingError": "hang-up"}
    )
    flow.disconnect("hang-up")
    assert ("transfer", "error-handled") in _rules(flow.build(start="transfer"))


def test_the_synth_time_check_uses_the_flows_real_connect_type() -> None:
    flow = FlowBuilder("queue", PromptCatalogue())
    flow.transfer_to_queue("transfer", on_full="hang-up", on_error="hang-up")
    flow.disconnect("hang-up")
    built = flow.build(start="transfer")
    assert _rules(built) == set()
    as_queue_flow = replace(built, flow_type="CUSTOMER_QUEUE")
    assert _rules(as_queue_flow) == {("transfer", "flow-type")}  # a customer queue flow cannot queue


def test_an_unknown_prompt_is_reported_for_every_language_on_the_speaking_action() -> None:
    flow = FlowBuilder("prompts", PromptCatalogue())
    flow.say("greet", "no_such_prompt", next="hang-up")
    flow.disconnect("hang-up")
    messages = [str(problem) for problem in validate_flow(flow.build(start="greet"))]
    assert any(
        m.startswith("action 'greet-en-US': [prompt] prompt 'no_such_prompt' does not exist in en-US")
        for m in messages
    )
    assert any(
        m.startswith("action 'greet-zh-CN': [prompt] prompt 'no_such_prompt' does not exist in zh-CN")
        for m in messages
    )


def test_an_unreachable_action_is_reported() -> None:
    flow = FlowBuilder("orphan", PromptCatalogue())
    flow.disconnect("hang-up")
    flow.disconnect("forgotten")
    assert _rules(flow.build(start="hang-up")) == {("forgotten", "reachable")}


def test_a_lambda_not_associated_with_the_instance_is_reported() -> None:
    assert ("lookup", "lambda-associated") in _rules(
        _small_flow(), associated_lambda_arns=[LAMBDAS["screen_caller"]]
    )


def test_a_dynamic_queue_priority_is_reported() -> None:
    flow = FlowBuilder("priority", PromptCatalogue())
    flow.action(
        "priority", "UpdateContactRoutingBehavior", {"QueuePriority": "$.External.priority"}, next="hang-up"
    )
    flow.disconnect("hang-up")
    problems = validate_flow(flow.build(start="priority"))
    assert [(p.action, p.rule) for p in problems] == [("priority", "parameter-value")]
    assert "QueuePriority must be defined statically" in problems[0].message


def test_every_prompt_exists_in_every_language() -> None:
    catalogue = PromptCatalogue()
    keys = {
        path.stem for language in catalogue.languages for path in (catalogue.root / language).glob("*.txt")
    }
    flow_keys = {key for key in keys if key.split("_")[0] in {"inbound", "outbound", "callback", "survey"}}
    assert flow_keys
    assert {
        key: catalogue.missing_languages(key) for key in flow_keys if catalogue.missing_languages(key)
    } == {}
