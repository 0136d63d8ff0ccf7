"""The flows quick connects run: the agent picks a queue or a colleague in the contact control
panel and Connect runs the quick connect's flow for the customer (types QUEUE_TRANSFER and
AGENT_TRANSFER: "The flow must be of type Transfer to Queue", AWS::Connect::QuickConnect
QueueQuickConnectConfig; likewise Transfer to Agent for a user quick connect)."""

from __future__ import annotations

from infra.flows.blocks import BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue

QUEUE_TRANSFER = "queue-transfer"
AGENT_TRANSFER = "agent-transfer"


def build_queue_transfer_flow(prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(QUEUE_TRANSFER, prompts or PromptCatalogue(), description="Quick connect: to a queue.")
    flow.transfer_to_queue("transfer", on_full="sorry", on_error="sorry")
    flow.say("sorry", "transfer_failed", next="hang-up")
    flow.disconnect("hang-up")
    built = flow.build(start="transfer")
    built.flow_type = "QUEUE_TRANSFER"
    return built


def build_agent_transfer_flow(prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(
        AGENT_TRANSFER, prompts or PromptCatalogue(), description="Quick connect: to a colleague."
    )
    flow.action("transfer", "TransferContactToAgent")
    built = flow.build(start="transfer")
    built.flow_type = "AGENT_TRANSFER"
    return built
