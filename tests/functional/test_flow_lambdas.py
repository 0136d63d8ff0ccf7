"""The Lambdas Amazon Connect invokes, fed the real Connect event shape; answers are flat strings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import customers, tickets
from tests.functional.tickets_support import CALLER, connect_event, function_app, hire, new_ticket

pytestmark = pytest.mark.usefixtures("aws")
LOOKUP_KEYS = {
    "known",
    "tier",
    "priority",
    "language",
    "openTicketId",
    "ownerAgentId",
    "openTicketCategory",
    "fallbackCategory",
    "summary",
}


@pytest.fixture
def invoke() -> Iterator[Any]:
    with Client(function_app()) as client:

        def call(name: str, event: dict[str, Any]) -> dict[str, str]:
            payload = client.lambda_.invoke(name, event).payload
            assert isinstance(payload, dict)
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in payload.items()), payload
            return payload

        yield call


def test_an_unknown_caller_is_priority_five_with_no_ticket(invoke: Any) -> None:
    answer = invoke("lookup_customer", connect_event("+12125550199"))
    assert set(answer) == LOOKUP_KEYS
    assert answer["known"] == "false" and answer["priority"] == "5"
    assert answer["openTicketId"] == ""
    assert answer["ownerAgentId"] == "none"  # the flow branches on it: never an empty string
    assert answer["language"] == "en-US"


def test_an_unknown_chinese_number_is_greeted_in_chinese(invoke: Any) -> None:
    assert invoke("lookup_customer", connect_event("+8613800138000"))["language"] == "zh-CN"


def test_a_top_customer_with_an_open_ticket_is_routed_to_its_owner(invoke: Any) -> None:
    customers.put_customer(CALLER, {"name": "Grace Example", "tier": "top", "language": "zh-CN"})
    hire("ann", "fault", connect_user_id="0f3c6e4e-ann")
    old = new_ticket(CALLER, "inquiry")
    tickets.update_ticket(old["id"], {"status": "closed"}, actor="lead")
    current = new_ticket(CALLER, "fault")
    answer = invoke("lookup_customer", connect_event(CALLER))
    assert answer["known"] == "true"
    assert (answer["tier"], answer["priority"], answer["language"]) == ("top", "1", "zh-CN")
    assert answer["openTicketId"] == current["id"]
    assert answer["ownerAgentId"] == "0f3c6e4e-ann"
    assert answer["summary"].startswith("Last 2: ")
    assert "fault by web, assigned" in answer["summary"] and "inquiry by web, closed" in answer["summary"]
    assert "\n" not in answer["summary"]


def test_a_withheld_number_is_answered_as_unknown_not_an_error(invoke: Any) -> None:
    answer = invoke("lookup_customer", connect_event(None))
    assert answer["known"] == "false" and set(answer) == LOOKUP_KEYS


def test_a_voicemail_becomes_one_assigned_ticket_however_often_connect_retries(invoke: Any) -> None:
    hire("ann", "complaint")
    event = connect_event(
        CALLER,
        contact_id="c-voicemail",
        category="complaint",
        channel="voicemail",
        message="Please call me back about my bill",
        recordingRef="recordings/c-voicemail.wav",
    )
    first = invoke("open_ticket_from_flow", event)
    again = invoke("open_ticket_from_flow", event)
    assert set(first) == {"ticketId"} and first == again
    ticket = tickets.get_ticket(first["ticketId"])
    assert (ticket["channel"], ticket["category"], ticket["assignee"]) == ("voicemail", "complaint", "ann")
    assert ticket["recording_ref"] == "recordings/c-voicemail.wav"
    assert ticket["contact_id"] == "c-voicemail"
    assert len(tickets.list_tickets({"phone": CALLER})["items"]) == 1
    assert tickets.list_tickets({"assignee": "ann"})["items"][0]["id"] == first["ticketId"]


def test_a_message_with_an_unknown_category_is_filed_not_lost(invoke: Any) -> None:
    answer = invoke("open_ticket_from_flow", connect_event(CALLER, contact_id="c-2", category="???"))
    assert tickets.get_ticket(answer["ticketId"])["category"] == "inquiry"


def test_a_rating_is_stored_against_the_contact_and_the_ticket_once(invoke: Any) -> None:
    ticket = new_ticket()
    event = connect_event(CALLER, contact_id="c-rated", rating="4", ticketId=ticket["id"])
    assert invoke("record_rating", event) == {"stored": "true"}
    assert invoke("record_rating", event) == {"stored": "true"}
    rated = [e for e in tickets.get_ticket(ticket["id"])["history"] if e["action"] == "contact_rated"]
    assert [e["detail"] for e in rated] == [{"contact_id": "c-rated", "rating": 4}]


def test_a_rating_without_a_ticket_is_still_kept_with_the_contact(invoke: Any) -> None:
    from chalicelib.tables import ContactRatingRecord

    assert invoke("record_rating", connect_event(CALLER, contact_id="c-alone", rating="5")) == {
        "stored": "true"
    }
    assert ContactRatingRecord.get("c-alone").rating == 5


@pytest.mark.parametrize("pressed", ["0", "6", "#", "", "4.5", "five"])
def test_an_invalid_key_press_is_not_stored_and_does_not_raise(invoke: Any, pressed: str) -> None:
    assert invoke("record_rating", connect_event(CALLER, contact_id="c-bad", rating=pressed)) == {
        "stored": "false"
    }
