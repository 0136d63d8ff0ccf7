"""PynamoDB models: the single declaration of every table's keys, indexes and TTL.

CDK (``infra/``) and the local stack (``local/``) derive their tables from ``ALL_TABLES``.

Models are imported when first named (``from chalicelib.tables import TicketRecord`` loads only
the tickets module; ``chalicelib.lazy_exports``): a Lambda that reads one table does not build
twenty model classes at cold start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.lazy_exports import lazy_exports

if TYPE_CHECKING:
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
    from chalicelib.tables.knowledge import KnowledgeRecord
    from chalicelib.tables.pacing import PacingRecord
    from chalicelib.tables.quality import (
        CustomerContactRecord,
        QaReviewRecord,
        QualityAggregateRecord,
        QualityContactRecord,
        SurveyInvitationRecord,
    )
    from chalicelib.tables.rate_limits import RateLimitRecord
    from chalicelib.tables.schema import TableSpec
    from chalicelib.tables.tickets import TicketRecord

#: model name -> module that declares it
_MODELS: dict[str, str] = {
    "AgentRecord": "chalicelib.tables.agents",
    "CallbackBookingRecord": "chalicelib.tables.callbacks",
    "CallbackHoldRecord": "chalicelib.tables.callbacks",
    "CallbackSlotRecord": "chalicelib.tables.callbacks",
    "CallbackVerificationRecord": "chalicelib.tables.callbacks",
    "CampaignContactRecord": "chalicelib.tables.campaigns",
    "CampaignRecord": "chalicelib.tables.campaigns",
    "CampaignStatsRecord": "chalicelib.tables.campaigns",
    "ContactAttemptRecord": "chalicelib.tables.campaigns",
    "ContactRatingRecord": "chalicelib.tables.contact_ratings",
    "CustomerContactRecord": "chalicelib.tables.quality",
    "CustomerRecord": "chalicelib.tables.customers",
    "IdempotencyRecord": "chalicelib.tables.idempotency",
    "KnowledgeRecord": "chalicelib.tables.knowledge",
    "PacingRecord": "chalicelib.tables.pacing",
    "QaReviewRecord": "chalicelib.tables.quality",
    "QualityAggregateRecord": "chalicelib.tables.quality",
    "QualityContactRecord": "chalicelib.tables.quality",
    "RateLimitRecord": "chalicelib.tables.rate_limits",
    "ScreeningRecord": "chalicelib.tables.blacklist",
    "SurveyInvitationRecord": "chalicelib.tables.quality",
    "TicketRecord": "chalicelib.tables.tickets",
}
#: the tables, in the order CDK creates them
_TABLE_ORDER: tuple[str, ...] = (
    "CustomerRecord",
    "TicketRecord",
    "AgentRecord",
    "ContactRatingRecord",
    "RateLimitRecord",
    "ScreeningRecord",
    "CallbackSlotRecord",
    "CallbackBookingRecord",
    "CallbackHoldRecord",
    "CallbackVerificationRecord",
    "CampaignRecord",
    "CampaignContactRecord",
    "CampaignStatsRecord",
    "ContactAttemptRecord",
    "IdempotencyRecord",
    "PacingRecord",
    "QualityContactRecord",
    "QualityAggregateRecord",
    "CustomerContactRecord",
    "QaReviewRecord",
    "SurveyInvitationRecord",
    "KnowledgeRecord",
)


def _all_tables() -> dict[str, TableSpec]:
    """logical name -> TableSpec (model, keys, indexes, TTL)."""
    from chalicelib.tables.schema import describe  # CDK and the local stack need it; Lambdas never

    specs = (describe(_model(name)) for name in _TABLE_ORDER)
    return {spec.logical_name: spec for spec in specs}


_model = lazy_exports(__name__, _MODELS)


def __getattr__(name: str) -> Any:
    if name == "ALL_TABLES":
        globals()[name] = _all_tables()
        return globals()[name]
    return _model(name)


if TYPE_CHECKING:
    ALL_TABLES: dict[str, TableSpec]

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
    "KnowledgeRecord",
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
