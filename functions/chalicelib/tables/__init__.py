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
    from chalicelib.tables.agents import AgentRecord as AgentRecord
    from chalicelib.tables.alerts import AlertRecord as AlertRecord
    from chalicelib.tables.blacklist import ScreeningRecord as ScreeningRecord
    from chalicelib.tables.callbacks import CallbackBookingRecord as CallbackBookingRecord
    from chalicelib.tables.callbacks import CallbackHoldRecord as CallbackHoldRecord
    from chalicelib.tables.callbacks import CallbackSlotRecord as CallbackSlotRecord
    from chalicelib.tables.callbacks import CallbackVerificationRecord as CallbackVerificationRecord
    from chalicelib.tables.campaigns import CampaignContactRecord as CampaignContactRecord
    from chalicelib.tables.campaigns import CampaignRecord as CampaignRecord
    from chalicelib.tables.campaigns import CampaignStatsRecord as CampaignStatsRecord
    from chalicelib.tables.campaigns import ContactAttemptRecord as ContactAttemptRecord
    from chalicelib.tables.contact_ratings import ContactRatingRecord as ContactRatingRecord
    from chalicelib.tables.customers import CustomerRecord as CustomerRecord
    from chalicelib.tables.idempotency import IdempotencyRecord as IdempotencyRecord
    from chalicelib.tables.knowledge import KnowledgeRecord as KnowledgeRecord
    from chalicelib.tables.pacing import PacingRecord as PacingRecord
    from chalicelib.tables.quality import CustomerContactRecord as CustomerContactRecord
    from chalicelib.tables.quality import QaReviewRecord as QaReviewRecord
    from chalicelib.tables.quality import QualityAggregateRecord as QualityAggregateRecord
    from chalicelib.tables.quality import QualityContactRecord as QualityContactRecord
    from chalicelib.tables.quality import SurveyInvitationRecord as SurveyInvitationRecord
    from chalicelib.tables.rate_limits import RateLimitRecord as RateLimitRecord
    from chalicelib.tables.schema import TableSpec as TableSpec
    from chalicelib.tables.tickets import TicketRecord as TicketRecord

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
    "AlertRecord",
)


def _all_tables() -> dict[str, TableSpec]:
    """logical name -> TableSpec (model, keys, indexes, TTL)."""
    from chalicelib.tables.schema import describe  # CDK and the local stack need it; Lambdas never

    specs = (describe(_model(name)) for name in _TABLE_ORDER)
    return {spec.logical_name: spec for spec in specs}


_model = lazy_exports(__name__)


def __getattr__(name: str) -> Any:
    if name == "ALL_TABLES":
        globals()[name] = _all_tables()
        return globals()[name]
    return _model(name)


if TYPE_CHECKING:
    ALL_TABLES: dict[str, TableSpec]
