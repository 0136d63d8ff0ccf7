"""The validator: the product's flows pass, deliberately broken flows fail naming the action."""

from __future__ import annotations

import copy

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


def _messages(flow: BuiltFlow, **kwargs: object) -> list[str]:
    return [str(problem) for problem in validate_flow(flow, **kwargs)]  # type: ignore[arg-type]


def test_every_product_flow_is_valid_with_its_lambdas_associated() -> None:
    flows = build_flows(RESOURCES, associated_lambda_arns=LAMBDAS.values())
    assert set(flows) == {"inbound-main", "outbound-reminder", "callback", "post-call-survey"}
    for flow in flows.values():
        assert flow.content["Version"] == "2019-10-30"
        assert len(flow.content["Actions"]) <= 250


def test_a_dangling_transition_is_reported_on_the_action_that_makes_it() -> None:
    flow = _small_flow()
    broken = copy.deepcopy(flow.content)
    broken["Actions"][0]["Transitions"]["NextAction"] = "nowhere"
    messages = _messages(BuiltFlow("small", "", broken, flow.prompt_uses))
    assert "action 'lookup': NextAction transitions to 'nowhere', which is not an action" in messages


def test_a_missing_error_branch_is_reported_on_the_action() -> None:
    flow = _small_flow()
    broken = copy.deepcopy(flow.content)
    del broken["Actions"][0]["Transitions"]["Errors"]
    with pytest.raises(FlowValidationError) as raised:
        ensure_valid(BuiltFlow("small", "", broken, flow.prompt_uses))
    assert "action 'lookup': InvokeLambdaFunction does not handle the error NoMatchingError" in str(
        raised.value
    )


def test_a_transfer_without_the_queue_full_branch_is_reported() -> None:
    flow = FlowBuilder("transfer", PromptCatalogue())
    flow.action(
        "transfer", "TransferContactToQueue", {}, next="hang-up", errors={"NoMatchingError": "hang-up"}
    )
    flow.disconnect("hang-up")
    assert "action 'transfer': TransferContactToQueue does not handle the error QueueAtCapacity" in _messages(
        flow.build(start="transfer")
    )


def test_an_unknown_prompt_is_reported_for_every_language_on_the_speaking_action() -> None:
    flow = FlowBuilder("prompts", PromptCatalogue())
    flow.say("greet", "no_such_prompt", next="hang-up")
    flow.disconnect("hang-up")
    messages = _messages(flow.build(start="greet"))
    assert "action 'greet-en-US': prompt 'no_such_prompt' does not exist in en-US" in messages
    assert "action 'greet-zh-CN': prompt 'no_such_prompt' does not exist in zh-CN" in messages


def test_an_unreachable_action_is_reported() -> None:
    flow = FlowBuilder("orphan", PromptCatalogue())
    flow.disconnect("hang-up")
    flow.disconnect("forgotten")
    assert "action 'forgotten': is unreachable from the StartAction" in _messages(flow.build(start="hang-up"))


def test_a_lambda_not_associated_with_the_instance_is_reported() -> None:
    messages = _messages(_small_flow(), associated_lambda_arns=[LAMBDAS["screen_caller"]])
    assert any(m.startswith("action 'lookup': invokes") and "not associated" in m for m in messages)


def test_a_dynamic_queue_priority_is_reported() -> None:
    flow = FlowBuilder("priority", PromptCatalogue())
    flow.action(
        "priority", "UpdateContactRoutingBehavior", {"QueuePriority": "$.External.priority"}, next="hang-up"
    )
    flow.disconnect("hang-up")
    assert any("QueuePriority" in m and "'priority'" in m for m in _messages(flow.build(start="priority")))


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
