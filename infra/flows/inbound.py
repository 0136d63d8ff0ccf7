"""The inbound main flow: greet, screen, look up, route by hours, menu and category.

Contact attributes it sets (the agent's screen and reports read them):
``language``, ``screeningVerdict`` (allow | block | warn | unavailable), ``screeningReason``,
``callerWarning`` ("true" flags the caller for the agent), ``customerKnown``, ``customerTier``,
``priority`` ("1".."5", 1 first), ``openTicketId``, ``ownerAgentId`` (``none`` when no agent owns
the caller's open ticket, or the owner cannot take calls), ``openTicketCategory``,
``fallbackCategory`` (the open ticket's category when its owner is offline), ``customerSummary``,
``category`` (one of ``CATEGORIES``), ``routedTo`` (ticket-owner | category |
category-after-owner-wait), ``ticketId`` (the open ticket the call is about, or the one created
from an after-hours callback request).

Continuity routing: a caller whose open ticket has an owner goes to the owner's agent queue and
waits there at most ``resources.owner_wait_s`` (the ``owner_wait`` queue flow), then moves to the
ticket category's queue; when the owner is offline the call goes to that queue at once.

The greeting says the call may be recorded, so the flow records it (agent and customer, from the
greeting on). The after-hours branch is a key-press menu (1 = ask to be called back: a ticket; no
voice message is recorded, and the caller is not told otherwise); other
features add options through ``after_hours_options``: a function that receives the builder, adds
its actions and returns ``{key: first action identifier}``. Its actions may continue to
``"goodbye"``, ``"hang-up"``, ``"system-error"`` or ``"leave-message"``. The prompt
``inbound_after_hours_menu`` names every option: key 2 books a callback (``after_hours_callback``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from infra.flows.blocks import NOT_SET, BuiltFlow, FlowBuilder
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import (
    CATEGORIES,
    LOOKUP_CUSTOMER,
    OPEN_TICKET_FROM_FLOW,
    SCREEN_CALLER,
    FlowResources,
)

NAME = "inbound-main"
DEFAULT_PRIORITY = 3
EMERGENCY_KEY = "9"

AfterHoursOptions = Callable[[FlowBuilder], Mapping[str, str]]


def build_inbound_flow(
    resources: FlowResources,
    prompts: PromptCatalogue | None = None,
    after_hours_options: AfterHoursOptions | None = None,
) -> BuiltFlow:
    flow = FlowBuilder(
        NAME,
        prompts or PromptCatalogue(),
        description="Inbound main flow: screening, customer lookup, hours, menu by category, queue.",
        default_language=resources.default_language,
    )
    time_limit = resources.lambda_time_limit_s

    flow.set_attributes(
        "init",
        {
            "language": resources.default_language,
            "callerWarning": "false",
            "category": "inquiry",
            "ownerAgentId": NOT_SET,
            "fallbackCategory": NOT_SET,
        },
        next="voice",
    )
    flow.set_voice_for_language("voice", next="welcome")
    flow.say("welcome", "inbound_welcome", next="record")
    flow.record_call("record", next="screen")

    # Screening fails open: a fault in the blacklist must not turn customers away.
    flow.invoke(
        "screen",
        resources.lambda_arn(SCREEN_CALLER),
        next="keep-screening",
        on_error="screening-failed",
        time_limit_s=time_limit,
    )
    flow.set_attributes("screening-failed", {"screeningVerdict": "unavailable"}, next="lookup")
    flow.set_attributes(
        "keep-screening",
        {
            "screeningVerdict": "$.External.verdict",
            "screeningReason": "$.External.reason",
            "callerWarning": "$.External.warning",
        },
        next="verdict",
    )
    flow.branch("verdict", "$.Attributes.screeningVerdict", {"block": "refuse"}, otherwise="lookup")
    flow.say("refuse", "inbound_refused", next="hang-up")

    flow.invoke(
        "lookup",
        resources.lambda_arn(LOOKUP_CUSTOMER),
        next="keep-customer",
        on_error="priority-default",
        time_limit_s=time_limit,
    )
    flow.set_attributes(
        "keep-customer",
        {
            "customerKnown": "$.External.known",
            "customerTier": "$.External.tier",
            "priority": "$.External.priority",
            "language": "$.External.language",
            "openTicketId": "$.External.openTicketId",
            "ownerAgentId": "$.External.ownerAgentId",
            "openTicketCategory": "$.External.openTicketCategory",
            "fallbackCategory": "$.External.fallbackCategory",
            "customerSummary": "$.External.summary",
        },
        next="customer-voice",
    )
    flow.set_voice_for_language("customer-voice", next="priority")
    # QueuePriority must be static: one action per priority the lookup can answer.
    flow.branch(
        "priority",
        "$.Attributes.priority",
        {str(level): f"priority-{level}" for level in range(1, 6)},
        otherwise="priority-default",
    )
    for level in range(1, 6):
        flow.set_priority(f"priority-{level}", level, next="survey-hook")
    flow.set_priority("priority-default", DEFAULT_PRIORITY, next="survey-hook")
    if resources.survey_flow_arn:
        flow.set_disconnect_flow("survey-hook", resources.survey_flow_arn, next="hours")
    else:
        flow.set_attributes("survey-hook", {"survey": "off"}, next="hours")

    flow.check_hours(
        "hours", resources.hours_arn, open="owner-check", closed="after-hours", on_error="owner-check"
    )

    # An open ticket goes back to the agent who owns it, through that agent's own queue; the
    # caller waits there at most owner_wait_s. An owner who is offline: the ticket's category queue.
    flow.branch(
        "owner-check", "$.Attributes.ownerAgentId", {NOT_SET: "fallback-check"}, otherwise="owner-queue"
    )
    flow.branch(
        "fallback-check",
        "$.Attributes.fallbackCategory",
        {category: f"cat-{category}" for category in CATEGORIES},
        otherwise="menu",
    )
    after_owner_queue = "owner-wait" if resources.owner_wait_flow_arn else "owner-announce"
    flow.set_queue(
        "owner-queue", agent_id="$.Attributes.ownerAgentId", next=after_owner_queue, on_error="menu"
    )
    if resources.owner_wait_flow_arn:
        flow.action(
            "owner-wait",
            "UpdateContactEventHooks",
            {"EventHooks": {"CustomerQueue": resources.owner_wait_flow_arn}},
            next="owner-announce",
            errors={"NoMatchingError": "owner-announce"},
        )
    flow.say("owner-announce", "inbound_connecting_owner", next="owner-routed")
    flow.set_attributes(
        "owner-routed",
        {
            "routedTo": "ticket-owner",
            "ticketId": "$.Attributes.openTicketId",
            "category": "$.Attributes.openTicketCategory",
        },
        next="transfer",
    )

    # The menu: emergency is one key from every level; the others go one level deeper.
    flow.ask(
        "menu",
        {EMERGENCY_KEY: "cat-emergency", "1": "cat-fault", "2": "menu-orders", "3": "menu-other"},
        key="inbound_menu_top",
        on_timeout="menu-retry",
        on_invalid="menu-retry",
    )
    flow.loop("menu-retry", 2, again="menu-sorry", done="cat-inquiry")
    flow.say("menu-sorry", "inbound_menu_invalid", next="menu")
    flow.ask(
        "menu-orders",
        {"1": "cat-order", "2": "cat-cancellation", EMERGENCY_KEY: "cat-emergency"},
        key="inbound_menu_orders",
        on_timeout="orders-retry",
        on_invalid="orders-retry",
    )
    flow.loop("orders-retry", 1, again="orders-sorry", done="cat-order")
    flow.say("orders-sorry", "inbound_menu_invalid", next="menu-orders")
    flow.ask(
        "menu-other",
        {"1": "cat-inquiry", "2": "cat-consultation", "3": "cat-complaint", EMERGENCY_KEY: "cat-emergency"},
        key="inbound_menu_other",
        on_timeout="other-retry",
        on_invalid="other-retry",
    )
    flow.loop("other-retry", 1, again="other-sorry", done="cat-inquiry")
    flow.say("other-sorry", "inbound_menu_invalid", next="menu-other")

    for category in CATEGORIES:
        flow.set_attributes(
            f"cat-{category}", {"category": category, "routedTo": "category"}, next=f"queue-{category}"
        )
        after_queue = "emergency-priority" if category == "emergency" else "connecting"
        flow.set_queue(
            f"queue-{category}",
            queue_arn=resources.queue_arn(category),
            next=after_queue,
            on_error="system-error",
        )
    flow.set_priority("emergency-priority", 1, next="emergency-announce")
    flow.set_attributes("emergency-announce", {"priority": "1"}, next="emergency-say")
    flow.say("emergency-say", "inbound_emergency", next="transfer")
    flow.say("connecting", "inbound_connecting", next="transfer")
    flow.transfer_to_queue("transfer", on_full="queue-full", on_error="system-error")
    flow.say("queue-full", "inbound_queue_full", next="leave-message")

    # After hours: a menu whose first option turns the call into a callback request (a ticket).
    flow.say("after-hours", "inbound_after_hours", next="after-hours-menu")
    extra = dict(after_hours_options(flow)) if after_hours_options else {}
    flow.ask(
        "after-hours-menu",
        {"1": "leave-message", **extra},
        key="inbound_after_hours_menu",
        on_timeout="goodbye",
        on_invalid="goodbye",
    )
    flow.invoke(
        "leave-message",
        resources.lambda_arn(OPEN_TICKET_FROM_FLOW),
        parameters={
            "category": "$.Attributes.category",
            "channel": "phone",
            "message": "Caller asked to be called back (no voice message is recorded)",
        },
        next="keep-ticket",
        on_error="system-error",
        time_limit_s=time_limit,
    )
    flow.set_attributes("keep-ticket", {"ticketId": "$.External.ticketId"}, next="message-taken")
    flow.say("message-taken", "inbound_message_taken", next="hang-up")

    flow.say("goodbye", "inbound_goodbye", next="hang-up")
    flow.say("system-error", "inbound_system_error", next="hang-up")
    flow.disconnect("hang-up")
    return flow.build(start="init")
