"""Callback slots (capacity counters), bookings, per-customer holds and SMS verifications."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.tables.base import TableModel


class CallbackSlotRecord(TableModel):
    """How many bookings a slot holds; booking is a conditional increment below capacity."""

    class Meta:
        logical_name = "callback-slots"

    queue = UnicodeAttribute(hash_key=True)
    starts_at = UnicodeAttribute(range_key=True)  # ISO-8601 UTC, sortable
    capacity = NumberAttribute()
    booked = NumberAttribute(default=0)
    expires_at = TTLAttribute(null=True)


class BookingsByPhone(GlobalSecondaryIndex["CallbackBookingRecord"]):
    class Meta:
        index_name = "by-phone"
        projection = AllProjection()

    phone = UnicodeAttribute(hash_key=True)
    starts_at = UnicodeAttribute(range_key=True)


class BookingsByContact(GlobalSecondaryIndex["CallbackBookingRecord"]):
    """Contact events name the Connect contact; this finds the booking that placed it."""

    class Meta:
        index_name = "by-contact"
        projection = AllProjection()

    contact_id = UnicodeAttribute(hash_key=True)


class CallbackBookingRecord(TableModel):
    """One booked callback. ``status``: booked -> calling -> completed | missed | refused, or cancelled."""

    class Meta:
        logical_name = "callback-bookings"

    booking_id = UnicodeAttribute(hash_key=True)
    phone = UnicodeAttribute()
    queue = UnicodeAttribute()
    starts_at = UnicodeAttribute()
    ends_at = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(default="")
    language = UnicodeAttribute(default="en-US")
    customer_time_zone = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(default="web")  # web | ivr
    status = UnicodeAttribute(default="booked")
    #: calls placed so far; each attempt has its own Connect ClientToken
    attempts = NumberAttribute(default=0)
    contact_id = UnicodeAttribute(null=True)
    outcome = UnicodeAttribute(null=True)
    ticket_id = UnicodeAttribute(null=True)
    schedule_name = UnicodeAttribute(null=True)
    #: work the last status change still owes (an outbox of one): ``schedule`` the retry at
    #: ``retry_at``, open the missed ``ticket``, send the missed ``sms``; cleared once done
    follow_up = UnicodeAttribute(null=True)
    retry_at = UTCDateTimeAttribute(null=True)
    reminder_sent = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute(null=True)

    by_phone = BookingsByPhone()
    by_contact = BookingsByContact()


class CallbackHoldRecord(TableModel):
    """A customer's claim that no second booking may take: ``queue#<queue>`` (one pending callback
    per queue) and ``slot#<starts_at>`` (never two calls at once). Written in the booking's
    transaction; an expired hold counts as free even before DynamoDB's TTL sweeps it."""

    class Meta:
        logical_name = "callback-holds"

    phone = UnicodeAttribute(hash_key=True)
    hold = UnicodeAttribute(range_key=True)
    booking_id = UnicodeAttribute()
    expires_at = TTLAttribute()


class CallbackVerificationRecord(TableModel):
    """A one-time SMS code (only its salted hash is stored), or a number's recent sends (``rate#``)."""

    class Meta:
        logical_name = "callback-verifications"

    key = UnicodeAttribute(hash_key=True)  # "code#<verification id>" | "rate#<sha256 of the number>"
    phone = UnicodeAttribute(null=True)
    code_hash = UnicodeAttribute(null=True)
    salt = UnicodeAttribute(null=True)
    failed_attempts = NumberAttribute(null=True)
    verified = BooleanAttribute(null=True)
    used_by = UnicodeAttribute(null=True)  # the booking this verification confirmed
    sent_at = ListAttribute(of=NumberAttribute, null=True)  # rate items: epoch seconds of each send
    revision = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)
