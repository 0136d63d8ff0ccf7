"""What flows point at: Lambda, queue, hours and flow ARNs, passed in by whoever builds the flows.

CDK passes tokens (``fn.function_arn``, ``queue.attr_queue_arn``); tests and the local simulator
pass fake ARNs that the simulator maps to local handlers, queues and hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

# The flow Lambdas (Chalice ``lambda_function`` names) the flows invoke.
SCREEN_CALLER = "screen_caller"
LOOKUP_CUSTOMER = "lookup_customer"
OPEN_TICKET_FROM_FLOW = "open_ticket_from_flow"
RECORD_RATING = "record_rating"
OFFER_CALLBACK_SLOTS = "offer_callback_slots"
BOOK_CALLBACK_SLOT = "book_callback_slot"
FLOW_LAMBDAS: tuple[str, ...] = (
    SCREEN_CALLER,
    LOOKUP_CUSTOMER,
    OPEN_TICKET_FROM_FLOW,
    RECORD_RATING,
    OFFER_CALLBACK_SLOTS,
    BOOK_CALLBACK_SLOT,
)

# Call categories (the tickets' categories) and the queue key each one routes to.
CATEGORIES: tuple[str, ...] = (
    "emergency",
    "fault",
    "order",
    "cancellation",
    "inquiry",
    "consultation",
    "complaint",
)
GENERAL_QUEUE = "general"
CALLBACK_QUEUE = "callback"
OUTBOUND_QUEUE = "outbound"


@dataclass(frozen=True)
class FlowResources:
    """ARNs the flows reference.

    ``queues`` maps a category (see ``CATEGORIES``), ``"callback"``, ``"outbound"`` or
    ``"general"`` to a queue ARN; a missing key falls back to ``"general"``, which is required.
    ``survey_flow_arn`` is the post-call survey flow, run when the agent hangs up (set it after
    creating the survey flow; the inbound and callback flows need it). ``owner_wait_flow_arn``
    likewise, for the inbound flow's continuity routing.
    """

    lambdas: Mapping[str, str]
    queues: Mapping[str, str]
    hours_arn: str
    survey_flow_arn: str = ""
    #: The customer queue flow of a caller waiting for their ticket's owner (``owner_wait``), and
    #: how long they wait before the ticket category's queue takes the call.
    owner_wait_flow_arn: str = ""
    owner_wait_s: int = 60
    #: The assistant's Lex V2 alias (ConnectParticipantWithLexBot); empty: flows run without it.
    assistant_bot_alias_arn: str = ""
    default_language: str = "en-US"
    lambda_time_limit_s: int = 3
    extra: Mapping[str, str] = field(default_factory=dict)

    def lambda_arn(self, name: str) -> str:
        try:
            return self.lambdas[name]
        except KeyError:
            raise KeyError(f"no ARN given for flow Lambda {name!r}") from None

    def queue_arn(self, key: str) -> str:
        if key in self.queues:
            return self.queues[key]
        if GENERAL_QUEUE not in self.queues:
            raise KeyError(f"no queue ARN for {key!r} and no {GENERAL_QUEUE!r} queue to fall back to")
        return self.queues[GENERAL_QUEUE]
