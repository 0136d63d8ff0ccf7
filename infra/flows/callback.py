"""The callback flow: runs when a booked callback's call is answered, and queues it for an agent.

Attributes the callback Lambda passes with StartOutboundVoiceContact: ``language``, ``queueArn``
(``none``: the flow's ``callbacks`` queue), and anything the agent should see (``bookingId``,
``bookingReason``, ``customerSummary``) which the flow leaves untouched. The flow sets
``callbackQueued`` ("true" once the contact waits for an agent, "false" if no agent could take
it) and arms the post-call survey. The call is recorded from the greeting on, as the inbound
greeting announced when the customer booked by phone.
"""

from __future__ import annotations

from infra.flows.blocks import NOT_SET, BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import CALLBACK_QUEUE, FlowResources

NAME = "callback"


def build_callback_flow(resources: FlowResources, prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(
        NAME,
        prompts or PromptCatalogue(),
        description="Booked callback: greets the customer and queues the call for a callback agent.",
        default_language=resources.default_language,
    )
    flow.set_attributes("init", {"callbackQueued": "false"}, next="voice")
    flow.set_voice_for_language("voice", next="intro")
    flow.say("intro", "callback_intro", next="record")
    flow.record_call("record", next="survey-hook")
    if resources.survey_flow_arn:
        flow.set_disconnect_flow("survey-hook", resources.survey_flow_arn, next="queue")
    else:
        flow.set_attributes("survey-hook", {"survey": "off"}, next="queue")
    flow.branch("queue", "$.Attributes.queueArn", {NOT_SET: "queue-default"}, otherwise="queue-given")
    flow.set_queue("queue-given", queue_arn="$.Attributes.queueArn", next="queued", on_error="queue-default")
    flow.set_queue(
        "queue-default", queue_arn=resources.queue_arn(CALLBACK_QUEUE), next="queued", on_error="unavailable"
    )
    flow.set_attributes("queued", {"callbackQueued": "true"}, next="transfer")
    flow.transfer_to_queue("transfer", on_full="unavailable", on_error="unavailable")
    flow.set_attributes("unavailable", {"callbackQueued": "false"}, next="sorry")
    flow.say("sorry", "callback_unavailable", next="hang-up")
    flow.disconnect("hang-up")
    return flow.build(start="init")
