"""Campaigns, their contacts, their counters, and the Connect contacts placed for them.

``ContactAttemptRecord`` maps an Amazon Connect ContactId back to what placed it (a campaign
contact or a callback) and, through ``by-phone``, answers "how often was this number called
lately" for the attempt caps, across campaigns, without a scan.
"""

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
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.tables.base import TableModel


class CampaignRecord(TableModel):
    class Meta:
        logical_name = "campaigns"

    campaign_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    status = UnicodeAttribute(default="draft")
    #: {"campaign": validated definition document, "texts": rendered-template snapshot}
    definition = MapAttribute[str, object](default=dict)
    audience_key = UnicodeAttribute(null=True)
    loading = UnicodeAttribute(null=True)  # "pending" | "done" | "failed: <reason>"
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    launched_at = UTCDateTimeAttribute(null=True)
    version = VersionAttribute()


class CampaignStatsRecord(TableModel):
    """One atomic counter per campaign and figure (contacts loaded, dialled, per outcome, SMS ...)."""

    class Meta:
        logical_name = "campaign-stats"

    campaign_id = UnicodeAttribute(hash_key=True)
    figure = UnicodeAttribute(range_key=True)
    value = NumberAttribute(default=0)


class ContactsByState(GlobalSecondaryIndex["CampaignContactRecord"]):
    """Contacts of a campaign by state (queued, waiting, dialling, done, refused ...)."""

    class Meta:
        index_name = "by-campaign-state"
        projection = KeysOnlyProjection()

    campaign_state = UnicodeAttribute(hash_key=True)  # "<campaign_id>#<state>"
    phone = UnicodeAttribute(range_key=True)


class CampaignContactRecord(TableModel):
    class Meta:
        logical_name = "campaign-contacts"

    campaign_id = UnicodeAttribute(hash_key=True)
    phone = UnicodeAttribute(range_key=True)
    state = UnicodeAttribute()
    campaign_state = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    row = NumberAttribute(null=True)  # line of the audience file, for the refusal report
    language = UnicodeAttribute(null=True)
    voice = UnicodeAttribute(null=True)
    call_text = UnicodeAttribute(null=True)
    sms_text = UnicodeAttribute(null=True)
    timezone = UnicodeAttribute(null=True)
    region = UnicodeAttribute(null=True)  # e.g. US state, for state rule packs
    attempts = ListAttribute(of=MapAttribute, default=list)
    outcome = UnicodeAttribute(null=True)
    pressed_key = UnicodeAttribute(null=True)
    next_attempt_at = UTCDateTimeAttribute(null=True)
    sms_state = UnicodeAttribute(null=True)  # "claimed" then "sent" | "failed: ..."
    sms_message_id = UnicodeAttribute(null=True)
    sms_sent_at = UTCDateTimeAttribute(null=True)
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    by_state = ContactsByState()


class AttemptsByPhone(GlobalSecondaryIndex["ContactAttemptRecord"]):
    class Meta:
        index_name = "by-phone"
        projection = AllProjection()

    phone = UnicodeAttribute(hash_key=True)
    placed_at = UTCDateTimeAttribute(range_key=True)


class ContactAttemptRecord(TableModel):
    """Maps an Amazon Connect ContactId back to what placed it (campaign contact or callback)."""

    class Meta:
        logical_name = "contact-attempts"

    contact_id = UnicodeAttribute(hash_key=True)
    origin = UnicodeAttribute()  # "campaign" | "callback"
    origin_id = UnicodeAttribute()  # campaign id or booking id
    phone = UnicodeAttribute()
    attempt = NumberAttribute(default=1)
    purpose = UnicodeAttribute(null=True)  # campaign purpose, for caps across campaigns
    pacing_key = UnicodeAttribute(null=True)
    pacing_scopes = ListAttribute(of=UnicodeAttribute, null=True)
    placed_at = UTCDateTimeAttribute()
    outcome = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)

    by_phone = AttemptsByPhone()
