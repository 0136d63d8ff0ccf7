"""Opening tickets and moving them through their life: status, owner, priority, notes."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError

from chalicelib import clock
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.phone import to_e164
from chalicelib.tables import writes
from chalicelib.tables.tickets import TicketRecord
from chalicelib.tickets import rules, store, surveys
from chalicelib.tickets.assignment import Assignment, choose_assignee
from chalicelib.tickets.opening_plan import (
    NextStep,
    OpeningPlan,
    TicketRequest,
    after_refusal,
    plan_opening,
    ticket_id_of,
)

_CREATE_FIELDS = {"phone", "category", "channel", "subject", "description", "priority", "assignee"}
_UPDATE_FIELDS = {"status", "assignee", "priority", "disposition"}
MAX_ASSIGNMENT_ATTEMPTS = 5


def open_ticket(request: TicketRequest) -> TicketRecord:
    """Store a new ticket, auto-assigned unless ``request.assignee`` is given; counts move in the same write.

    With ``contact_id`` (or ``origin``, the message that opened it: ``sms:<message id>``) the call
    is idempotent: the same contact or message always yields the same ticket.
    Auto-assignment never picks an agent in ``excluding`` (a low score's follow-up never goes to
    the agent who was rated), not even the owner of the caller's open ticket.
    """
    ticket_id = ticket_id_of(request)
    refused: set[str] = set(request.excluding)
    for _ in range(MAX_ASSIGNMENT_ATTEMPTS):
        chosen = (
            Assignment(request.assignee, "requested")
            if request.assignee
            else choose_assignee(request.phone, request.category, excluding=frozenset(refused))
        )
        plan = plan_opening(request, chosen, ticket_id=ticket_id, at=clock.utcnow())
        record = _record(request, plan)
        try:
            _write(record, plan.assignee)
            return record
        except TransactWriteError as error:
            step = after_refusal(request, ticket_exists=writes.item_refused(error, 0))
        except PutError as error:
            if not writes.condition_failed(error):
                raise
            step = after_refusal(request, ticket_exists=True)
        if step is NextStep.RETURN_EXISTING:
            return store.load(ticket_id)
        if step is NextStep.COLLISION:
            raise Conflict("ticket id collision; try again", code="busy")  # 48 random bits: not expected
        if step is NextStep.AGENT_UNAVAILABLE:
            raise Conflict(
                f"agent {request.assignee} is not an active agent in the directory", code="agent_unavailable"
            )
        assert plan.assignee is not None
        refused.add(plan.assignee)  # deactivated since we looked: choose again without them
    raise Conflict("no agent could take the ticket; try again", code="busy")


def _record(request: TicketRequest, plan: OpeningPlan) -> TicketRecord:
    record = TicketRecord(
        plan.ticket_id,
        phone=request.phone,
        email=request.email,
        channel=request.channel,
        category=request.category,
        priority=plan.priority,
        status=plan.status,
        subject=request.subject,
        description=request.description,
        assignee=plan.assignee,
        created_at=plan.at,
        updated_at=plan.at,
        due_at=plan.due_at,
        open_phone=request.phone,
        open_assignee=plan.assignee,
        contact_id=request.contact_id,
        recording_ref=request.recording_ref,
        history=list(plan.history),
    )
    record.open_list, record.open_order = plan.listing["open_list"], plan.listing["open_order"]
    return record


def _write(record: TicketRecord, counted_agent: str | None) -> None:
    """Store ``record`` unless its id is taken; with an agent, raise their count in the same write."""
    is_new = TicketRecord.ticket_id.does_not_exist()
    if counted_agent is None:
        record.save(condition=is_new)
        return
    with store.transaction() as transaction:
        transaction.save(record, condition=is_new)
        store.add_counter_updates(transaction, {counted_agent: 1}, {counted_agent})


def create_ticket(body: dict[str, Any], *, actor: str, channel: str | None = None) -> dict[str, Any]:
    """Open a ticket from an API body; ``channel`` forces the channel (self-service is always web)."""
    unknown = set(body) - _CREATE_FIELDS
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    if channel is not None and ({"assignee", "priority"} & set(body)):
        raise InvalidInput("assignee and priority are set by the contact centre")
    assignee = body.get("assignee")
    if assignee is not None and (not isinstance(assignee, str) or not assignee):
        raise InvalidInput("assignee must be an agent id")
    record = open_ticket(
        TicketRequest(
            phone=to_e164(str(body.get("phone") or "")),
            category=rules.validated_category(body.get("category")),
            channel=rules.validated_channel(channel or body.get("channel", "web")),
            actor=actor,
            subject=rules.validated_text(body.get("subject"), "subject", 200),
            description=rules.validated_text(body.get("description"), "description", 4000),
            priority=rules.validated_priority(body["priority"]) if "priority" in body else None,
            assignee=assignee,
        )
    )
    return store.to_dict(record)


def get_ticket(ticket_id: str) -> dict[str, Any]:
    return store.to_dict(store.load(ticket_id))


def _validated_update(body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - _UPDATE_FIELDS
    if unknown:
        raise InvalidInput(
            f"unknown field(s): {', '.join(sorted(unknown))}; PATCH takes status, assignee, priority, disposition"
        )
    if not body:
        raise InvalidInput("give at least one of status, assignee, priority, disposition")
    if "status" in body and body["status"] not in rules.STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(rules.STATUSES)}; got {body['status']!r}")
    if "assignee" in body and (not isinstance(body["assignee"], str) or not body["assignee"]):
        raise InvalidInput("assignee must be an agent id")
    if "priority" in body:
        rules.validated_priority(body["priority"])
    if "disposition" in body and body["disposition"] not in rules.DISPOSITIONS:
        raise InvalidInput(
            f"disposition must be one of {', '.join(rules.DISPOSITIONS)}; got {body['disposition']!r}",
            code="invalid_disposition",
        )
    return body


def update_ticket(ticket_id: str, body: dict[str, Any], *, actor: str) -> dict[str, Any]:
    """Change status, owner and/or priority in one versioned write; each change becomes history.

    The change that first resolves or closes a ticket also sends the customer the SMS survey.
    """
    wanted = _validated_update(body)
    survey_claimed = False

    def decide(record: TicketRecord) -> store.Change | None:
        nonlocal survey_claimed
        survey_claimed = False  # decided afresh on every attempt; the written one counts
        change = store.Change()
        at = clock.utcnow()
        assignee = record.assignee
        target = wanted.get("status")
        new_owner = wanted.get("assignee")
        if new_owner and new_owner != record.assignee:
            if record.status not in rules.OPEN_STATUSES:
                raise Conflict(
                    f"a {record.status} ticket must be reopened before it is reassigned",
                    code="invalid_transition",
                )
            action = "reassigned" if record.assignee else "assigned"
            change.history.append(store.entry(actor, action, {"from": record.assignee, "to": new_owner}, at))
            change.sets["assignee"] = assignee = new_owner
            change.requires_active.add(new_owner)
            if target is None and record.status in ("new", "reopened"):
                target = "assigned"
        if target is not None:
            rules.check_transition(record.status, target)
            if target in rules.OWNED_STATUSES and not assignee:
                raise Conflict(f"a ticket needs an assignee before it can be {target}", code="needs_assignee")
            detail: dict[str, Any] = {"from": record.status, "to": target}
            if surveys.survey_due(record, target):
                detail["survey"] = survey_claimed = True
            change.history.append(store.entry(actor, "status_changed", detail, at))
            change.sets["status"] = target
        status = change.sets.get("status", record.status)
        if "assignee" in change.sets or "status" in change.sets:
            is_open = status in rules.OPEN_STATUSES
            change.sets["open_assignee"] = assignee if is_open else None
            change.sets["open_phone"] = record.phone if is_open else None
        priority = wanted.get("priority")
        if priority is not None and priority != int(record.priority):
            due = rules.sla_due(record.created_at, record.category, priority)
            detail = {"from": int(record.priority), "to": priority, "due_at": due.isoformat()}
            change.history.append(store.entry(actor, "priority_changed", detail, at))
            change.sets.update(priority=priority, due_at=due)
        if "status" in change.sets or "due_at" in change.sets:
            change.sets.update(
                rules.open_list_keys(
                    change.sets.get("status", record.status), change.sets.get("due_at", record.due_at)
                )
            )
        disposition = wanted.get("disposition")
        if disposition is not None:
            change.history.append(store.entry(actor, "disposition", {"code": disposition}, at))
        if not change.history:
            return None
        change.sets["updated_at"] = at
        return change

    record = store.apply_change(ticket_id, decide)
    if survey_claimed:
        record = surveys.send_survey(record)
    return store.to_dict(record)


def add_note(ticket_id: str, body: dict[str, Any], *, actor: str) -> dict[str, Any]:
    """Append a note to the history; allowed in every status, closed included."""
    unknown = set(body) - {"text"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    text = rules.validated_text(body.get("text"), "text", 4000, required=True)

    def decide(record: TicketRecord) -> store.Change:
        at = clock.utcnow()
        return store.Change(sets={"updated_at": at}, history=[store.entry(actor, "note", {"text": text}, at)])

    return store.to_dict(store.apply_change(ticket_id, decide))
