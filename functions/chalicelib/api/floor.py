"""Route: the supervisors' live floor (``GET /floor``), queues and agents now (staff)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.api.contracts import Contract
from chalicelib.api.errors import route
from chalicelib.api.identity import STAFF

blueprint = Blueprint(__name__)


@route(blueprint, "/floor", ["GET"], Contract(summary="Queues and agents now"), authorizer=STAFF)
def get_floor() -> dict[str, Any]:
    """Every queue (waiting, longest wait, agents, today's service level and abandonment) and
    every signed-in agent (state, contact, time in state, contacts handled today)."""
    from chalicelib.live_floor import live_floor

    return live_floor()
