"""PynamoDB models: the single declaration of every table's keys, indexes and TTL.

CDK (``infra/``) and the local stack (``local/``) derive their tables from ``ALL_TABLES``.
"""

from __future__ import annotations

from chalicelib.tables.blacklist import ScreeningRecord
from chalicelib.tables.callbacks import CallbackBookingRecord, CallbackSlotRecord
from chalicelib.tables.campaigns import CampaignContactRecord, CampaignRecord, ContactAttemptRecord
from chalicelib.tables.customers import CustomerRecord
from chalicelib.tables.idempotency import IdempotencyRecord
from chalicelib.tables.schema import TableSpec, describe
from chalicelib.tables.tickets import TicketRecord

#: logical name -> (environment variable with the physical name, model)
ALL_TABLES: dict[str, TableSpec] = {
    spec.logical_name: spec
    for spec in (
        describe(CustomerRecord),
        describe(TicketRecord),
        describe(ScreeningRecord),
        describe(CallbackSlotRecord),
        describe(CallbackBookingRecord),
        describe(CampaignRecord),
        describe(CampaignContactRecord),
        describe(ContactAttemptRecord),
        describe(IdempotencyRecord),
    )
}

__all__ = [
    "ALL_TABLES",
    "CallbackBookingRecord",
    "CallbackSlotRecord",
    "CampaignContactRecord",
    "CampaignRecord",
    "ContactAttemptRecord",
    "CustomerRecord",
    "IdempotencyRecord",
    "ScreeningRecord",
    "TableSpec",
    "TicketRecord",
]
