"""Route: where staff sign in (public: the console and callctl read it before anyone is signed in).

``GET /staff/directory`` -> ``{"region", "userPoolId", "clientId", "endpoint"}``: the stage's
Cognito user pool, the console's app client (no secret) and the endpoint to send
``InitiateAuth`` to. None of it is secret: a token still needs a staff member's password.
"""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.api.errors import route

blueprint = Blueprint(__name__)


@route(blueprint, "/staff/directory", ["GET"])
def staff_directory() -> dict[str, str]:
    from chalicelib.api.identity import staff_directory

    return staff_directory(blueprint.current_request)
