"""Campaigns, their contacts, and the Connect contacts placed for them (or for callbacks)."""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.tables.base import physical_table_name


class CampaignRecord(Model):
    class Meta:
        table_env = "CAMPAIGNS_TABLE"
        logical_name = "campaigns"
        table_name = physical_table_name(table_env, logical_name)

    campaign_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    status = UnicodeAttribute(default="draft")
    definition = MapAttribute[str, object](default=dict)
    counters = MapAttribute[str, object](default=dict)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()


class ContactsByState(GlobalSecondaryIndex["CampaignContactRecord"]):
    """Contacts of a campaign by state (queued, waiting-window, done, refused ...)."""

    class Meta:
        index_name = "by-campaign-state"
        projection = KeysOnlyProjection()

    campaign_state = UnicodeAttribute(hash_key=True)  # "<campaign_id>#<state>"
    phone = UnicodeAttribute(range_key=True)


class CampaignContactRecord(Model):
    class Meta:
        table_env = "CAMPAIGN_CONTACTS_TABLE"
        logical_name = "campaign-contacts"
        table_name = physical_table_name(table_env, logical_name)

    campaign_id = UnicodeAttribute(hash_key=True)
    phone = UnicodeAttribute(range_key=True)
    state = UnicodeAttribute()
    campaign_state = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    variables = MapAttribute[str, object](default=dict)
    attempts = ListAttribute(of=MapAttribute, default=list)
    outcome = UnicodeAttribute(null=True)
    sms_sent_at = UTCDateTimeAttribute(null=True)
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    by_state = ContactsByState()


class ContactAttemptRecord(Model):
    """Maps an Amazon Connect ContactId back to what placed it (campaign contact or callback)."""

    class Meta:
        table_env = "CONTACT_ATTEMPTS_TABLE"
        logical_name = "contact-attempts"
        table_name = physical_table_name(table_env, logical_name)

    contact_id = UnicodeAttribute(hash_key=True)
    origin = UnicodeAttribute()  # "campaign" | "callback"
    origin_id = UnicodeAttribute()  # campaign id or booking id
    phone = UnicodeAttribute()
    attempt = NumberAttribute(default=1)
    placed_at = UTCDateTimeAttribute()
    outcome = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
