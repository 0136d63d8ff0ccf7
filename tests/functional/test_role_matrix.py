"""The role x route matrix, exhaustively: every staff route, every role, and no one signed in.

Through the function as API Gateway calls it (Chalice's test client stands in for the gateway and
hands the token's claims over); the gateway's own verification of tokens is tested in
``test_staff_tokens.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from chalice.test import Client

from chalicelib.api import access
from chalicelib.api.identity import STAFF
from tests.functional.tickets_support import function_app
from tests.staff_support import claims_token, role_headers

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.usefixtures("aws")

ROLES = [role.value for role in access.Role]


def staff_routes() -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for path, methods in function_app().routes.items()
        for method, entry in methods.items()
        if entry.authorizer is STAFF
    )


def concrete(path: str) -> str:
    """The route with a plausible value in each parameter (a URL-encoded test number for phones)."""
    return re.sub(r"\{([^}]+)\}", lambda m: "%2B12125550142" if m.group(1) == "phone" else "x1", path)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with Client(function_app()) as test_client:
        yield test_client


def test_every_staff_route_has_a_row_and_every_row_is_a_staff_route() -> None:
    routes = set(staff_routes())
    assert routes, "no staff routes found"
    assert sorted(routes - set(access.ROUTE_ROLES)) == [], (
        "staff routes missing from chalicelib/api/access.py"
    )
    assert sorted(set(access.ROUTE_ROLES) - routes) == [], "rows of the matrix that are not staff routes"
    assert all(access.ROUTE_ROLES[route] for route in routes), "a row that admits no role"


@pytest.mark.parametrize(("method", "path"), staff_routes())
def test_each_role_is_let_through_or_refused_as_the_matrix_says(
    client: Client, method: str, path: str
) -> None:
    allowed = access.allowed_roles(method, path)
    for role in ROLES:
        response = client.http.request(
            method,
            concrete(path),
            headers={**role_headers(role), "Content-Type": "application/json"},
            body=b"{}",
        )
        if role in allowed:
            assert response.status_code not in (401, 403), (role, method, path, response.body)
        else:
            assert response.status_code == 403, (role, method, path, response.body)
            assert response.json_body["error"]["code"] == "forbidden"
    anonymous = client.http.request(method, concrete(path), headers={}, body=b"{}")
    assert anonymous.status_code == 401 and anonymous.json_body["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("agent", "POST", "/campaigns/x1/launch"),
        ("agent", "DELETE", "/customers/{phone}"),
        ("agent", "GET", "/metrics"),
        ("agent", "PUT", "/quality/reviews/x1"),
        ("agent", "DELETE", "/blacklist/{phone}"),
        ("marketer", "GET", "/tickets/x1"),
        ("marketer", "GET", "/customers/{phone}"),
        ("supervisor", "DELETE", "/customers/{phone}"),
        ("supervisor", "POST", "/campaigns"),
    ],
)
def test_the_refusals_the_business_cares_about(client: Client, role: str, method: str, path: str) -> None:
    response = client.http.request(method, concrete(path), headers=role_headers(role), body=b"{}")
    assert response.status_code == 403


def test_a_person_in_two_groups_may_do_what_either_may(client: Client) -> None:
    both = claims_token("lead1", "agent", "marketer")
    for path in ("/tickets/x1", "/campaigns/x1"):
        response = client.http.get(path, headers={"Authorization": both})
        assert response.status_code == 404, response.body  # let through; no such record


def test_a_staff_route_missing_from_the_matrix_is_refused_to_everyone(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(access.ROUTE_ROLES, ("GET", "/tickets/{ticket_id}"))
    for role in ROLES:
        response = client.http.get("/tickets/x1", headers=role_headers(role))
        assert response.status_code == 403, role


def test_groups_arrive_in_any_spelling_the_gateway_uses() -> None:
    from chalicelib.api.identity import staff_groups

    for spelled in (["agent", "admin"], "agent,admin", "[agent admin]", "agent, admin"):
        assert staff_groups({"cognito:groups": spelled}) == {"agent", "admin"}
    assert staff_groups({}) == frozenset()
