"""The local stack serves the real Chalice app over HTTP against moto: what `make demo` relies on."""

from __future__ import annotations

from typing import Any

import requests

from local.staff_directory import demo_headers


def _url(stack: Any, path: str) -> str:
    return f"{stack.api_url}{path}"


def _agent(stack: Any) -> dict[str, str]:
    """The seeded agent's token: customers and tickets are the front line's routes."""
    return demo_headers(stack.api_url, "agent")


def test_health_answers_over_http(local_stack: Any) -> None:
    response = requests.get(_url(local_stack, "/health"), timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_customer_saved_over_http_reads_back_with_its_priority(local_stack: Any) -> None:
    put = requests.put(
        _url(local_stack, "/customers/%2B12125550101"),
        json={"name": "Grace Example", "tier": "top", "language": "zh-CN"},
        headers=_agent(local_stack),
        timeout=5,
    )
    assert put.status_code == 200
    got = requests.get(
        _url(local_stack, "/customers/%2B12125550101"), headers=_agent(local_stack), timeout=5
    ).json()
    assert got["name"] == "Grace Example"
    assert got["priority"] == 1
    assert got["language"] == "zh-CN"


def test_a_ticket_created_over_http_is_stored_with_its_history(local_stack: Any) -> None:
    created = requests.post(
        _url(local_stack, "/tickets"),
        json={"phone": "+12125550102", "category": "complaint", "subject": "Late delivery"},
        headers=_agent(local_stack),
        timeout=5,
    )
    assert created.status_code == 201
    ticket_id = created.json()["id"]
    got = requests.get(
        _url(local_stack, f"/tickets/{ticket_id}"), headers=_agent(local_stack), timeout=5
    ).json()
    assert got["category"] == "complaint"
    assert got["status"] == "new"
    assert [entry["action"] for entry in got["history"]] == ["created"]
    assert got["history"][0]["actor"] == "agent1"  # the signed-in person, not an IAM principal


def test_bad_input_gets_a_4xx_with_the_error_shape(local_stack: Any) -> None:
    response = requests.post(
        _url(local_stack, "/tickets"), data="{not json", headers=_agent(local_stack), timeout=5
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"
    unknown = requests.get(
        _url(local_stack, "/tickets/T-does-not-exist"), headers=_agent(local_stack), timeout=5
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "not_found"
