"""Routes: the agent directory (staff): skills, Amazon Connect user, open-ticket load."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.api.contracts import Contract, query
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import STAFF

blueprint = Blueprint(__name__)


@route(blueprint, "/agents/{agent_id}", ["PUT"], Contract(body="agent"), authorizer=STAFF)
def put_agent(agent_id: str) -> dict[str, Any]:
    from chalicelib import agents

    return agents.put_agent(agent_id, json_body(blueprint.current_request))


@route(blueprint, "/agents/{agent_id}", ["GET"], authorizer=STAFF)
def get_agent(agent_id: str) -> dict[str, Any]:
    from chalicelib import agents

    return agents.get_agent(agent_id)


@route(blueprint, "/agents", ["GET"], Contract(query(skill={"type": "string"})), authorizer=STAFF)
def list_agents() -> dict[str, Any]:
    from chalicelib import agents

    params = dict(blueprint.current_request.query_params or {})
    return agents.list_agents(params.get("skill", ""))
