"""Customer profiles, keyed by E.164 phone number."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.tables.base import TableModel


class ConsentFlags(MapAttribute[str, bool]):
    """What the customer agreed to be contacted about, per channel and purpose."""

    marketing_voice = BooleanAttribute(default=False)
    marketing_sms = BooleanAttribute(default=False)
    service_calls = BooleanAttribute(default=True)


class CustomerRecord(TableModel):
    class Meta:
        logical_name = "customers"

    phone = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(null=True)
    language = UnicodeAttribute(default="en-US")
    tier = UnicodeAttribute(default="normal")
    tags = UnicodeSetAttribute(null=True)
    consent = ConsentFlags(default=ConsentFlags)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
