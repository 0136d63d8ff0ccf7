"""The tickets REST API through the Chalice app: shapes, statuses, auth split and rate limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from tests.functional.tickets_support import CALLER, Api, function_app, hire
from tests.staff_support import signed_in


def tickets_of(phone: str) -> list[dict[str, Any]]:
    from chalicelib import tickets

    return list(tickets.list_tickets({"phone": phone})["items"])


pytestmark = [
    pytest.mark.usefixtures("aws"),
]


@pytest.fixture
def api() -> Iterator[Api]:
    with Client(function_app()) as client:
        yield Api(signed_in(client))


def test_staff_routes_need_a_staff_token_and_self_service_routes_are_public() -> None:
    from chalicelib.api.identity import STAFF

    routes = function_app().routes
    staff = [
        ("/tickets", "POST"),
        ("/tickets", "GET"),
        ("/tickets/{ticket_id}", "GET"),
        ("/tickets/{ticket_id}", "PATCH"),
        ("/tickets/{ticket_id}/notes", "POST"),
        ("/customers/{phone}", "PUT"),
        ("/customers/{phone}", "GET"),
        ("/customers/{phone}", "DELETE"),
        ("/agents/{agent_id}", "PUT"),
    ]
    for path, method in staff:
        assert routes[path][method].authorizer is STAFF, (path, method)
    assert routes["/tickets/{ticket_id}/replies"]["POST"].authorizer is STAFF
    assert routes["/self-service/tickets"]["POST"].authorizer is None
    assert routes["/self-service/my-tickets"]["POST"].authorizer is None
    assert routes["/tickets/{ticket_id}/rating"]["POST"].authorizer is None


def test_a_ticket_is_created_worked_noted_listed_and_rated_over_the_api(api: Api) -> None:
    status, agent = api.call(
        "put", "/agents/ann", {"name": "Ann", "skills": ["fault"], "connect_user_id": "u-ann"}
    )
    assert status == 200 and agent["open_tickets"] == 0
    status, ticket = api.call(
        "post", "/tickets", {"phone": CALLER, "category": "fault", "subject": "No signal"}
    )
    assert status == 201 and ticket["assignee"] == "ann" and ticket["status"] == "assigned"
    path = f"/tickets/{ticket['id']}"
    assert api.call("patch", path, {"status": "in_progress"})[1]["status"] == "in_progress"
    status, noted = api.call("post", f"{path}/notes", {"text": "replaced the SIM"})
    assert status == 201 and noted["history"][-1]["detail"] == {"text": "replaced the SIM"}
    assert api.call("patch", path, {"status": "resolved"})[1]["status"] == "resolved"
    status, listed = api.call("get", "/tickets?phone=%2B12125550142")
    assert status == 200 and [t["id"] for t in listed["items"]] == [ticket["id"]] and listed["next"] is None
    status, rated = api.call("post", f"{path}/rating", {"phone": CALLER, "rating": 5, "comment": "great"})
    assert status == 200 and rated["rating"] == 5
    assert "history" not in rated and "assignee" not in rated  # the customer's view
    assert api.call("get", "/agents/ann")[1]["open_tickets"] == 0


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("post", "/tickets", {"phone": CALLER, "category": "gossip"}, 400, "invalid_input"),
        ("post", "/tickets", {"phone": "12", "category": "fault"}, 400, "invalid_phone"),
        ("post", "/tickets", {"phone": CALLER, "category": "fault", "priority": 9}, 400, "invalid_input"),
        ("get", "/tickets", None, 400, "invalid_input"),
        ("get", "/tickets/T-missing", None, 404, "not_found"),
        ("patch", "/tickets/T-missing", {"status": "closed"}, 404, "not_found"),
        ("post", "/tickets/T-missing/notes", {"text": ""}, 400, "invalid_input"),
    ],
)
def test_bad_requests_get_a_clear_4xx(
    api: Api, method: str, path: str, body: Any, status: int, code: str
) -> None:
    got_status, got = api.call(method, path, body)
    assert got_status == status
    assert got["error"]["code"] == code and got["error"]["message"]


def test_an_invalid_transition_over_the_api_is_a_409_naming_what_is_allowed(api: Api) -> None:
    _, ticket = api.call("post", "/tickets", {"phone": CALLER, "category": "order"})
    status, error = api.call("patch", f"/tickets/{ticket['id']}", {"status": "resolved"})
    assert status == 409
    assert error["error"]["code"] == "invalid_transition"
    assert "assigned or closed" in error["error"]["message"]


def test_rating_an_open_ticket_is_refused(api: Api) -> None:
    hire("ann", "order")
    _, ticket = api.call("post", "/tickets", {"phone": CALLER, "category": "order"})
    status, error = api.call("post", f"/tickets/{ticket['id']}/rating", {"phone": CALLER, "rating": 3})
    assert status == 409 and error["error"]["code"] == "not_rateable"


def _verified(api: Api, phone: str) -> dict[str, str]:
    """The verificationId and code a customer quotes after the number was texted a code."""
    from tests.callbacks_support import last_code_sent_to

    status, sent = api.call("post", "/callbacks/verifications", {"phone": phone})
    assert status == 201, sent
    return {"verificationId": sent["verificationId"], "code": last_code_sent_to(phone)}


def test_self_service_opens_a_web_ticket_and_limits_each_phone(api: Api) -> None:
    body = {**_verified(api, CALLER), "category": "inquiry", "subject": "Opening hours?"}
    for _ in range(5):
        status, ticket = api.call("post", "/self-service/tickets", body)
        assert status == 201 and ticket["channel"] == "web" and "assignee" not in ticket
    status, error = api.call("post", "/self-service/tickets", body)
    assert status == 429 and error["error"]["code"] == "too_many_requests"
    other = {**body, **_verified(api, "+12125550143")}
    assert api.call("post", "/self-service/tickets", other)[0] == 201


def test_self_service_opens_a_ticket_only_for_a_number_proved_by_its_code(api: Api) -> None:
    proof = _verified(api, CALLER)
    wrong = "000000" if proof["code"] != "000000" else "111111"
    status, error = api.call("post", "/self-service/tickets", {**proof, "code": wrong, "category": "inquiry"})
    assert status == 403 and error["error"]["code"] == "wrong_code"
    status, error = api.call("post", "/self-service/tickets", {"phone": CALLER, "category": "inquiry"})
    assert status == 400 and error["error"]["code"] == "invalid_input"
    assert tickets_of(CALLER) == []
    status, ticket = api.call("post", "/self-service/tickets", {**proof, "category": "inquiry"})
    assert status == 201 and [t["id"] for t in tickets_of(CALLER)] == [ticket["id"]]


def test_self_service_cannot_choose_its_agent_or_priority(api: Api) -> None:
    body = {**_verified(api, CALLER), "category": "inquiry", "priority": 1}
    status, error = api.call("post", "/self-service/tickets", body)
    assert status == 400 and "priority" in error["error"]["message"]


def test_the_self_service_ticket_route_refuses_an_unverified_number(api: Api) -> None:
    never_issued = {"verificationId": "0" * 32, "code": "123456", "category": "inquiry"}
    status, error = api.call("post", "/self-service/tickets", never_issued)
    assert status == 403 and error["error"]["code"] == "verification_expired" and error["error"]["message"]
    status, error = api.call("post", "/self-service/tickets", {"category": "inquiry", "phone": CALLER})
    assert status == 400 and error["error"]["code"] == "invalid_input"
    assert tickets_of(CALLER) == []


def test_a_customer_sees_the_status_of_their_own_tickets_after_proving_the_number(api: Api) -> None:
    hire("ann", "fault")
    _, own = api.call("post", "/tickets", {"phone": CALLER, "category": "fault", "subject": "No signal"})
    api.call("post", "/tickets", {"phone": "+12125550143", "category": "fault", "subject": "Someone else's"})
    proof = _verified(api, CALLER)
    wrong = "000000" if proof["code"] != "000000" else "111111"
    status, error = api.call("post", "/self-service/my-tickets", {**proof, "code": wrong})
    assert status == 403 and error["error"]["code"] == "wrong_code"
    status, mine = api.call("post", "/self-service/my-tickets", proof)
    assert status == 200
    assert [(t["id"], t["status"], t["subject"]) for t in mine["items"]] == [
        (own["id"], "assigned", "No signal")
    ]
    assert "assignee" not in mine["items"][0] and "history" not in mine["items"][0]
