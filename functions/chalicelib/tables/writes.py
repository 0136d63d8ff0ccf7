"""Conditional writes and transactions: the one place that knows how DynamoDB says "no".

Here a refused condition is rarely an error: it is another delivery, another writer or a full
slot that got there first. PynamoDB reports it on a single item as a ``PutError``, ``UpdateError``
or ``DeleteError`` caused by ``ConditionalCheckFailedException``, and on a transaction as a
``TransactWriteError`` whose cancellation reasons give one code per item, in the order PynamoDB
sends them (condition checks, deletes, puts, updates), ``None`` for an item that was fine::

    if not writes.update_if(record, [Record.status.set("done")], Record.status == "pending"):
        return False  # someone else finished it

    with writes.transaction(TicketRecord) as transaction:
        transaction.save(ticket, condition=TicketRecord.ticket_id.does_not_exist())
        ...

Transactions run on the first model's connection (the process's one DynamoDB client,
``tables.base``), so nobody else reaches PynamoDB's private ``_get_connection``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from pynamodb.connection import TableConnection
    from pynamodb.exceptions import PynamoDBException
    from pynamodb.expressions.condition import Condition
    from pynamodb.expressions.update import Action
    from pynamodb.models import Model
    from pynamodb.transactions import TransactWrite

#: A transaction's cancellation reason for an item whose condition failed.
CONDITION_FAILED = "ConditionalCheckFailed"
#: A transaction's cancellation reason for an item another transaction was writing.
TRANSACTION_CONFLICT = "TransactionConflict"
#: A transaction's cancellation reason for an item DynamoDB throttled.
THROTTLED = "ThrottlingError"

_CONDITION_FAILED_CAUSE = "ConditionalCheckFailedException"
_CONFLICT_CAUSE = "TransactionConflictException"


def condition_failed(error: PynamoDBException) -> bool:
    """A single-item write (put, update, delete) refused because its condition did not hold."""
    return error.cause_response_code == _CONDITION_FAILED_CAUSE


def lost_race(error: PynamoDBException) -> bool:
    """A single-item write refused because another writer changed the item first: its condition
    failed, or a transaction was writing the same item at that moment."""
    return error.cause_response_code in (_CONDITION_FAILED_CAUSE, _CONFLICT_CAUSE)


def _unless_refused(write: Callable[[], object]) -> bool:
    try:
        write()
    except (PutError, UpdateError, DeleteError) as error:
        if condition_failed(error):
            return False
        raise
    return True


def save_if(record: Model, condition: Condition) -> bool:
    """Put ``record`` if ``condition`` holds; False when it did not (nothing written)."""
    return _unless_refused(lambda: record.save(condition=condition))


def update_if(
    record: Model, actions: Sequence[Action], condition: Condition, *, add_version_condition: bool = True
) -> bool:
    """Update ``record`` if ``condition`` holds; False when it did not (nothing written)."""
    return _unless_refused(
        lambda: record.update(
            actions=list(actions), condition=condition, add_version_condition=add_version_condition
        )
    )


def delete_if(record: Model, condition: Condition) -> bool:
    """Delete ``record`` if ``condition`` holds; False when it did not (nothing deleted)."""
    return _unless_refused(lambda: record.delete(condition=condition))


def table_connection(model: type[Model]) -> TableConnection:
    """``model``'s table connection, on the process's shared client (``tables.base``): for the
    requests PynamoDB's model API does not offer (BatchGetItem pages, an update without a read)."""
    return model._get_connection()


def transaction(model: type[Model]) -> TransactWrite:
    """A write transaction on ``model``'s connection; it may span other tables of the product."""
    from pynamodb.transactions import TransactWrite  # first transaction only: not at cold start

    return TransactWrite(connection=table_connection(model).connection)


def cancellation_codes(error: TransactWriteError) -> list[str | None]:
    """One code per item of a cancelled transaction, in wire order (None: that item was fine).

    Empty when the transaction failed for another reason (throttled as a whole, a bad request).
    """
    return [reason.code if reason is not None else None for reason in error.cancellation_reasons or []]


def item_refused(error: TransactWriteError, index: int = 0) -> bool:
    """The condition of the transaction's item ``index`` (wire order) failed."""
    codes = cancellation_codes(error)
    return index < len(codes) and codes[index] == CONDITION_FAILED


def refused_items(error: TransactWriteError) -> set[int]:
    """The positions (wire order) of the items whose condition failed."""
    return {index for index, code in enumerate(cancellation_codes(error)) if code == CONDITION_FAILED}


def conflicted(error: TransactWriteError) -> bool:
    """Another transaction was writing one of the items: trying again may succeed."""
    return error.cause_response_code == _CONFLICT_CAUSE or TRANSACTION_CONFLICT in cancellation_codes(error)


class LabelledTransaction:
    """A transaction that remembers which item each cancellation reason belongs to, so a caller
    asks "did the slot's condition fail?" instead of counting PynamoDB's wire order."""

    _WIRE_ORDER = {"condition_check": 0, "delete": 1, "save": 2, "update": 3}

    def __init__(self, model: type[Model]) -> None:
        self.write = transaction(model)
        self._labels: list[tuple[int, int, str]] = []

    def add(self, kind: str, label: str, *args: Any, **kwargs: Any) -> None:
        """``kind`` is a TransactWrite method (condition_check, delete, save, update)."""
        getattr(self.write, kind)(*args, **kwargs)
        self._labels.append((self._WIRE_ORDER[kind], len(self._labels), label))

    def commit(self) -> None:
        with self.write:
            pass

    def failed(self, error: TransactWriteError) -> dict[str, str]:
        """label -> cancellation code, for the items that failed."""
        order = [label for _, _, label in sorted(self._labels)]
        return {
            label: code
            for label, code in zip(order, cancellation_codes(error), strict=False)
            if code and code != "None"
        }
