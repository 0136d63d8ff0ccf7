"""Finding tickets through indexes (never a scan), a page at a time with an opaque ``next`` token.

Each listing reads one index partition, so a page is one query; ``status=open`` reads the
``open-in-list-order`` index (status, then due time). The token records the partition and where
in it to resume.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.pagination import ResultIterator

from chalicelib import clock
from chalicelib.errors import InvalidInput
from chalicelib.phone import to_e164
from chalicelib.tables.tickets import TicketRecord
from chalicelib.tickets import rules, store

DEFAULT_PAGE = 25
MAX_PAGE = 100

Partition = Callable[[dict[str, Any] | None, int], ResultIterator[TicketRecord]]


@dataclass(frozen=True)
class Filters:
    phone: str | None = None
    assignee: str | None = None
    status: str | None = None  # a status, or "open"
    due_before: datetime | None = None


def encode_token(partition: int, key: dict[str, Any]) -> str:
    """Sealed with the stage's key: a client cannot forge a start key DynamoDB would refuse."""
    from chalicelib import signing

    return signing.seal({"p": partition, "k": key})


def decode_token(token: str) -> tuple[int, dict[str, Any]]:
    from chalicelib import signing

    data = signing.unseal(token)
    try:
        if data is None:
            raise ValueError(token)
        return int(data["p"]), dict(data["k"])
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("next is not a token this API issued", code="invalid_token") from None


def page(partitions: list[Partition], limit: int, token: str | None) -> tuple[list[TicketRecord], str | None]:
    """Up to ``limit`` items from the partitions in turn, resuming where ``token`` left off."""
    start, key = decode_token(token) if token else (0, None)
    if start >= len(partitions):
        raise InvalidInput("next is not a token this API issued", code="invalid_token")
    items: list[TicketRecord] = []
    for index in range(start, len(partitions)):
        results = partitions[index](key if index == start else None, limit - len(items))
        items.extend(results)
        last = results.last_evaluated_key
        if len(items) >= limit:
            if last:
                return items, encode_token(index, last)
            return items, (encode_token(index + 1, {}) if index + 1 < len(partitions) else None)
    return items, None


def _by_phone(phone: str, status: str | None, assignee: str | None) -> list[Partition]:
    if status == "open":
        condition = TicketRecord.assignee == assignee if assignee else None
        return [
            lambda key, limit: TicketRecord.open_by_phone.query(
                phone,
                filter_condition=condition,
                scan_index_forward=False,
                limit=limit,
                last_evaluated_key=key or None,
            )
        ]
    condition = None
    if status:
        condition = TicketRecord.status == status
    if assignee:
        condition = (
            (TicketRecord.assignee == assignee) & condition
            if condition is not None
            else TicketRecord.assignee == assignee
        )
    return [
        lambda key, limit: TicketRecord.by_phone.query(
            phone,
            filter_condition=condition,
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=key or None,
        )
    ]


def _by_assignee(assignee: str, status: str | None) -> list[Partition]:
    if status not in (None, "open") and status not in rules.OPEN_STATUSES:
        raise InvalidInput(
            "an agent's list holds open tickets only; add phone to see resolved or closed ones"
        )
    condition = TicketRecord.status == status if status not in (None, "open") else None
    return [
        lambda key, limit: TicketRecord.open_by_assignee.query(
            assignee,
            filter_condition=condition,
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=key or None,
        )
    ]


def _open_in_list_order(due_before: datetime | None) -> list[Partition]:
    """Every open ticket, status by status and most overdue first: one partition, one query a page
    (with ``due_before``, the tickets due later are filtered out of what that query reads)."""
    condition = TicketRecord.due_at < due_before if due_before else None
    return [
        lambda key, limit: TicketRecord.open_in_list_order.query(
            "open", filter_condition=condition, limit=limit, last_evaluated_key=key or None
        )
    ]


def _by_status(statuses: Iterable[str], due_before: datetime | None) -> list[Partition]:
    condition = TicketRecord.due_at < due_before if due_before else None

    def partition(status: str) -> Partition:
        return lambda key, limit: TicketRecord.by_status_due.query(
            status, range_key_condition=condition, limit=limit, last_evaluated_key=key or None
        )

    return [partition(status) for status in statuses]


def partitions_for(filters: Filters) -> list[Partition]:
    if filters.status not in (None, "open") and filters.status not in rules.STATUSES:
        raise InvalidInput(
            f"status must be open or one of {', '.join(rules.STATUSES)}; got {filters.status!r}"
        )
    if filters.phone:
        return _by_phone(filters.phone, filters.status, filters.assignee)
    if filters.assignee:
        return _by_assignee(filters.assignee, filters.status)
    if filters.status == "open":
        return _open_in_list_order(filters.due_before)
    if filters.status:
        return _by_status((filters.status,), filters.due_before)
    raise InvalidInput("give at least one filter: phone, assignee or status")


def list_tickets(params: dict[str, str], now: datetime | None = None) -> dict[str, Any]:
    """``GET /tickets``: ``phone``, ``assignee``, ``status`` (or ``open``), ``overdue=true`` or
    ``due_before`` (with status only), ``limit`` (1-100), ``next``.

    Returns ``{"items": [...], "next": token-or-null}``.
    """
    unknown = set(params) - {"phone", "assignee", "status", "overdue", "due_before", "limit", "next"}
    if unknown:
        raise InvalidInput(f"unknown filter(s): {', '.join(sorted(unknown))}")
    due_before = _due_before(params, now or clock.utcnow())
    if due_before and (params.get("phone") or params.get("assignee") or not params.get("status")):
        raise InvalidInput("overdue and due_before go with status alone (e.g. status=open&overdue=true)")
    filters = Filters(
        phone=to_e164(params["phone"]) if params.get("phone") else None,
        assignee=params.get("assignee") or None,
        status=params.get("status") or None,
        due_before=due_before,
    )
    limit = _limit(params.get("limit"))
    items, token = page(partitions_for(filters), limit, params.get("next") or None)
    return {"items": [store.summary_dict(item) for item in items], "next": token}


def _due_before(params: dict[str, str], now: datetime) -> datetime | None:
    if params.get("overdue") not in (None, "", "true", "false"):
        raise InvalidInput("overdue must be true or false")
    if params.get("overdue") == "true":
        return now
    if params.get("due_before"):
        try:
            moment = datetime.fromisoformat(params["due_before"])
        except ValueError:
            raise InvalidInput(
                "due_before must be an ISO-8601 time with a zone, e.g. 2026-05-01T12:00:00+00:00"
            ) from None
        if moment.tzinfo is None:
            raise InvalidInput("due_before needs a time zone, e.g. 2026-05-01T12:00:00+00:00")
        return moment
    return None


def _limit(raw: str | None) -> int:
    if not raw:
        return DEFAULT_PAGE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise InvalidInput(f"limit must be a whole number from 1 to {MAX_PAGE}")
    return int(raw)


def open_tickets_of_phone(phone: str) -> list[TicketRecord]:
    """A caller's open tickets, newest first."""
    return list(TicketRecord.open_by_phone.query(phone, scan_index_forward=False))


def recent_tickets_of_phone(phone: str, count: int = 3) -> list[TicketRecord]:
    """A caller's latest tickets of any status (index projection: the summary fields only)."""
    return list(TicketRecord.by_phone.query(phone, scan_index_forward=False, limit=count))


def overdue_tickets(now: datetime, limit: int = MAX_PAGE) -> list[TicketRecord]:
    """Open tickets past their due time, most overdue first within each status."""
    items, _ = page(_open_in_list_order(now), limit, None)
    return items
