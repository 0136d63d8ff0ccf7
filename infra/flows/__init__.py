"""Contact flows as code: builders that emit Amazon Connect Flow-language JSON, and their validator.

``build_flows(resources)`` returns every flow, validated. CDK deploys them through
``add_flows`` (called by the functions stack's Connect hook, see ``infra.flows.cdk``); the local
simulator runs the same JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from infra.flows.after_hours_callback import after_hours_callback
from infra.flows.blocks import BuiltFlow, FlowBuilder
from infra.flows.callback import build_callback_flow
from infra.flows.chat import build_chat_flow
from infra.flows.inbound import AfterHoursOptions, build_inbound_flow
from infra.flows.outbound import build_outbound_flow
from infra.flows.owner_wait import build_owner_wait_flow
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import FLOW_LAMBDAS, FlowResources
from infra.flows.survey import build_survey_flow
from infra.flows.validator import FlowValidationError, Problem, ensure_valid, validate_document, validate_flow

__all__ = [
    "FLOW_LAMBDAS",
    "AfterHoursOptions",
    "BuiltFlow",
    "FlowBuilder",
    "FlowResources",
    "FlowValidationError",
    "Problem",
    "PromptCatalogue",
    "add_flows",
    "after_hours_callback",
    "build_callback_flow",
    "build_chat_flow",
    "build_flows",
    "build_inbound_flow",
    "build_outbound_flow",
    "build_owner_wait_flow",
    "build_survey_flow",
    "ensure_valid",
    "validate_document",
    "validate_flow",
]


def build_flows(
    resources: FlowResources,
    survey_flow_arn: str | None = None,
    associated_lambda_arns: Iterable[str] | None = None,
    prompts: PromptCatalogue | None = None,
    after_hours_options: AfterHoursOptions | None = None,
    owner_wait_flow_arn: str | None = None,
) -> dict[str, BuiltFlow]:
    """Every flow by name, validated; ``survey_flow_arn`` overrides ``resources.survey_flow_arn``
    and ``owner_wait_flow_arn`` ``resources.owner_wait_flow_arn``.

    ``after_hours_options`` defaults to the callback booking (``after_hours_callback``), so CDK and
    the simulator deploy the same after-hours menu.
    """
    catalogue = prompts or PromptCatalogue()
    if survey_flow_arn is not None:
        resources = replace(resources, survey_flow_arn=survey_flow_arn)
    if owner_wait_flow_arn is not None:
        resources = replace(resources, owner_wait_flow_arn=owner_wait_flow_arn)
    arns = list(associated_lambda_arns) if associated_lambda_arns is not None else None
    flows = [
        build_survey_flow(resources, catalogue),
        build_owner_wait_flow(resources, catalogue),
        build_inbound_flow(resources, catalogue, after_hours_options or after_hours_callback(resources)),
        build_outbound_flow(resources, catalogue),
        build_callback_flow(resources, catalogue),
        build_chat_flow(resources, catalogue),
    ]
    return {flow.name: ensure_valid(flow, catalogue, arns) for flow in flows}


def add_flows(integration: Any) -> None:
    """The hook ``infra.connect_integration.ConnectIntegration.install_flows`` calls at synth time."""
    from infra.flows.cdk import add_flows_to  # CDK is only needed at synth time

    add_flows_to(integration)
