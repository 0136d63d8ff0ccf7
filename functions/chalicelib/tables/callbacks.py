"""Callback slots (capacity counters) and bookings."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.tables.base import physical_table_name


class CallbackSlotRecord(Model):
    """How many bookings a slot holds; booking is a conditional increment below capacity."""

    class Meta:
        table_env = "CALLBACK_SLOTS_TABLE"
        logical_name = "callback-slots"
        table_name = physical_table_name(table_env, logical_name)

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


class CallbackBookingRecord(Model):
    class Meta:
        table_env = "CALLBACK_BOOKINGS_TABLE"
        logical_name = "callback-bookings"
        table_name = physical_table_name(table_env, logical_name)

    booking_id = UnicodeAttribute(hash_key=True)
    phone = UnicodeAttribute()
    queue = UnicodeAttribute()
    starts_at = UnicodeAttribute()
    reason = UnicodeAttribute(default="")
    language = UnicodeAttribute(default="en-US")
    status = UnicodeAttribute(default="booked")
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute(null=True)

    by_phone = BookingsByPhone()
