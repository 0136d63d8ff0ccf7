"""PynamoDB models: the single declaration of every table's keys, indexes and TTL.

CDK (``infra/``) and the local stack (``local/``) derive their tables from ``ALL_TABLES``.
"""

from __future__ import annotations

from chalicelib.tables.agents import AgentRecord
from chalicelib.tables.blacklist import ScreeningRecord
from chalicelib.tables.callbacks import (
    CallbackBookingRecord,
    CallbackHoldRecord,
    CallbackSlotRecord,
    CallbackVerificationRecord,
)
from chalicelib.tables.campaigns import (
    CampaignContactRecord,
    CampaignRecord,
    CampaignStatsRecord,
    ContactAttemptRecord,
)
from chalicelib.tables.contact_ratings import ContactRatingRecord
from chalicelib.tables.customers import CustomerRecord
from chalicelib.tables.idempotency import IdempotencyRecord
from chalicelib.tables.pacing import PacingRecord
from chalicelib.tables.quality import (
    CustomerContactRecord,
    QaReviewRecord,
    QualityAggregateRecord,
    QualityContactRecord,
    SurveyInvitationRecord,
)
from chalicelib.tables.rate_limits import RateLimitRecord
from chalicelib.tables.schema import TableSpec, describe
from chalicelib.tables.tickets import TicketRecord

#: logical name -> (environment variable with the physical name, model)
ALL_TABLES: dict[str, TableSpec] = {
    spec.logical_name: spec
    for spec in (
        describe(CustomerRecord),
        describe(TicketRecord),
        describe(AgentRecord),
        describe(ContactRatingRecord),
        describe(RateLimitRecord),
        describe(ScreeningRecord),
        describe(CallbackSlotRecord),
        describe(CallbackBookingRecord),
        describe(CallbackHoldRecord),
        describe(CallbackVerificationRecord),
        describe(CampaignRecord),
        describe(CampaignContactRecord),
        describe(CampaignStatsRecord),
        describe(ContactAttemptRecord),
        describe(IdempotencyRecord),
        describe(PacingRecord),
        describe(QualityContactRecord),
        describe(QualityAggregateRecord),
        describe(CustomerContactRecord),
        describe(QaReviewRecord),
        describe(SurveyInvitationRecord),
    )
}

__all__ = [
    "ALL_TABLES",
    "AgentRecord",
    "CallbackBookingRecord",
    "CallbackHoldRecord",
    "CallbackSlotRecord",
    "CallbackVerificationRecord",
    "CampaignContactRecord",
    "CampaignRecord",
    "CampaignStatsRecord",
    "ContactAttemptRecord",
    "ContactRatingRecord",
    "CustomerContactRecord",
    "CustomerRecord",
    "IdempotencyRecord",
    "PacingRecord",
    "QaReviewRecord",
    "QualityAggregateRecord",
    "QualityContactRecord",
    "RateLimitRecord",
    "ScreeningRecord",
    "SurveyInvitationRecord",
    "TableSpec",
    "TicketRecord",
]
