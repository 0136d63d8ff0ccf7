"""Which staff role may call which staff route: the one matrix, enforced in one place.

Every route with ``authorizer=STAFF`` has an entry here (method, path) -> the Cognito groups
allowed. ``enforce_roles`` (an HTTP middleware, registered by ``chalicelib.api.register``) checks
the signed-in person's ``cognito:groups`` against it before the view runs:

- no verified claims (the gateway let through a request without a token): 401 ``unauthenticated``;
- none of the person's groups is allowed: 403 ``forbidden``;
- a staff route missing from the matrix: 403 for everyone (fail closed), and
  ``tests/functional/test_role_matrix.py`` fails until the route gets its row.

A few rows are narrowed per record by the view, through ``require_own``: an agent reads the
quality review of their own contacts only (an agent's directory id is their Cognito user name).

Roles: agents work tickets, customers and callbacks; supervisors everything agents do plus
quality review, metrics, screening lists, the agent directory and the knowledge articles and
call scripts; marketers campaigns, their
audiences and metrics, never tickets or customers; admins everything, and they alone erase a
customer or take a number off a screening list.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from chalice import Chalice
    from chalice.app import Request, Response


class Role(StrEnum):
    """The staff directory's groups (Cognito group names)."""

    AGENT = "agent"
    SUPERVISOR = "supervisor"
    MARKETER = "marketer"
    ADMIN = "admin"


AGENT, SUPERVISOR, MARKETER, ADMIN = Role.AGENT, Role.SUPERVISOR, Role.MARKETER, Role.ADMIN
FRONT_LINE = frozenset({AGENT, SUPERVISOR, ADMIN})
SUPERVISION = frozenset({SUPERVISOR, ADMIN})
MARKETING = frozenset({MARKETER, ADMIN})
ADMIN_ONLY = frozenset({ADMIN})

#: (method, route path) -> the roles that may call it. Every staff route, nothing else.
ROUTE_ROLES: dict[tuple[str, str], frozenset[Role]] = {
    # tickets and customers: the front line's work; erasure is an admin's decision
    ("POST", "/tickets"): FRONT_LINE,
    ("GET", "/tickets"): FRONT_LINE,
    ("GET", "/tickets/{ticket_id}"): FRONT_LINE,
    ("PATCH", "/tickets/{ticket_id}"): FRONT_LINE,
    ("POST", "/tickets/{ticket_id}/notes"): FRONT_LINE,
    ("POST", "/tickets/{ticket_id}/replies"): FRONT_LINE,  # goes to the customer by SMS or email
    ("PUT", "/customers/{phone}"): FRONT_LINE,
    ("GET", "/customers/{phone}"): FRONT_LINE,
    ("DELETE", "/customers/{phone}"): ADMIN_ONLY,
    # the screen pop: the customer 360 of a caller, or of the contact offered to the agent
    ("GET", "/customers/{phone}/360"): FRONT_LINE,
    ("GET", "/contacts/{contact_id}/360"): FRONT_LINE,
    # the agent directory: agents look colleagues up (transfers); supervisors set skills
    ("GET", "/agents"): FRONT_LINE,
    ("GET", "/agents/{agent_id}"): FRONT_LINE,
    ("PUT", "/agents/{agent_id}"): SUPERVISION,
    # screening lists: agents see why a number is flagged; supervisors keep the lists; only an
    # admin takes a number off one (it may be a fraudster's or a do-not-call request)
    ("GET", "/blacklist/{phone}"): FRONT_LINE,
    ("PUT", "/blacklist/{phone}"): SUPERVISION,
    ("DELETE", "/blacklist/{phone}"): ADMIN_ONLY,
    ("GET", "/blacklist/export"): SUPERVISION,
    ("POST", "/blacklist/import"): SUPERVISION,
    ("POST", "/blacklist/imports/{import_id}"): SUPERVISION,
    ("POST", "/blacklist/imports/{import_id}/upload"): SUPERVISION,
    ("GET", "/blacklist/imports/{import_id}"): SUPERVISION,
    # marketers screen an audience before they launch
    ("POST", "/screening"): frozenset({SUPERVISOR, MARKETER, ADMIN}),
    # quality: agents read a review of their contact; supervisors sample and review
    ("GET", "/quality/reviews/{contact_id}"): FRONT_LINE,
    ("PUT", "/quality/reviews/{contact_id}"): SUPERVISION,
    ("GET", "/quality/samples"): SUPERVISION,
    ("GET", "/quality/criteria"): SUPERVISION,
    ("GET", "/quality/recordings/{contact_id}"): SUPERVISION,
    ("GET", "/quality/contacts/{contact_id}/events"): SUPERVISION,
    ("GET", "/metrics"): frozenset({SUPERVISOR, MARKETER, ADMIN}),
    # the live floor: queues and agents now
    ("GET", "/floor"): SUPERVISION,
    # alerts: complaints, overdue tickets, low satisfaction, worked through by supervisors
    ("GET", "/alerts"): SUPERVISION,
    ("POST", "/alerts/{alert_id}/acknowledge"): SUPERVISION,
    ("POST", "/alerts/{alert_id}/resolve"): SUPERVISION,
    # campaigns: the marketers'
    ("POST", "/campaigns"): MARKETING,
    ("GET", "/campaigns"): MARKETING,
    ("GET", "/campaign-templates"): MARKETING,
    ("POST", "/campaigns/{campaign_id}/audience/check"): MARKETING,
    ("GET", "/campaigns/{campaign_id}"): MARKETING,
    ("POST", "/campaigns/{campaign_id}/audience"): MARKETING,
    ("GET", "/campaigns/{campaign_id}/contacts"): MARKETING,
    ("POST", "/campaigns/{campaign_id}/launch"): MARKETING,
    ("POST", "/campaigns/{campaign_id}/pause"): MARKETING,
    ("POST", "/campaigns/{campaign_id}/resume"): MARKETING,
    ("POST", "/campaigns/{campaign_id}/stop"): MARKETING,
    # knowledge articles and call scripts: the front line reads them mid-call; supervisors write
    ("GET", "/knowledge/articles"): FRONT_LINE,
    ("GET", "/knowledge/articles/{article_id}/{language}"): FRONT_LINE,
    ("PUT", "/knowledge/articles/{article_id}/{language}"): SUPERVISION,
    ("DELETE", "/knowledge/articles/{article_id}/{language}"): SUPERVISION,
    ("GET", "/knowledge/scripts"): FRONT_LINE,
    ("GET", "/knowledge/scripts/{category}/{language}"): FRONT_LINE,
    ("PUT", "/knowledge/scripts/{category}/{language}"): SUPERVISION,
}


