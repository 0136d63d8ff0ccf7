"""Quality supervision: what is known about each contact, the daily KPI counters, QA reviews.

The aggregates are sums of per-contact contributions. Each contact's record keeps the facts
seen so far and the contribution already added to the counters, so an event that adds nothing
new (a duplicate) changes nothing, and a late event (out of order) only adds the difference.
"""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.tables.base import TableModel


class ContactsByAgentDay(GlobalSecondaryIndex["QualityContactRecord"]):
    """An agent's contacts by day: the population QA samples are drawn from."""

    class Meta:
        index_name = "by-agent-day"
        projection = KeysOnlyProjection()

    agent_id = UnicodeAttribute(hash_key=True)
    day_contact = UnicodeAttribute(range_key=True)  # "YYYY-MM-DD#<contact id>"


class QualityContactRecord(TableModel):
    """One per Amazon Connect contact (or per callback booking / campaign SMS, see ``quality.facts``)."""

    class Meta:
        logical_name = "quality-contacts"

    contact_id = UnicodeAttribute(hash_key=True)
    facts = UnicodeAttribute()  # JSON: quality.facts.Facts
    contribution = UnicodeAttribute()  # JSON: {"<day>|<scope>": {"<counter>": n}} already applied
    version = NumberAttribute()  # optimistic lock: a concurrent merge retries instead of losing facts
    agent_id = UnicodeAttribute(null=True)
    day_contact = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)

    by_agent_day = ContactsByAgentDay()


class AggregatesByDimensionDay(GlobalSecondaryIndex["QualityAggregateRecord"]):
    """Every queue (agent, campaign) of a date range in one query, without a scan."""

    class Meta:
        index_name = "by-dimension-day"
        projection = AllProjection()

    dimension = UnicodeAttribute(hash_key=True)  # "<dimension>#<index shard>", e.g. "queue#2"
    day_scope = UnicodeAttribute(range_key=True)  # "YYYY-MM-DD#<scope>"


class QualityAggregateRecord(TableModel):
    """Counters of one day for one scope (``all``, ``queue#<id>``, ``agent#<id>``, ``campaign#<id>``).

    Only added to (DynamoDB ADD), never read-modify-written, so concurrent contacts do not collide.
    """

    class Meta:
        logical_name = "quality-aggregates"

    scope = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
    dimension = UnicodeAttribute(null=True)
    day_scope = UnicodeAttribute(null=True)

    contacts = NumberAttribute(default=0)
    queued = NumberAttribute(default=0)
    answered = NumberAttribute(default=0)
    answered_in_sl = NumberAttribute(default=0)
    abandoned = NumberAttribute(default=0)
    queue_wait_s = NumberAttribute(default=0)
    handled = NumberAttribute(default=0)
    handle_time_s = NumberAttribute(default=0)
    ratings = NumberAttribute(default=0)
    rating_sum = NumberAttribute(default=0)
    ratings_good = NumberAttribute(default=0)
    fcr_eligible = NumberAttribute(default=0)
    fcr_repeated = NumberAttribute(default=0)
    callbacks_due = NumberAttribute(default=0)
    callbacks_kept = NumberAttribute(default=0)
    campaign_calls = NumberAttribute(default=0)
    campaign_answered = NumberAttribute(default=0)
    campaign_heard = NumberAttribute(default=0)
    campaign_key_pressed = NumberAttribute(default=0)
    campaign_sms = NumberAttribute(default=0)
    qa_reviews = NumberAttribute(default=0)
    qa_score_sum = NumberAttribute(default=0)

    by_dimension_day = AggregatesByDimensionDay()


class CustomerContactRecord(TableModel):
    """A customer's recent contacts (first-contact resolution looks 7 days either side).

    Keyed by a hash of the phone number, so the number itself is not stored here.
    """

    class Meta:
        logical_name = "quality-customer-contacts"

    customer_key = UnicodeAttribute(hash_key=True)
    at_contact = UnicodeAttribute(range_key=True)  # "<ISO time>#<contact id>"
    expires_at = TTLAttribute(null=True)


class QaReviewRecord(TableModel):
    """A supervisor's review of one contact (kept against the contact id)."""

    class Meta:
        logical_name = "qa-reviews"

    contact_id = UnicodeAttribute(hash_key=True)
    agent_id = UnicodeAttribute()
    day = UnicodeAttribute()
    score = NumberAttribute()  # 0-100
    notes = UnicodeAttribute(null=True)
    reviewer = UnicodeAttribute()
    reviewed_at = UTCDateTimeAttribute()
    ratings = UnicodeAttribute(null=True)  # JSON: criterion id -> points (quality/criteria.json)
    #: set once the score is in the agent's KPI counters (qa_reviews, qa_score_sum); a review
    #: stored before the counters existed has none, and is counted when it is next replaced
    version = NumberAttribute(null=True)


class SurveyInvitationRecord(TableModel):
    """The SMS survey a phone number was last asked to answer ("reply 1-5"), and its answer."""

    class Meta:
        logical_name = "survey-invitations"

    phone = UnicodeAttribute(hash_key=True)
    subject = UnicodeAttribute()  # "contact#<id>" | "ticket#<id>"
    contact_id = UnicodeAttribute(null=True)  # whose KPIs the answer counts towards
    ticket_id = UnicodeAttribute(null=True)
    sent_at = UTCDateTimeAttribute()
    rating = NumberAttribute(null=True)
    answered_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
