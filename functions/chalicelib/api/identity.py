"""Who is asking: the staff authorizer, the caller's identity for history, the client's address.

Staff routes pass ``authorizer=STAFF`` (IAM, SigV4-signed requests; ``chalice local`` admits
every request). Public routes take no authorizer and must validate and rate-limit instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import IAMAuthorizer

if TYPE_CHECKING:
    from chalice.app import Request

STAFF = IAMAuthorizer()


def staff_actor(request: Request) -> str:
    """The signed-in IAM principal (user or role ARN) for the history; ``staff`` when unsigned."""
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("userArn") or identity.get("caller") or "staff")


def source_ip(request: Request) -> str:
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")
