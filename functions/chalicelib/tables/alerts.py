"""Supervisor alerts: one item per thing a supervisor should look at (a complaint ticket, a ticket
past its due time, a low satisfaction score), raised once, then acknowledged and resolved.

``open_list`` exists only until the alert is resolved, so the ``open-alerts`` index lists the
alerts still to work through, oldest first, with one query.
"""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.tables.base import TableModel


class OpenAlerts(GlobalSecondaryIndex["AlertRecord"]):
    class Meta:
        index_name = "open-alerts"
        projection = AllProjection()

    open_list = UnicodeAttribute(hash_key=True)  # "open" until resolved
    raised_at = UTCDateTimeAttribute(range_key=True)


class AlertRecord(TableModel):
    class Meta:
        logical_name = "supervisor-alerts"

    alert_id = UnicodeAttribute(hash_key=True)  # "<kind>#<subject>": raised once per subject
    kind = UnicodeAttribute()
    subject = UnicodeAttribute()  # what it is about, e.g. a ticket id
    title = UnicodeAttribute()
    raised_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()  # open | acknowledged | resolved
    acknowledged_by = UnicodeAttribute(null=True)
    acknowledged_at = UTCDateTimeAttribute(null=True)
    resolved_by = UnicodeAttribute(null=True)
    resolved_at = UTCDateTimeAttribute(null=True)
    open_list = UnicodeAttribute(null=True)

    open_alerts = OpenAlerts()
