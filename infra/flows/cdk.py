"""Deploys the flows through the functions stack's Connect hook (``infra.connect_integration``).

``ConnectIntegration.install_flows`` calls ``infra.flows.add_flows(integration)``, which lands
here. The survey is created first because the inbound and callback flows run it, by ARN, when
the agent hangs up. Every flow is validated at synth time as the Connect type it is deployed as
(``BuiltFlow.flow_type``), including that each Lambda it invokes is associated with the instance: a
broken flow fails ``cdk synth``.
"""

from __future__ import annotations

from typing import Any

from infra.flows import build_flows, build_owner_wait_flow, build_survey_flow, ensure_valid
from infra.flows.owner_wait import NAME as OWNER_WAIT
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import GENERAL_QUEUE, FlowResources
from infra.flows.survey import NAME as SURVEY

#: Environment variables through which the functions that start contacts learn the flow ids.
FLOW_ID_VARIABLES = {"outbound-reminder": "OUTBOUND_FLOW_ID", "callback": "CALLBACK_FLOW_ID"}
#: The bot the chat flow connects customers with (``ConnectIntegration.associate_lex_bot`` name).
ASSISTANT_BOT = "assistant"
#: Calls that fit no category queue wait with the inquiries.
FALLBACK_QUEUE = "inquiry"


def resources_from(references: Any) -> FlowResources:
    """FlowResources from the hook's ``FlowReferences`` (tokens) and the stage's staff settings."""
    queues = dict(references.queue_arns)
    if GENERAL_QUEUE not in queues and FALLBACK_QUEUE in queues:
        queues[GENERAL_QUEUE] = queues[FALLBACK_QUEUE]
    return FlowResources(
        lambdas=dict(references.lambda_arns),
        queues=queues,
        hours_arn=references.hours_of_operation_arn,
        owner_wait_s=references.owner_wait_s,
        assistant_bot_alias_arn=references.lex_bot_alias_arns.get(ASSISTANT_BOT, ""),
    )


def add_flows_to(integration: Any) -> dict[str, Any]:
    """Create every flow through ``integration.add_flow``; returns the CfnContactFlow by flow name."""
    prompts = PromptCatalogue()
    resources = resources_from(integration.references)
    associated = list(resources.lambdas.values())
    created = {}
    # Flows the others name by ARN come first: the survey (run when the agent hangs up) and the
    # queue flow of a caller waiting for their ticket's owner.
    for first in (build_survey_flow(resources, prompts), build_owner_wait_flow(resources, prompts)):
        flow = ensure_valid(first, prompts, associated)
        created[flow.name] = integration.add_flow(
            flow.name, flow.to_json(), flow_type=flow.flow_type, description=flow.description
        )
    flows = build_flows(
        resources,
        survey_flow_arn=created[SURVEY].attr_contact_flow_arn,
        owner_wait_flow_arn=created[OWNER_WAIT].attr_contact_flow_arn,
        associated_lambda_arns=associated,
        prompts=prompts,
    )
    for name, flow in flows.items():
        if name not in created:
            created[name] = integration.add_flow(
                name,
                flow.to_json(),
                flow_type=flow.flow_type,
                description=flow.description,
                id_env_var=FLOW_ID_VARIABLES.get(name),
            )
    return created
