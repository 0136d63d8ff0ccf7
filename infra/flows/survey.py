"""The post-call satisfaction survey: the disconnect flow that runs when the agent hangs up.

It asks for 1-5, stores it as the contact attribute ``rating`` and through ``record_rating``
with the contact's ``ticketId`` (when the call was about a ticket).
"""

from __future__ import annotations

from infra.flows.blocks import BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import RECORD_RATING, FlowResources

NAME = "post-call-survey"
RATINGS: tuple[str, ...] = ("1", "2", "3", "4", "5")


def build_survey_flow(resources: FlowResources, prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(
        NAME,
        prompts or PromptCatalogue(),
        description="Post-call survey: a 1-5 satisfaction rating stored with the contact and the ticket.",
        default_language=resources.default_language,
    )
    flow.set_voice_for_language("voice", next="question")
    flow.ask(
        "question",
        {rating: f"rate-{rating}" for rating in RATINGS},
        key="survey_question",
        on_timeout="ask-again",
        on_invalid="ask-again",
    )
    flow.loop("ask-again", 1, again="question", done="no-answer")
    for rating in RATINGS:
        flow.set_attributes(f"rate-{rating}", {"rating": rating}, next="store-rating")
    flow.invoke(
        "store-rating",
        resources.lambda_arn(RECORD_RATING),
        parameters={"rating": "$.Attributes.rating", "ticketId": "$.Attributes.ticketId"},
        next="thanks",
        on_error="thanks",
        time_limit_s=resources.lambda_time_limit_s,
    )
    flow.say("thanks", "survey_thanks", next="hang-up")
    flow.say("no-answer", "survey_no_answer", next="hang-up")
    flow.disconnect("hang-up")
    return flow.build(start="voice")
