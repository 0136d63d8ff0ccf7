"""Deploys the flows as ``AWS::Connect::ContactFlow`` resources (one call from the contact-centre stack).

The survey is created first because the inbound and callback flows run it when the agent hangs
up, by its ARN. Every flow is validated at synth time: a broken flow fails ``cdk synth``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from aws_cdk import aws_connect as connect
from constructs import Construct

from infra.flows import build_flows, build_survey_flow, ensure_valid
from infra.flows.inbound import AfterHoursOptions
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import FlowResources


def _construct_id(flow_name: str) -> str:
    return "Flow" + "".join(part.capitalize() for part in flow_name.split("-"))


def add_contact_flows(
    scope: Construct,
    instance_arn: str,
    resources: FlowResources,
    associated_lambda_arns: Iterable[str] | None = None,
    name_prefix: str = "",
    after_hours_options: AfterHoursOptions | None = None,
) -> dict[str, connect.CfnContactFlow]:
    """Create every flow in ``scope``; returns them by flow name (``flows["outbound-reminder"]``)."""
    prompts = PromptCatalogue()
    arns = list(associated_lambda_arns) if associated_lambda_arns is not None else None
    survey = ensure_valid(build_survey_flow(resources, prompts), prompts, arns)

    def deploy(flow_name: str, description: str, content: str) -> connect.CfnContactFlow:
        return connect.CfnContactFlow(
            scope,
            _construct_id(flow_name),
            instance_arn=instance_arn,
            name=f"{name_prefix}{flow_name}",
            type="CONTACT_FLOW",
            content=content,
            description=description,
        )

    created = {survey.name: deploy(survey.name, survey.description, survey.to_json())}
    with_survey = replace(resources, survey_flow_arn=created[survey.name].attr_contact_flow_arn)
    for name, flow in build_flows(with_survey, None, arns, prompts, after_hours_options).items():
        if name not in created:
            created[name] = deploy(name, flow.description, flow.to_json())
    return created
