"""The web chat flow: the assistant answers first, a person when it cannot; built from the
inbound flow's blocks, in chat wording (``prompts/<language>/chat_*.txt``: written, not spoken).

StartChatContact (``POST /chat/start``) names this flow; its attributes carry ``language``
(``zh-CN`` | ``en-US``) and, for a customer whose number a texted code proved, ``customerPhone``.
The script:

1. outside the hours of operation: say when we are open and point to the help centre, end;
2. the assistant (the Lex V2 bot of ``bots/assistant.json``) takes each question; its
   fulfilment answers from the knowledge base and sets ``handover`` in the Lex session;
3. a handover (the customer asked for 人工 / agent / 0, a complaint, an emergency, or no article
   answers) keeps ``handoverReason`` and ``customerQuestion`` as contact attributes for the
   agent's screen; emergencies and complaints go straight to their queue, others choose a
   category from a menu typed as a digit;
4. the chosen category's queue, where an agent joins and sees the whole conversation (Connect
   shows the agent the chat's transcript, the bot's turns included).

Contact attributes it sets: ``language``, ``category`` (one of ``CATEGORIES``), ``routedTo``
(``category``), ``handoverReason``, ``customerQuestion``, ``articleId`` (the last article the bot
answered with), ``priority`` (``1`` for an emergency).
"""

from __future__ import annotations

from infra.flows.blocks import BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import CATEGORIES, FlowResources

NAME = "inbound-chat"
EMERGENCY_KEY = "9"
#: The menu typed on the chat: a digit per category (an emergency is 9, as on the phone).
MENU: dict[str, str] = {
    "1": "fault",
    "2": "order",
    "3": "cancellation",
    "4": "consultation",
    "5": "complaint",
    "6": "inquiry",
    EMERGENCY_KEY: "emergency",
}
#: Intents that hand over whatever the fulfilment says (``chalicelib.assistant.handover``).
HANDOVER_INTENTS = ("TransferToAgent", "Complaint", "Emergency")
#: Questions the assistant takes before it offers a person anyway.
MAX_BOT_TURNS = 10
#: How long a chat customer may take to write, in seconds.
CHAT_TIMEOUT_S = 3600


def build_chat_flow(resources: FlowResources, prompts: PromptCatalogue | None = None) -> BuiltFlow:
    flow = FlowBuilder(
        NAME,
        prompts or PromptCatalogue(),
        description="Web chat: the assistant answers from the knowledge base; handover to a queue.",
        default_language=resources.default_language,
    )
    languages = flow.languages
    # The language StartChatContact gave; anything else gets the default.
    flow.branch(
        "language",
        "$.Attributes.language",
        {language: "init" for language in languages},
        otherwise="language-default",
    )
    flow.set_attributes("language-default", {"language": resources.default_language}, next="init")
    flow.set_attributes(
        "init",
        {"category": "inquiry", "handoverReason": "none", "customerQuestion": "none", "articleId": "none"},
        next="hours",
    )
    flow.check_hours("hours", resources.hours_arn, open="welcome", closed="after-hours", on_error="welcome")
    flow.say("after-hours", "chat_after_hours", next="end")

    first = "bot" if resources.assistant_bot_alias_arn else "menu"
    flow.say("welcome", "chat_welcome", next=first)
    if resources.assistant_bot_alias_arn:
        _assistant(flow, resources.assistant_bot_alias_arn)

    # The menu, typed: one digit per category.
    flow.ask(
        "menu",
        {key: f"cat-{category}" for key, category in MENU.items()},
        key="chat_menu",
        on_timeout="idle",
        on_invalid="menu-retry",
        timeout_s=CHAT_TIMEOUT_S,
    )
    flow.loop("menu-retry", 2, again="menu-sorry", done="cat-inquiry")
    flow.say("menu-sorry", "chat_menu_invalid", next="menu")

    for category in CATEGORIES:
        flow.set_attributes(
            f"cat-{category}", {"category": category, "routedTo": "category"}, next=f"queue-{category}"
        )
        flow.set_queue(
            f"queue-{category}",
            queue_arn=resources.queue_arn(category),
            next="emergency-priority" if category == "emergency" else "connecting",
            on_error="system-error",
        )
    flow.set_priority("emergency-priority", 1, next="emergency-noted")
    flow.set_attributes("emergency-noted", {"priority": "1"}, next="emergency-say")
    flow.say("emergency-say", "chat_emergency", next="transfer")
    flow.say("connecting", "chat_connecting", next="transfer")
    flow.transfer_to_queue("transfer", on_full="queue-full", on_error="system-error")
    flow.say("queue-full", "chat_queue_full", next="end")

    flow.say("idle", "chat_goodbye", next="end")
    flow.say("system-error", "chat_system_error", next="end")
    flow.disconnect("end")
    return flow.build(start="language")


def _assistant(flow: FlowBuilder, alias_arn: str) -> None:
    """The bot's turns: a question, its answer, again; a handover keeps what the bot learnt."""
    intents = {intent: "handover" for intent in HANDOVER_INTENTS}
    flow.talk_to_bot(
        "bot",
        alias_arn,
        "chat_bot_prompt",
        next="answered",
        intents=intents,
        on_timeout="idle",
        on_error="menu",
    )
    flow.branch("answered", "$.Lex.SessionAttributes.handover", {"true": "handover"}, otherwise="answer-kept")
    flow.set_attributes("answer-kept", {"articleId": "$.Lex.SessionAttributes.articleId"}, next="more")
    flow.loop("more", MAX_BOT_TURNS, again="bot-more", done="menu")
    flow.talk_to_bot(
        "bot-more",
        alias_arn,
        "chat_bot_more",
        next="answered",
        intents=intents,
        on_timeout="idle",
        on_error="menu",
    )
    flow.set_attributes(
        "handover",
        {
            "handoverReason": "$.Lex.SessionAttributes.handoverReason",
            "customerQuestion": "$.Lex.SessionAttributes.customerQuestion",
        },
        next="handover-reason",
    )
    flow.branch(
        "handover-reason",
        "$.Attributes.handoverReason",
        {"emergency": "cat-emergency", "complaint": "cat-complaint"},
        otherwise="menu",
    )
