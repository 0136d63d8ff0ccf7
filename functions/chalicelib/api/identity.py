"""Who is asking: the staff authorizer, the signed-in person and their roles, the client's address.

Staff routes pass ``authorizer=STAFF``: API Gateway's Cognito user pool authorizer verifies the
caller's ID token (signature, expiry, issuer) before the function runs and hands its claims over
as ``requestContext.authorizer.claims``, every value a string. Locally ``local.api_server``
verifies the token the same way against moto's Cognito. Which group may call which route is
``chalicelib.api.access``. Public routes take no authorizer and must validate and rate-limit.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from chalice import CognitoUserPoolAuthorizer

if TYPE_CHECKING:
    from chalice.app import Request

#: The authorizer's name in the API definition (its ``securityDefinitions`` entry).
STAFF_AUTHORIZER_NAME = "StaffDirectory"
#: Stands for the stage's user pool ARN in the packaged API definition: the pool is created by
#: CDK in the same deployment, so ``infra.staff_directory`` writes its ARN over this one.
STAFF_POOL_ARN_PLACEHOLDER = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_staff"

STAFF = CognitoUserPoolAuthorizer(
    STAFF_AUTHORIZER_NAME, provider_arns=[STAFF_POOL_ARN_PLACEHOLDER], header="Authorization"
)

#: Where staff sign in, as API Gateway stage variables (``GET /staff/directory`` answers them):
#: they reach the function with each request, and Lambda's 4 KB of environment stays free.
STAFF_USER_POOL_ID_VARIABLE = "staffUserPoolId"
STAFF_CLIENT_ID_VARIABLE = "staffClientId"

_GROUP_SEPARATORS = re.compile(r"[,\s]+")


def staff_claims(request: Request) -> dict[str, Any] | None:
    """The verified ID token's claims the gateway passed on (None: no signed-in person)."""
    authorizer = (request.context or {}).get("authorizer") or {}
    claims = authorizer.get("claims") if isinstance(authorizer, dict) else None
    return claims if isinstance(claims, dict) and claims.get("cognito:username") else None


def staff_groups(claims: dict[str, Any]) -> frozenset[str]:
    """The ``cognito:groups`` claim as a set, in whichever spelling the gateway passed it.

    A JWT carries a list; API Gateway hands every claim over as a string, so a list may arrive as
    ``"agent,supervisor"`` or ``"[agent supervisor]"``::

        >>> sorted(staff_groups({"cognito:groups": "[agent supervisor]"}))
        ['agent', 'supervisor']
    """
    raw = claims.get("cognito:groups")
    if isinstance(raw, (list, tuple)):
        return frozenset(str(group) for group in raw if str(group))
    if not isinstance(raw, str):
        return frozenset()
    return frozenset(part for part in _GROUP_SEPARATORS.split(raw.strip().strip("[]")) if part)


def staff_actor(request: Request) -> str:
    """The signed-in person for the history: their Cognito username (``staff`` if none)."""
    claims = staff_claims(request)
    return str(claims["cognito:username"]) if claims else "staff"


def staff_directory(request: Request) -> dict[str, str]:
    """Where staff sign in: the stage's user pool, the console's app client (the API stage's
    variables) and the Cognito endpoint to send ``InitiateAuth`` to (boto3's endpoint settings,
    else the regional one)."""
    variables = request.stage_vars or {}
    region, endpoint = cognito_endpoint()
    return {
        "region": region,
        "userPoolId": str(variables.get(STAFF_USER_POOL_ID_VARIABLE, "")),
        "clientId": str(variables.get(STAFF_CLIENT_ID_VARIABLE, "")),
        "endpoint": endpoint,
    }


def cognito_endpoint() -> tuple[str, str]:
    """(region, Cognito user pools endpoint) as boto3 resolves them from the environment."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    endpoint = (
        os.environ.get("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
        or os.environ.get("AWS_ENDPOINT_URL")
        or f"https://cognito-idp.{region}.amazonaws.com"
    )
    return region, endpoint.rstrip("/")


def source_ip(request: Request) -> str:
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")
