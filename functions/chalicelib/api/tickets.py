"""Routes: tickets. Staff routes need a staff ID token; customer self-service routes are public.

Public routes are validated like the rest and rate-limited in DynamoDB per phone number and per
client address; a self-service ticket needs the number's texted code. Domain modules are imported inside the views: this module is loaded at every
Lambda's cold start, including the ones Amazon Connect calls mid-call.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.api import contracts
from chalicelib.api.contracts import Contract, query
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import STAFF, source_ip, staff_actor

blueprint = Blueprint(__name__)

HOUR = 3600
#: Self-service limits: tickets per phone number and requests per client address, per hour.
TICKETS_PER_PHONE_PER_HOUR = 5
REQUESTS_PER_ADDRESS_PER_HOUR = 30


def _created(ticket: dict[str, Any]) -> Response:
    return Response(body=ticket, status_code=201, headers={"Location": f"/tickets/{ticket['id']}"})


@route(blueprint, "/tickets", ["POST"], Contract(body="ticket"), authorizer=STAFF)
def create_ticket() -> Response:
    from chalicelib import tickets

    request = blueprint.current_request
    return _created(tickets.create_ticket(json_body(request), actor=staff_actor(request)))


@route(
    blueprint,
    "/tickets",
    ["GET"],
    Contract(
        query(
            phone=contracts.PHONE,
            assignee=contracts.IDENTIFIER,
            status={"type": "string", "maxLength": 32},
            overdue={"enum": ["", "true", "false"]},
            due_before=contracts.DATE_OR_INSTANT,
            limit=contracts.WHOLE_NUMBER_TEXT,
            next=contracts.CURSOR,
        )
    ),
    authorizer=STAFF,
)
def list_tickets() -> dict[str, Any]:
    from chalicelib import tickets

    return tickets.list_tickets(dict(blueprint.current_request.query_params or {}))


@route(blueprint, "/tickets/{ticket_id}", ["GET"], authorizer=STAFF)
def get_ticket(ticket_id: str) -> dict[str, Any]:
    from chalicelib import tickets

    return tickets.get_ticket(ticket_id)


@route(blueprint, "/tickets/{ticket_id}", ["PATCH"], Contract(body="ticket-change"), authorizer=STAFF)
def update_ticket(ticket_id: str) -> dict[str, Any]:
    from chalicelib import tickets

    request = blueprint.current_request
    return tickets.update_ticket(ticket_id, json_body(request), actor=staff_actor(request))


@route(blueprint, "/tickets/{ticket_id}/notes", ["POST"], Contract(body="ticket-note"), authorizer=STAFF)
def add_note(ticket_id: str) -> Response:
    from chalicelib import tickets

    request = blueprint.current_request
    return _created(tickets.add_note(ticket_id, json_body(request), actor=staff_actor(request)))


@route(blueprint, "/self-service/tickets", ["POST"], Contract(body="self-service-ticket"))
def create_ticket_as_customer() -> Response:
    """A customer's web form, for a number they proved is theirs with a texted code (the callback
    verification): channel web, no assignee or priority from the body, rate-limited."""
    from chalicelib import rate_limit, tickets
    from chalicelib.callbacks import settings, verification

    request = blueprint.current_request
    rate_limit.hit(
        "self-service:address", source_ip(request), limit=REQUESTS_PER_ADDRESS_PER_HOUR, window_seconds=HOUR
    )
    body = json_body(request)
    phone = verification.confirm_code(body["verificationId"], body["code"], settings.current())
    rate_limit.hit("self-service:ticket-phone", phone, limit=TICKETS_PER_PHONE_PER_HOUR, window_seconds=HOUR)
    fields: dict[str, Any] = {key: body[key] for key in ("category", "subject", "description") if key in body}
    ticket = tickets.create_ticket({**fields, "phone": phone}, actor="customer:web", channel="web")
    return _created(_customer_view(ticket))


@route(blueprint, "/tickets/{ticket_id}/replies", ["POST"], Contract(body="ticket-reply"), authorizer=STAFF)
def reply_to_customer(ticket_id: str) -> Response:
    """Staff's answer to the customer, sent on the ticket's channel (email, else SMS) once per
    ``replyId`` (a retried request with the same id sends nothing more)."""
    from chalicelib import ticket_replies

    request = blueprint.current_request
    outcome = ticket_replies.reply_to_customer(ticket_id, json_body(request), actor=staff_actor(request))
    return Response(body=outcome.to_dict(), status_code=201)


@route(blueprint, "/self-service/my-tickets", ["POST"], Contract(body="self-service-lookup"))
def my_tickets() -> dict[str, Any]:
    """The status of every ticket of the number the texted code proves, newest first (a POST: the
    code is a secret and stays out of URLs and access logs)."""
    from chalicelib import rate_limit, tickets
    from chalicelib.callbacks import settings, verification

    request = blueprint.current_request
    rate_limit.hit(
        "self-service:address", source_ip(request), limit=REQUESTS_PER_ADDRESS_PER_HOUR, window_seconds=HOUR
    )
    body = json_body(request)
    phone = verification.confirm_code(body["verificationId"], body["code"], settings.current())
    listed = tickets.list_tickets({"phone": phone, "limit": "50"})
    return {"items": [_customer_view(ticket) for ticket in listed["items"]]}


@route(blueprint, "/tickets/{ticket_id}/rating", ["POST"], Contract(body="ticket-rating"))
def rate_ticket(ticket_id: str) -> dict[str, Any]:
    """Public: the customer proves the ticket is theirs with its phone number."""
    from chalicelib import rate_limit, tickets
    from chalicelib.phone import to_e164

    request = blueprint.current_request
    rate_limit.hit(
        "self-service:address", source_ip(request), limit=REQUESTS_PER_ADDRESS_PER_HOUR, window_seconds=HOUR
    )
    body = json_body(request)
    phone = to_e164(str(body.get("phone") or ""))
    ticket = tickets.rate_ticket(ticket_id, body, actor="customer", phone=phone)
    return _customer_view(ticket)


def _customer_view(ticket: dict[str, Any]) -> dict[str, Any]:
    """What a customer may see of their ticket: no internal history, notes or assignee."""
    keys = ("id", "status", "category", "channel", "subject", "created_at", "due_at", "rating")
    return {key: ticket[key] for key in keys}
