"""Routes: outbound campaigns (staff), and the Lambdas that load, dial and follow them up."""

from __future__ import annotations

import uuid
from typing import Any

from chalice import Blueprint, Response

from chalicelib.api import contracts
from chalicelib.api.contracts import Contract, query
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import STAFF

blueprint = Blueprint(__name__)

UPLOAD_URL_SECONDS = 3600


@route(blueprint, "/campaigns", ["POST"], Contract(body="campaign-create"), authorizer=STAFF)
def create_campaign() -> Response:
    from chalicelib.campaigns import runs

    created = runs.create_campaign(json_body(blueprint.current_request))
    return Response(body=created, status_code=201, headers={"Location": f"/campaigns/{created['id']}"})


@route(blueprint, "/campaigns", ["GET"], Contract(query(next=contracts.CURSOR)), authorizer=STAFF)
def list_campaigns() -> dict[str, Any]:
    """A page of campaigns with status and progress (``next``: the cursor of the following page)."""
    from chalicelib.campaigns import overview

    params = dict(blueprint.current_request.query_params or {})
    return overview.campaigns_page(params.get("next"))


@route(blueprint, "/campaign-templates", ["GET"], authorizer=STAFF)
def campaign_templates() -> dict[str, Any]:
    """The campaign messages in the deployed prompts/: starting points for a new campaign."""
    from chalicelib.campaigns import prompt_templates

    return {"templates": prompt_templates.campaign_templates()}


@route(blueprint, "/campaigns/{campaign_id}", ["GET"], authorizer=STAFF)
def get_campaign(campaign_id: str) -> dict[str, Any]:
    """Status, counters, progress and ETA, the definition, live figures and why contacts wait."""
    from chalicelib.campaigns import overview

    return overview.campaign_view(campaign_id)


@route(
    blueprint,
    "/campaigns/{campaign_id}/audience/check",
    ["POST"],
    Contract(body="csv"),
    authorizer=STAFF,
    content_types=["text/csv", "text/plain", "application/octet-stream"],
)
def check_audience(campaign_id: str) -> dict[str, Any]:
    """The audience CSV (the body) checked and dry-run against the campaign; nothing is stored."""
    from chalicelib.campaigns.audience_check import check_audience as check
    from chalicelib.errors import InvalidInput

    raw = blueprint.current_request.raw_body
    if isinstance(raw, str):
        raw = raw.encode()
    if not raw:
        raise InvalidInput("the request body must be the audience CSV file", code="invalid_csv")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the audience file must be UTF-8 text", code="invalid_csv") from None
    return check(campaign_id, text.splitlines())


@route(blueprint, "/campaigns/{campaign_id}/audience", ["POST"], authorizer=STAFF)
def audience_upload(campaign_id: str) -> dict[str, Any]:
    """A pre-signed URL to PUT the audience CSV to (files of any size bypass the API's body limit)."""
    from chalicelib.campaigns import launch

    return launch.audience_upload_url(
        campaign_id, f"{campaign_id}/{uuid.uuid4().hex}.csv", UPLOAD_URL_SECONDS
    )


@route(
    blueprint, "/campaigns/{campaign_id}/launch", ["POST"], Contract(body="campaign-launch"), authorizer=STAFF
)
def launch_campaign(campaign_id: str) -> dict[str, Any]:
    """Start loading the uploaded audience and dialling; re-running a failed launch is safe."""
    from chalicelib.campaigns import launch

    body = json_body(blueprint.current_request)
    return launch.launch(campaign_id, str(body.get("audience_key") or ""))


@route(blueprint, "/campaigns/{campaign_id}/pause", ["POST"], authorizer=STAFF)
def pause_campaign(campaign_id: str) -> dict[str, Any]:
    return _change(campaign_id, "pause")


@route(blueprint, "/campaigns/{campaign_id}/resume", ["POST"], authorizer=STAFF)
def resume_campaign(campaign_id: str) -> dict[str, Any]:
    return _change(campaign_id, "resume")


@route(blueprint, "/campaigns/{campaign_id}/stop", ["POST"], authorizer=STAFF)
def stop_campaign(campaign_id: str) -> dict[str, Any]:
    return _change(campaign_id, "stop")


def _change(campaign_id: str, action: str) -> dict[str, Any]:
    from chalicelib.campaigns import runs

    return runs.change_status(campaign_id, action)


@route(
    blueprint,
    "/campaigns/{campaign_id}/contacts",
    ["GET"],
    Contract(query(state={"type": "string", "maxLength": 32}, next=contracts.CURSOR)),
    authorizer=STAFF,
)
def campaign_contacts(campaign_id: str) -> dict[str, Any]:
    from chalicelib.campaigns import results

    params = dict(blueprint.current_request.query_params or {})
    return results.contacts_page(campaign_id, state=params.get("state"), cursor=params.get("next"))


@blueprint.lambda_function(name="load_audience")
def load_audience(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The audience-load state machine's Task states (``infra.batch_definitions``)."""
    from chalicelib.campaigns import launch

    return launch.handle_load_step(event)


@blueprint.lambda_function(name="dial_contacts")
def dial_contacts(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.dialler import dial_batch

    return dial_batch(event)


@blueprint.lambda_function(name="handle_contact_events")
def handle_contact_events(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.contact_events import handle_batch

    return handle_batch(event)
