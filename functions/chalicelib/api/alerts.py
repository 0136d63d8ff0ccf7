"""Routes: the supervisors' alerts (complaints, overdue tickets, low satisfaction), worked
through one by one (staff). Alert ids hold a ":", which clients may send URL-encoded.

A schedule sweeps the open tickets every few minutes as well, so an alert is published when it
arises, not only when a supervisor opens the list."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from chalice import Blueprint, Rate

from chalicelib.api.contracts import Contract
from chalicelib.api.errors import route
from chalicelib.api.identity import STAFF, staff_actor

blueprint = Blueprint(__name__)


@route(blueprint, "/alerts", ["GET"], Contract(summary="Alerts still to work through"), authorizer=STAFF)
def get_alerts() -> dict[str, Any]:
    """Raise what the open tickets call for (each alert once, published to the alerts topic when
    new), then every alert not yet resolved, oldest first."""
    from chalicelib import alerts

    raised = alerts.sweep()
    return {"raised": raised, "alerts": alerts.open_alerts()}


@route(
    blueprint,
    "/alerts/{alert_id}/acknowledge",
    ["POST"],
    Contract(body="alert-action", summary="A supervisor is on it"),
    authorizer=STAFF,
)
def acknowledge_alert(alert_id: str) -> dict[str, Any]:
    from chalicelib import alerts

    return alerts.acknowledge(unquote(alert_id), staff_actor(blueprint.current_request))


@route(
    blueprint,
    "/alerts/{alert_id}/resolve",
    ["POST"],
    Contract(body="alert-action", summary="Done with it"),
    authorizer=STAFF,
)
def resolve_alert(alert_id: str) -> dict[str, Any]:
    from chalicelib import alerts

    return alerts.resolve(unquote(alert_id), staff_actor(blueprint.current_request))


#: How often the open tickets are swept for new alerts (and a new alert is published).
SWEEP_EVERY_MINUTES = 5


@blueprint.schedule(Rate(SWEEP_EVERY_MINUTES, unit=Rate.MINUTES), name="sweep_supervisor_alerts")
def sweep_supervisor_alerts(event: Any) -> dict[str, int]:
    """Raises on failure: the next run sweeps again, and the function's error alarm fires."""
    from chalicelib import alerts

    return {"raised": alerts.sweep()}
