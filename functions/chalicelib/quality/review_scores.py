"""A QA review's score in the agent's KPI counters, exactly once, whatever replaces it.

Saving a review and adding its score to the daily counters (``qa_reviews``, ``qa_score_sum`` of
the agent's scope and of the centre's, on the reviewed contact's day) is one transaction,
conditional on the review the writer read: a replaced review adds only the difference of the
scores, two supervisors saving at once retry instead of counting twice, and ``qa_score`` (a KPI
like the others, ``kpis.RATIOS``) is the average score of the reviewed contacts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError

from chalicelib.errors import Conflict
from chalicelib.quality.aggregates import index_partition, stored_scope
from chalicelib.tables import writes
from chalicelib.tables.quality import QaReviewRecord, QualityAggregateRecord

if TYPE_CHECKING:
    from pynamodb.expressions.condition import Condition

MAX_ATTEMPTS = 10


def _previous(contact_id: str) -> QaReviewRecord | None:
    try:
        return QaReviewRecord.get(contact_id, consistent_read=True)
    except QaReviewRecord.DoesNotExist:
        return None


def counted_change(previous: QaReviewRecord | None, record: QaReviewRecord) -> dict[str, int]:
    """What replacing ``previous`` (counted only if it has a version) by ``record`` adds."""
    if previous is None or previous.version is None:
        return {"qa_reviews": 1, "qa_score_sum": int(record.score)}
    return {"qa_reviews": 0, "qa_score_sum": int(record.score) - int(previous.score)}


def _counter_update(scope: str, day: str, contact_id: str, change: dict[str, int]) -> tuple[Any, list[Any]]:
    dimension = scope.split("#", 1)[0]
    item = QualityAggregateRecord(stored_scope(scope, contact_id), day)
    attributes = QualityAggregateRecord.get_attributes()
    actions: list[Any] = [
        QualityAggregateRecord.dimension.set(index_partition(dimension, scope)),
        QualityAggregateRecord.day_scope.set(f"{day}#{scope}"),
    ]
    actions += [attributes[name].add(amount) for name, amount in sorted(change.items()) if amount]
    return item, actions


def save_counted(record: QaReviewRecord) -> None:
    """Save ``record`` (replacing the contact's earlier review) and count its score once."""
    for _ in range(MAX_ATTEMPTS):
        previous = _previous(record.contact_id)
        version = int(previous.version) if previous is not None and previous.version is not None else 0
        record.version = version + 1
        condition: Condition
        if previous is None:
            condition = QaReviewRecord.contact_id.does_not_exist()
        elif previous.version is None:
            condition = QaReviewRecord.version.does_not_exist()
        else:
            condition = QaReviewRecord.version == version
        change = counted_change(previous, record)
        try:
            with writes.transaction(QaReviewRecord) as transaction:
                transaction.save(record, condition=condition)
                if any(change.values()):
                    for scope in ("all", f"agent#{record.agent_id}"):
                        item, actions = _counter_update(scope, record.day, record.contact_id, change)
                        transaction.update(item, actions=actions)
        except TransactWriteError as error:
            if writes.item_refused(error, 0) or writes.conflicted(error):
                continue
            raise
        return
    raise Conflict(f"the review of contact {record.contact_id} kept changing; try again")
