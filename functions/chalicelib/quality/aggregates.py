"""The daily KPI counters in DynamoDB, updated incrementally and exactly once per fact.

``apply`` folds new facts into a contact's record and adds only the change in that contact's
contribution to the counters, in one transaction with an optimistic-lock check on the contact's
record. A duplicated event changes no fact, so nothing is written; an out-of-order event changes
the contribution by exactly what it adds; two events racing on one contact retry, never both
count. Reading never scans: one query per scope, or one per dimension through an index.

No item is written by every event: the centre-wide ``all`` counters of a day are spread over
``ALL_SHARDS`` items (a contact always lands on the same one), and each dimension's index
partition over ``INDEX_SHARDS`` (a scope always lands on the same one); readers add them up.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from pynamodb.exceptions import TransactWriteError

from chalicelib.quality import facts as fact_rules
from chalicelib.settings import business_time_zone_name
from chalicelib.tables import writes
from chalicelib.tables.quality import QualityAggregateRecord, QualityContactRecord

MAX_ATTEMPTS = 10
RETENTION_S = 400 * 24 * 3600  # a contact's record outlives any late event or repeat window
COUNTERS: tuple[str, ...] = (
    "contacts",
    "queued",
    "answered",
    "answered_in_sl",
    "abandoned",
    "queue_wait_s",
    "handled",
    "handle_time_s",
    "ratings",
    "rating_sum",
    "ratings_good",
    "fcr_eligible",
    "fcr_repeated",
    "callbacks_due",
    "callbacks_kept",
    "campaign_calls",
    "campaign_answered",
    "campaign_heard",
    "campaign_key_pressed",
    "campaign_sms",
    "qa_reviews",
    "qa_score_sum",
)
DIMENSIONS = ("all", "queue", "agent", "campaign", "channel")
#: Items the centre-wide counters of one day are spread over (every contact event adds to one).
ALL_SHARDS = 8
#: Index partitions each dimension's scopes are spread over.
INDEX_SHARDS = 4


def _shard(key: str, shards: int) -> int:
    return zlib.crc32(key.encode()) % shards


def stored_scope(scope: str, contact_id: str) -> str:
    """The item a contact's counters of ``scope`` go to: ``all`` is spread by contact."""
    return f"all~{_shard(contact_id, ALL_SHARDS)}" if scope == "all" else scope


def stored_scopes(scope: str) -> list[str]:
    """Every item that holds part of ``scope``'s counters."""
    return [f"all~{shard}" for shard in range(ALL_SHARDS)] if scope == "all" else [scope]


def index_partition(dimension: str, scope: str) -> str:
    """The ``by-dimension-day`` partition of a scope: its dimension, spread by scope."""
    return f"{dimension}#{_shard(scope, INDEX_SHARDS)}"


def index_partitions(dimension: str) -> list[str]:
    return [f"{dimension}#{shard}" for shard in range(INDEX_SHARDS)]


class ConcurrentUpdates(Exception):
    """Other writers kept changing the contact; the event is retried by its delivery."""


@dataclass(frozen=True)
class Applied:
    contact_id: str
    before: dict[str, Any]
    facts: dict[str, Any]
    delta: fact_rules.Contribution = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.before != self.facts


@lru_cache(maxsize=1)
def business_zone() -> tzinfo:
    """Days are the centre's days (``BUSINESS_TIME_ZONE``)."""
    return ZoneInfo(business_time_zone_name())


def load_facts(contact_id: str) -> dict[str, Any]:
    try:
        record = QualityContactRecord.get(contact_id, consistent_read=True)
    except QualityContactRecord.DoesNotExist:
        return {}
    return dict(json.loads(record.facts))


def apply(contact_id: str, update: Mapping[str, Any], *, at: float, zone: tzinfo | None = None) -> Applied:
    """Fold ``update`` (facts observed at epoch ``at``) into the contact and its counters, once."""
    zone = zone or business_zone()
    for _ in range(MAX_ATTEMPTS):
        try:
            record: QualityContactRecord | None = QualityContactRecord.get(contact_id, consistent_read=True)
        except QualityContactRecord.DoesNotExist:
            record = None
        before = dict(json.loads(record.facts)) if record else {}
        applied = dict(json.loads(record.contribution)) if record else {}
        merged, wanted, delta = fact_rules.fold(before, applied, update, at=at, zone=zone)
        if merged == before:
            return Applied(contact_id, before, merged)
        if _write(contact_id, record, merged, wanted, delta, zone):
            return Applied(contact_id, before, merged, delta)
    raise ConcurrentUpdates(f"contact {contact_id} kept changing; giving up this delivery")


