"""Tickets: one item per ticket, its history appended in place under optimistic locking.

Indexes answer the hot questions without scans: a caller's open tickets (``open_phone``), an
agent's open tickets (``open_assignee``), every open ticket in list order (``open_list``), tickets by status ordered by due time (the overdue
list), and a caller's recent tickets of any status (``phone``, for the agent's one-line summary).
The ``open_*`` attributes exist only while the ticket is open, so those indexes stay small.
``phone`` is removed when a customer's personal data is erased, dropping the ticket from
``by-phone``.
"""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection

from chalicelib.tables.base import TableModel


class OpenTicketsByPhone(GlobalSecondaryIndex["TicketRecord"]):
    class Meta:
        index_name = "open-by-phone"
        projection = AllProjection()

    open_phone = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class OpenTicketsByAssignee(GlobalSecondaryIndex["TicketRecord"]):
    class Meta:
        index_name = "open-by-assignee"
        projection = AllProjection()

    open_assignee = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class TicketsByStatusDue(GlobalSecondaryIndex["TicketRecord"]):
    class Meta:
        index_name = "by-status-due"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    due_at = UTCDateTimeAttribute(range_key=True)


class OpenTicketsInListOrder(GlobalSecondaryIndex["TicketRecord"]):
    """Every open ticket in the order the open list shows them (status, then due time): a page of
    the list is one query, of the fields a list shows (not the history). Ticket changes come at
    human pace, so one partition takes them."""

    class Meta:
        index_name = "open-in-list-order"
        projection = IncludeProjection(
            [
                "phone",
                "channel",
                "category",
                "priority",
                "status",
                "subject",
                "assignee",
                "created_at",
                "due_at",
                "rating",
            ]
        )

    open_list = UnicodeAttribute(hash_key=True)  # "open" while the ticket is open
    open_order = UnicodeAttribute(range_key=True)  # "<status rank>#<due time>"


class TicketsByPhone(GlobalSecondaryIndex["TicketRecord"]):
    """Every ticket of a caller, newest last; projects just what a list or a summary shows."""

    class Meta:
        index_name = "by-phone"
        projection = IncludeProjection(
            ["channel", "category", "priority", "status", "subject", "assignee", "due_at", "rating"]
        )

    phone = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class HistoryEntry(MapAttribute[str, object]):
    """One change to a ticket: who, when, what."""

    at = UTCDateTimeAttribute()
    actor = UnicodeAttribute()
    action = UnicodeAttribute()
    detail = MapAttribute[str, object](default=dict)


class TicketRecord(TableModel):
    class Meta:
        logical_name = "tickets"

    ticket_id = UnicodeAttribute(hash_key=True)
    phone = UnicodeAttribute(null=True)  # absent once the customer's personal data is erased
    #: The customer's address on a ticket opened by email (the verified sender), replies go there.
    email = UnicodeAttribute(null=True)
    channel = UnicodeAttribute()
    category = UnicodeAttribute()
    priority = NumberAttribute()
    status = UnicodeAttribute()
    subject = UnicodeAttribute(default="")
    description = UnicodeAttribute(default="")
    assignee = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    due_at = UTCDateTimeAttribute()
    rating = NumberAttribute(null=True)
    rating_comment = UnicodeAttribute(null=True)
    #: The Amazon Connect contact that opened the ticket (IVR voicemail, missed callback), if any.
    contact_id = UnicodeAttribute(null=True)
    #: Where a voicemail's recording is kept (an S3 key or Connect recording reference).
    recording_ref = UnicodeAttribute(null=True)
    open_phone = UnicodeAttribute(null=True)
    open_assignee = UnicodeAttribute(null=True)
    open_list = UnicodeAttribute(null=True)
    open_order = UnicodeAttribute(null=True)
    history = ListAttribute(of=HistoryEntry, default=list)
    version = VersionAttribute()

    by_phone = TicketsByPhone()
    open_by_phone = OpenTicketsByPhone()
    open_by_assignee = OpenTicketsByAssignee()
    by_status_due = TicketsByStatusDue()
    open_in_list_order = OpenTicketsInListOrder()
