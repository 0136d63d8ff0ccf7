"""Routes: KPIs (``GET /metrics``), QA samples and reviews (staff); the KPI Lambdas.

``track_contact_quality`` takes Amazon Connect contact events straight from EventBridge (CDK
scopes the rule to the stage's instance); ``receive_sms_reply`` takes inbound SMS as AWS End
User Messaging publishes them to an SNS topic.
"""

from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint

from chalicelib.api import access, contracts
from chalicelib.api.contracts import Contract, query
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import STAFF, staff_actor
from chalicelib.errors import InvalidInput

blueprint = Blueprint(__name__)

CONTACT_EVENT_TYPES = ["INITIATED", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED", "COMPLETED"]


@route(
    blueprint,
    "/metrics",
    ["GET"],
    Contract(
        query(
            **{"from": contracts.DAY, "to": contracts.DAY, "dimension": {"type": "string"}},
            limit=contracts.WHOLE_NUMBER_TEXT,
            next=contracts.CURSOR,
        )
    ),
    authorizer=STAFF,
)
def get_metrics() -> dict[str, Any]:
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD&dimension=queue|agent|team|campaign|channel|all`` (last 7 days, queue),
    ``limit`` (rows a page, 1-1000) and ``next`` (the cursor of the previous page)."""
    from chalicelib.quality.metrics import metrics_report

    params = dict(blueprint.current_request.query_params or {})
    unknown = set(params) - {"from", "to", "dimension", "limit", "next"}
    if unknown:
        raise InvalidInput(f"unknown query parameter(s): {', '.join(sorted(unknown))}")
    raw_limit = params.get("limit") or "1000"
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 1000:
        raise InvalidInput("limit must be a whole number from 1 to 1000")
    return metrics_report(
        params.get("dimension") or "queue",
        params.get("from"),
        params.get("to"),
        cursor=params.get("next") or None,
        limit=int(raw_limit),
    )


def _number(params: dict[str, str], name: str, default: float) -> float:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput(f"'{name}' must be a number, got {raw!r}") from None


@route(
    blueprint,
    "/quality/samples",
    ["GET"],
    Contract(
        query(
            **{"from": contracts.DAY, "to": contracts.DAY},
            agent=contracts.IDENTIFIER,
            rate=contracts.FRACTION_TEXT,
            minimum={"type": "string", "pattern": r"^[0-9]{1,3}$", "description": "0-999 contacts"},
        )
    ),
    authorizer=STAFF,
)
def get_qa_sample() -> dict[str, Any]:
    """``?agent=<id>&from=&to=&rate=0.1&minimum=2``: the contacts to review, with their reviews."""
    from chalicelib.quality import metrics, sampling

    params = dict(blueprint.current_request.query_params or {})
    unknown = set(params) - {"agent", "from", "to", "rate", "minimum"}
    if unknown:
        raise InvalidInput(f"unknown query parameter(s): {', '.join(sorted(unknown))}")
    day_from, day_to = metrics.day_range(params.get("from"), params.get("to"))
    rate = _number(params, "rate", sampling.DEFAULT_RATE)
    minimum = int(_number(params, "minimum", sampling.DEFAULT_MINIMUM))
    if params.get("agent"):
        agents = [params["agent"]]
    else:
        from chalicelib.quality.aggregates import read_dimension

        agents = sorted({row.name for row in read_dimension("agent", day_from, day_to)})
    contacts = [row for agent in agents for row in sampling.sample(agent, day_from, day_to, rate, minimum)]
    return {"from": day_from, "to": day_to, "rate": rate, "minimum": minimum, "contacts": contacts}


@route(blueprint, "/quality/reviews/{contact_id}", ["PUT"], Contract(body="qa-review"), authorizer=STAFF)
def put_review(contact_id: str) -> dict[str, Any]:
    """Body ``{"score": 0-100, "notes": "..."}``; replaces an earlier review of the contact."""
    from chalicelib.quality import sampling

    request = blueprint.current_request
    return sampling.record_review(contact_id, json_body(request), reviewer=staff_actor(request))


@route(blueprint, "/quality/reviews/{contact_id}", ["GET"], authorizer=STAFF)
def get_review(contact_id: str) -> dict[str, Any]:
    from chalicelib.errors import NotFound
    from chalicelib.quality import sampling

    review = sampling.get_review(contact_id)
    if review is None:
        raise NotFound(f"contact {contact_id} has not been reviewed")
    access.require_own(blueprint.current_request, str(review.get("agent") or ""))
    return review


@route(blueprint, "/quality/criteria", ["GET"], authorizer=STAFF)
def get_criteria() -> dict[str, Any]:
    """The centre's review criteria (``chalicelib/quality/criteria.json``): the scoring form."""
    from chalicelib.quality import criteria

    return criteria.load()


@route(blueprint, "/quality/recordings/{contact_id}", ["GET"], authorizer=STAFF)
def get_recording(contact_id: str) -> dict[str, Any]:
    """A short-lived pre-signed link to the call recording of a contact an agent handled."""
    from chalicelib.quality.recordings import recording_link

    return recording_link(contact_id)


@route(blueprint, "/quality/contacts/{contact_id}/events", ["GET"], authorizer=STAFF)
def get_contact_events(contact_id: str) -> dict[str, Any]:
    """What happened on a reviewed contact, in order (Connect's record and the flow's attributes)."""
    from chalicelib.quality.transcript import contact_events

    return contact_events(contact_id)


@blueprint.on_cw_event(
    {
        "source": ["aws.connect"],
        "detail-type": ["Amazon Connect Contact Event"],
        "detail": {"eventType": CONTACT_EVENT_TYPES},
    },
    name="track_contact_quality",
)
def track_contact_quality(event: Any) -> dict[str, Any]:
    """Raises on failure: Lambda retries the event (asynchronous invocation), and the function's
    error and dropped-event alarms fire if it keeps failing."""
    from chalicelib.quality.tracking import track_contact_event

    tracked = track_contact_event(event.to_dict())
    return {"applied": False} if tracked is None else tracked.to_dict()


@blueprint.lambda_function(name="receive_sms_reply")
def receive_sms_reply(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """SNS records whose message is an inbound SMS (``originationNumber``, ``messageBody``):
    STOP / 退订 opts the number out of every channel; a digit may answer a survey; other text goes
    to the assistant or a ticket, once per ``inboundMessageId`` (SNS's message id if absent)."""
    from chalicelib.sms_replies import handle_inbound_sms

    results = []
    for record in event.get("Records", []):
        notification = record.get("Sns", {})
        message = json.loads(notification.get("Message") or "{}")
        phone, text = str(message.get("originationNumber") or ""), str(message.get("messageBody") or "")
        message_id = str(message.get("inboundMessageId") or notification.get("MessageId") or "")
        if phone:
            results.append(handle_inbound_sms(phone, text, message_id=message_id or None))
    return {"results": results}
