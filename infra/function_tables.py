"""Which tables each Lambda function reads and which it writes: the one declaration its role's
DynamoDB grants are made from (``infra.function_roles``).

Names are the PynamoDB model classes of ``chalicelib.tables``, as the code imports them. Kept
true by ``tests/architecture/test_function_tables.py``, which walks each handler's code: a function
that starts using a table (or writing one it only read) fails there until it is declared here,
and a grant no code needs any more fails too. Plain data, so that test imports no CDK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The logical id Chalice gives the function behind every REST route.
REST_API_FUNCTION = "APIHandler"


@dataclass(frozen=True)
class TableAccess:
    """The tables (PynamoDB model class names) a function reads, and those it also writes."""

    reads: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()


def _access(*, reads: Iterable[str] = (), writes: Iterable[str] = ()) -> TableAccess:
    return TableAccess(frozenset(reads), frozenset(writes))


#: Chalice function name (the REST API by its logical id) -> the tables its code uses.
FUNCTION_TABLES: dict[str, TableAccess] = {
    # Every route: the staff console, the booking page, campaigns, the assistant's articles.
    REST_API_FUNCTION: _access(
        reads={"CampaignContactRecord", "CustomerContactRecord"},
        writes={
            "AgentRecord",
            "AlertRecord",
            "CallbackBookingRecord",
            "CallbackHoldRecord",
            "CallbackSlotRecord",
            "CallbackVerificationRecord",
            "CampaignRecord",
            "CampaignStatsRecord",
            "CustomerRecord",
            "IdempotencyRecord",
            "KnowledgeRecord",
            "QaReviewRecord",
            "QualityAggregateRecord",
            "QualityContactRecord",
            "RateLimitRecord",
            "ScreeningRecord",
            "SurveyInvitationRecord",
            "TicketRecord",
        },
    ),
    # Invoked by contact flows, mid-call: the caller's lists, record and open ticket; the slots.
    "screen_caller": _access(reads={"ScreeningRecord"}),
    "lookup_customer": _access(reads={"AgentRecord", "CustomerRecord", "TicketRecord"}),
    "open_ticket_from_flow": _access(writes={"AgentRecord", "TicketRecord"}),  # assignment counts load
    "record_rating": _access(writes={"AgentRecord", "ContactRatingRecord", "TicketRecord"}),
    "offer_callback_slots": _access(
        reads={"CallbackBookingRecord", "CallbackHoldRecord", "CallbackSlotRecord"}
    ),
    "book_callback_slot": _access(
        writes={
            "CallbackBookingRecord",
            "CallbackHoldRecord",
            "CallbackSlotRecord",
            "CallbackVerificationRecord",
        }
    ),
    # Scheduled callbacks: the booking, its hold, the call's intent; a missed one becomes a ticket.
    "fire_callback": _access(
        reads={"CustomerRecord", "ScreeningRecord"},
        writes={
            "AgentRecord",
            "CallbackBookingRecord",
            "CallbackHoldRecord",
            "IdempotencyRecord",
            "TicketRecord",
        },
    ),
    "send_callback_reminder": _access(writes={"CallbackBookingRecord", "IdempotencyRecord"}),
    "track_callback_calls": _access(
        writes={
            "AgentRecord",
            "CallbackBookingRecord",
            "CallbackHoldRecord",
            "IdempotencyRecord",
            "TicketRecord",
        }
    ),
    # Campaigns: the state machines' steps, the dialler, the outcomes.
    "load_audience": _access(
        reads={"ScreeningRecord"}, writes={"CampaignContactRecord", "CampaignRecord", "CampaignStatsRecord"}
    ),
    "import_list_rows": _access(writes={"CampaignStatsRecord", "ScreeningRecord"}),
    "dial_contacts": _access(
        reads={"CampaignRecord", "CustomerRecord", "ScreeningRecord"},
        writes={
            "AgentRecord",
            "CampaignContactRecord",
            "CampaignStatsRecord",
            "ContactAttemptRecord",
            "IdempotencyRecord",
            "PacingRecord",
            "TicketRecord",
        },
    ),
    "handle_contact_events": _access(
        reads={"CustomerRecord"},
        writes={
            "AgentRecord",
            "CampaignContactRecord",
            "CampaignRecord",
            "CampaignStatsRecord",
            "ContactAttemptRecord",
            "IdempotencyRecord",
            "PacingRecord",
            "QualityAggregateRecord",
            "QualityContactRecord",
            "ScreeningRecord",  # opt-outs pressed during the call
            "TicketRecord",
        },
    ),
    "track_contact_quality": _access(
        reads={"CallbackBookingRecord", "ContactRatingRecord"},
        writes={
            "AgentRecord",
            "AlertRecord",
            "CustomerContactRecord",
            "QualityAggregateRecord",
            "QualityContactRecord",
            "SurveyInvitationRecord",
            "TicketRecord",
        },
    ),
    "sweep_supervisor_alerts": _access(reads={"TicketRecord"}, writes={"AlertRecord"}),
    "receive_sms_reply": _access(
        reads={"CustomerRecord", "KnowledgeRecord"},
        writes={
            "AgentRecord",
            "IdempotencyRecord",
            "QualityAggregateRecord",
            "QualityContactRecord",
            "ScreeningRecord",
            "SurveyInvitationRecord",
            "TicketRecord",
        },
    ),
    "receive_support_email": _access(writes={"AgentRecord", "IdempotencyRecord", "TicketRecord"}),
    "answer_customer": _access(reads={"KnowledgeRecord"}),
}
