"""Satisfaction ratings given at the end of a call, one per Amazon Connect contact.

Keyed by contact id so a redelivered flow invocation stores the same rating once. Holds no
phone number: nothing here needs erasing when a customer asks.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.tables.base import TableModel


class ContactRatingRecord(TableModel):
    class Meta:
        logical_name = "contact-ratings"

    contact_id = UnicodeAttribute(hash_key=True)
    rating = NumberAttribute()
    ticket_id = UnicodeAttribute(null=True)
    rated_at = UTCDateTimeAttribute()