def _write(
    contact_id: str,
    record: QualityContactRecord | None,
    merged: dict[str, Any],
    wanted: fact_rules.Contribution,
    delta: fact_rules.Contribution,
    zone: tzinfo,
) -> bool:
    """One transaction: the contact's new state (if unchanged since read) and the counters' deltas."""
    version = int(record.version) if record else 0
    agent = merged.get("agent") if merged.get("kind", fact_rules.CONTACT) == fact_rules.CONTACT else None
    updated = QualityContactRecord(
        contact_id,
        facts=json.dumps(merged, sort_keys=True),
        contribution=json.dumps(wanted, sort_keys=True),
        version=version + 1,
        agent_id=agent or None,
        day_contact=f"{fact_rules.day_of(merged, zone)}#{contact_id}" if agent else None,
        expires_at=timedelta(seconds=RETENTION_S),
    )
    condition = (
        QualityContactRecord.version == version
        if record
        else QualityContactRecord.contact_id.does_not_exist()
    )
    if not delta:
        return writes.save_if(updated, condition)
    try:
        with writes.transaction(QualityContactRecord) as transaction:
            transaction.save(updated, condition=condition)
            for key, changes in sorted(delta.items()):
                day, scope = key.split("|", 1)
                dimension = scope.split("#", 1)[0]
                item = QualityAggregateRecord(stored_scope(scope, contact_id), day)
                actions: list[Any] = [
                    QualityAggregateRecord.dimension.set(index_partition(dimension, scope)),
                    QualityAggregateRecord.day_scope.set(f"{day}#{scope}"),
                ]
                attributes = QualityAggregateRecord.get_attributes()
                actions += [attributes[name].add(amount) for name, amount in sorted(changes.items())]
                transaction.update(item, actions=actions)
    except TransactWriteError as error:
        if writes.item_refused(error, 0) or writes.conflicted(error):
            return False
        raise
    return True


@dataclass(frozen=True)
class DayCounters:
    scope: str
    day: str
    counters: dict[str, float]

    @property
    def dimension(self) -> str:
        return self.scope.split("#", 1)[0]

    @property
    def name(self) -> str:
        return self.scope.split("#", 1)[1] if "#" in self.scope else "all"


def _counters_of(record: QualityAggregateRecord) -> dict[str, float]:
    values = {name: float(getattr(record, name) or 0) for name in COUNTERS}
    return {name: int(value) if value.is_integer() else value for name, value in values.items()}


def _logical(record: QualityAggregateRecord) -> DayCounters:
    """A stored item as its scope's counters (``day_scope`` names the scope, whatever the shard)."""
    scope = (record.day_scope or "").split("#", 1)[1] if record.day_scope else record.scope
    return DayCounters(scope, record.day, _counters_of(record))


def merged(rows: Iterable[DayCounters]) -> list[DayCounters]:
    """One row per scope and day: the shards of a scope's day added up."""
    totals: dict[tuple[str, str], dict[str, float]] = {}
    for row in rows:
        into = totals.setdefault((row.scope, row.day), dict.fromkeys(COUNTERS, 0))
        for name, value in row.counters.items():
            into[name] = into.get(name, 0) + value
    return [DayCounters(scope, day, counters) for (scope, day), counters in sorted(totals.items())]


def read_partition(partition: str, day_from: str, day_to: str) -> list[DayCounters]:
    """The scopes of one ``by-dimension-day`` partition (``index_partitions``) on those days."""
    query = QualityAggregateRecord.by_dimension_day.query(
        partition,
        QualityAggregateRecord.day_scope.between(f"{day_from}#", f"{day_to}#\uffff"),
    )
    return merged(_logical(record) for record in query)


def read_dimension(dimension: str, day_from: str, day_to: str) -> list[DayCounters]:
    """Every scope of ``dimension`` with counters on the days ``day_from``..``day_to`` (inclusive)."""
    rows = [
        row
        for partition in index_partitions(dimension)
        for row in read_partition(partition, day_from, day_to)
    ]
    return sorted(rows, key=lambda row: (row.scope, row.day))


def read_scope(scope: str, day_from: str, day_to: str) -> list[DayCounters]:
    rows = (
        _logical(record)
        for stored in stored_scopes(scope)
        for record in QualityAggregateRecord.query(
            stored, QualityAggregateRecord.day.between(day_from, day_to), consistent_read=True
        )
    )
    return merged(rows)
