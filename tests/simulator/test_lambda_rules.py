"""Connect's rules for flow Lambdas: a flat map of strings in time, else the error branch."""

from __future__ import annotations

from typing import Any

import pytest

from local.connect_simulator import ConnectSimulator, Party, install_contact_centre, local_lambda_arn


def _centre(**handlers: Any) -> ConnectSimulator:
    sim = ConnectSimulator()
    defaults = {
        "screen_caller": lambda event, context: {
            "verdict": "allow",
            "reason": "not_listed",
            "warning": "false",
        },
        "lookup_customer": lambda event, context: {
            "known": "false",
            "priority": "5",
            "language": "en-US",
            "ownerAgentId": "",
            "openTicketId": "",
        },
        "open_ticket_from_flow": lambda event, context: {"ticketId": "T-1"},
        "record_rating": lambda event, context: {"stored": "true"},
    }
    for name, handler in {**defaults, **handlers}.items():
        sim.lambdas.register(local_lambda_arn(name), handler, name)
    install_contact_centre(sim)
    return sim


def _call(sim: ConnectSimulator, presses: list[str]) -> Any:
    contact_id = sim.place_inbound_call("+12125550142", Party.answers(presses=presses))
    sim.run_until_idle()
    assert sim.flow_errors == []
    return sim.contacts[contact_id]


def test_the_lambda_gets_the_real_connect_event_shape() -> None:
    seen: list[dict[str, Any]] = []

    def screen(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append(event)
        return {"verdict": "allow", "reason": "not_listed", "warning": "false"}

    _call(_centre(screen_caller=screen), ["1"])
    event = seen[0]
    assert event["Name"] == "ContactFlowEvent"
    data = event["Details"]["ContactData"]
    assert data["CustomerEndpoint"] == {"Address": "+12125550142", "Type": "TELEPHONE_NUMBER"}
    assert data["Channel"] == "VOICE" and data["InitiationMethod"] == "INBOUND"
    assert data["Attributes"]["language"] == "en-US"
    assert event["Details"]["Parameters"] == {}


@pytest.mark.parametrize(
    "answer",
    [
        {"verdict": "block", "reason": "blacklisted", "warning": False},  # a bool is not a string
        {"verdict": "block", "reason": {"list": "block"}, "warning": "false"},  # nested
        ["block"],  # not an object
    ],
)
def test_a_screening_answer_that_is_not_a_flat_string_map_takes_the_error_branch(answer: Any) -> None:
    contact = _call(_centre(screen_caller=lambda event, context: answer), ["1"])
    assert contact.attributes["screeningVerdict"] == "unavailable"  # fails open, not refused
    assert contact.queue_name == "fault"


def test_a_failing_lookup_still_routes_the_caller_at_the_default_priority() -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, str]:
        raise RuntimeError("table unavailable")

    contact = _call(_centre(lookup_customer=broken), ["1"])
    assert (contact.queue_name, contact.priority) == ("fault", 3)
    assert any("failed: RuntimeError" in line.text for line in contact.lines)