def allowed_roles(method: str, path: str) -> frozenset[Role]:
    """The roles that may call this route; none for a route the matrix does not name."""
    return ROUTE_ROLES.get((method.upper(), path), frozenset())


def may_call(groups: frozenset[str], method: str, path: str) -> bool:
    return any(role.value in groups for role in allowed_roles(method, path))


#: Roles that see every agent's records; an agent who holds none of them sees their own only.
SEES_EVERY_AGENT = frozenset({SUPERVISOR, ADMIN})


def require_own(request: Request, owner: str) -> None:
    """Raise Forbidden unless the caller may see ``owner``'s record: it is theirs (their Cognito
    user name is ``owner``) or one of their roles sees every agent's records."""
    from chalicelib.api.identity import staff_claims, staff_groups
    from chalicelib.errors import Forbidden

    claims = staff_claims(request) or {}
    if any(role.value in staff_groups(claims) for role in SEES_EVERY_AGENT):
        return
    if not owner or claims.get("cognito:username") != owner:
        raise Forbidden("agents see the quality reviews of their own contacts only")


def enforce_roles(app: Chalice) -> Callable[[Request, Callable[[Request], Response]], Response]:
    """The HTTP middleware that refuses a staff route to anyone outside its row of the matrix."""
    from chalicelib.api.identity import STAFF

    def middleware(request: Request, get_response: Callable[[Request], Response]) -> Response:
        method, path = _route_of(request)
        entry = app.routes.get(path, {}).get(method)
        if entry is None or entry.authorizer is not STAFF:
            return get_response(request)
        refusal = refusal_for(request, method, path)
        return refusal if refusal is not None else get_response(request)

    return middleware


def refusal_for(request: Request, method: str, path: str) -> Response | None:
    """The 401/403 answer for this caller on this staff route (None: let them through)."""
    from chalicelib.api.errors import error_response
    from chalicelib.api.identity import staff_claims, staff_groups

    claims = staff_claims(request)
    if claims is None:
        return error_response(401, "unauthenticated", "sign in as staff to call this route")
    if (method, path) not in ROUTE_ROLES:
        return error_response(403, "forbidden", f"{method} {path} is not open to any role yet")
    if not may_call(staff_groups(claims), method, path):
        roles = ", ".join(sorted(role.value for role in allowed_roles(method, path)))
        return error_response(403, "forbidden", f"{method} {path} is for {roles} only")
    return None


def _route_of(request: Request) -> tuple[str, str]:
    context: dict[str, Any] = request.context or {}
    return str(context.get("httpMethod") or request.method).upper(), str(context.get("resourcePath") or "")
