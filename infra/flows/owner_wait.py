"""The customer queue flow of a caller waiting for the agent who owns their open ticket.

Continuity routing puts such a caller in the owner's agent queue. If the owner is still busy
after ``FlowResources.owner_wait_s`` (the ``continuity.owner_wait_s`` of ``staff/<stage>.yaml``),
this flow moves the call to the queue of the ticket's category (the contact attribute
``category``), where the next available colleague takes it; ``routedTo`` then says
``category-after-owner-wait``. Runs as a CUSTOMER_QUEUE flow, set by the inbound flow with
UpdateContactEventHooks (CustomerQueue).
"""

from __future__ import annotations

from infra.flows.blocks import BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import CATEGORIES, FlowResources

NAME = "owner-wait"
FALLBACK_CATEGORY = "inquiry"  # a ticket whose category the flow does not know waits with the inquiries


def _loop_prompt(flow: FlowBuilder, identifier: str, key: str, next: str, interrupt_s: int | None) -> str:
    """MessageParticipantIteratively in the contact's language: loops until an agent takes the
    call, or (with ``interrupt_s``) until that many seconds have passed."""

    def variant(variant_id: str, language: str) -> None:
        parameters: dict[str, object] = {"Messages": [flow._prompt_parameters(variant_id, key, language)]}
        if interrupt_s is not None:
            parameters["InterruptFrequencySeconds"] = str(interrupt_s)
        flow.action(
            variant_id,
            "MessageParticipantIteratively",
            parameters,
            conditions=[("Equals", "MessagesInterrupted", next)] if interrupt_s is not None else (),
            errors={"NoMatchingError": next},
        )

    return flow._per_language(identifier, variant)


def build_owner_wait_flow(resources: FlowResources, prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(
        NAME,
        prompts or PromptCatalogue(),
        description="Waiting for the ticket's owner; after the limit, the ticket category's queue.",
        default_language=resources.default_language,
    )
    _loop_prompt(flow, "hold", "owner_wait_hold", next="moving", interrupt_s=resources.owner_wait_s)
    flow.say("moving", "owner_wait_moving", next="routed")
    flow.set_attributes("routed", {"routedTo": "category-after-owner-wait"}, next="category")
    flow.branch(
        "category",
        "$.Attributes.category",
        {category: f"move-{category}" for category in CATEGORIES},
        otherwise=f"move-{FALLBACK_CATEGORY}",
    )
    for category in CATEGORIES:
        flow.action(
            f"move-{category}",
            "DequeueContactAndTransferToQueue",
            {"QueueId": resources.queue_arn(category)},
            next="waiting",
            errors={"QueueAtCapacity": "waiting", "NoMatchingError": "waiting"},
        )
    _loop_prompt(flow, "waiting", "queue_hold", next="end", interrupt_s=None)
    flow.action("end", "EndFlowExecution")
    built = flow.build(start="hold")
    built.flow_type = "CUSTOMER_QUEUE"
    return built
