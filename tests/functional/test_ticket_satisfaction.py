"""Ticket satisfaction in the KPIs: the rating given through the API, and the SMS survey a resolved
ticket's customer gets (once), answered by SMS; through the Chalice app against moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from chalice.test import Client

from chalicelib import customers, tickets
from chalicelib.quality import ratings
from chalicelib.screening import ListEntry, ScreeningList, add_entry
from tests.functional.tickets_support import CALLER, Api, function_app, hire, new_ticket
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.usefixtures("aws"),
]
FAULT_QUEUE = "11111111-fault"
ANN = "user-ann"  # ann's Amazon Connect user id: how the KPIs know her


@pytest.fixture(autouse=True)
def centre(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECT_QUEUE_IDS", json.dumps({"fault": FAULT_QUEUE}))
    monkeypatch.delenv("SUPERVISOR_AGENT_ID", raising=False)
    hire("ann", "fault", connect_user_id=ANN)
    hire("sue", "complaint")  # takes the supervisor follow-ups


class Centre(Api):
    """The app as staff, customers and the SMS provider reach it."""

    def set_status(self, ticket_id: str, status: str) -> dict[str, Any]:
        code, ticket = self.call("patch", f"/tickets/{ticket_id}", {"status": status})
        assert code == 200, ticket
        return dict(ticket)

    def rate(self, ticket_id: str, rating: int, phone: str = CALLER) -> tuple[int, Any]:
        return self.call("post", f"/tickets/{ticket_id}/rating", {"phone": phone, "rating": rating})

    def reply_by_sms(self, phone: str, text: str) -> list[str]:
        message = {"originationNumber": phone, "destinationNumber": "+12125550100", "messageBody": text}
        event = {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(message)}}]}
        return list(self.client.lambda_.invoke("receive_sms_reply", event).payload["results"])

    def satisfaction(self, dimension: str, name: str) -> dict[str, Any]:
        """This week's rating counters of one agent or queue (zeros when it has none)."""
        code, report = self.call("get", f"/metrics?dimension={dimension}")
        assert code == 200, report
        row = next((row for row in report["rows"] if row["name"] == name), None)
        counters = row["counters"] if row else {}
        return {key: counters.get(key, 0) for key in ("ratings", "rating_sum")}


@pytest.fixture
def centre_app() -> Iterator[Centre]:
    with Client(function_app()) as client:
        yield Centre(signed_in(client))


def sms_sent_to(phone: str) -> list[str]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    backend = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
    return [text for number, text in backend.sms_messages.values() if number == phone]


def follow_ups(phone: str) -> list[dict[str, Any]]:
    listed = tickets.list_tickets({"phone": phone})["items"]
    return [ticket for ticket in listed if ticket["subject"].startswith("Follow up")]


def actions(ticket: dict[str, Any]) -> list[str]:
    return [entry["action"] for entry in ticket["history"]]


def test_resolving_texts_the_survey_and_a_reply_of_2_counts_for_the_agent_and_opens_a_follow_up(
    centre_app: Centre,
) -> None:
    ticket = new_ticket(CALLER, "fault")
    assert ticket["assignee"] == "ann" and sms_sent_to(CALLER) == []

    resolved = centre_app.set_status(ticket["id"], "resolved")
    assert len(sms_sent_to(CALLER)) == 1
    assert resolved["history"][-1]["action"] == "survey_sent"
    assert resolved["history"][-1]["detail"] == {"language": "en-US"}

    assert centre_app.reply_by_sms(CALLER, "2") == ["recorded"]

    assert centre_app.satisfaction("agent", ANN) == {"ratings": 1, "rating_sum": 2}
    assert centre_app.satisfaction("queue", FAULT_QUEUE) == {"ratings": 1, "rating_sum": 2}
    assert tickets.get_ticket(ticket["id"])["rating"] == 2
    [follow_up] = follow_ups(CALLER)
    assert (follow_up["category"], follow_up["assignee"], follow_up["channel"]) == ("complaint", "sue", "sms")
    assert centre_app.reply_by_sms(CALLER, "1") == ["already_answered"]
    assert centre_app.satisfaction("agent", ANN) == {"ratings": 1, "rating_sum": 2}


def test_closing_after_resolving_or_resolving_again_after_reopening_sends_no_second_survey(
    centre_app: Centre,
) -> None:
    ticket = new_ticket(CALLER, "fault")
    centre_app.set_status(ticket["id"], "resolved")
    centre_app.set_status(ticket["id"], "closed")
    other = new_ticket(CALLER, "fault")  # the customer's next survey replaces this one's invitation
    centre_app.set_status(other["id"], "resolved")
    assert len(sms_sent_to(CALLER)) == 2
    centre_app.set_status(ticket["id"], "reopened")
    centre_app.set_status(ticket["id"], "resolved")
    final = centre_app.set_status(ticket["id"], "closed")
    assert len(sms_sent_to(CALLER)) == 2
    assert [action for action in actions(final) if action.startswith("survey")] == ["survey_sent"]


def test_a_ticket_closed_without_reply_is_surveyed_in_the_customers_language(centre_app: Centre) -> None:
    phone = "+8613800138021"
    customers.put_customer(phone, {"name": "Li Wei", "language": "zh-CN"})
    ticket = new_ticket(phone, "fault")
    centre_app.set_status(ticket["id"], "in_progress")
    centre_app.set_status(ticket["id"], "waiting_on_customer")
    closed = centre_app.set_status(ticket["id"], "closed")
    [text] = sms_sent_to(phone)
    assert any("\u4e00" <= character <= "\u9fff" for character in text)
    assert closed["history"][-1]["detail"] == {"language": "zh-CN"}


def opt_out_by_sms(phone: str) -> None:
    from chalicelib.sms_replies import handle_inbound_sms

    assert handle_inbound_sms(phone, "STOP") == "opted_out"


def blacklist(phone: str) -> None:
    now = datetime.now(UTC)
    add_entry(phone, ListEntry(ScreeningList.BLOCK, "abusive", "agent", "lead", now), now)


@pytest.mark.parametrize(
    ("screen_out", "reason"), [(opt_out_by_sms, "opted_out"), (blacklist, "blacklisted")]
)
def test_an_opted_out_or_blacklisted_number_gets_no_survey(
    centre_app: Centre, screen_out: Any, reason: str
) -> None:
    phone = "+12125550149"
    ticket = new_ticket(phone, "fault")
    screen_out(phone)
    resolved = centre_app.set_status(ticket["id"], "resolved")
    assert sms_sent_to(phone) == []
    assert resolved["history"][-1]["action"] == "survey_not_sent"
    assert resolved["history"][-1]["detail"] == {"reason": reason}


def test_no_survey_without_a_phone_or_for_a_ticket_closed_unworked(centre_app: Centre) -> None:
    withheld = tickets.open_ticket(
        tickets.TicketRequest(phone=None, category="fault", channel="voicemail", actor="ivr")
    )
    assert "survey" not in str(centre_app.set_status(withheld.ticket_id, "resolved")["history"])
    duplicate = new_ticket("+12125550147", "consultation")  # nobody has the skill: it stays new
    assert duplicate["status"] == "new"
    closed = centre_app.set_status(duplicate["id"], "closed")
    assert sms_sent_to("+12125550147") == [] and "survey" not in str(closed["history"])


def test_a_supervisor_follow_up_is_not_surveyed_when_it_is_resolved(centre_app: Centre) -> None:
    ticket = new_ticket(CALLER, "fault")
    centre_app.set_status(ticket["id"], "resolved")
    centre_app.reply_by_sms(CALLER, "1")
    [follow_up] = follow_ups(CALLER)
    done = centre_app.set_status(follow_up["id"], "resolved")
    assert len(sms_sent_to(CALLER)) == 1
    assert "survey_sent" not in actions(done) and "survey_not_sent" not in actions(done)


def test_an_api_rating_counts_once_for_the_assignee_and_the_queue_however_often_it_is_sent(
    centre_app: Centre,
) -> None:
    ticket = new_ticket(CALLER, "fault")
    centre_app.set_status(ticket["id"], "resolved")
    assert centre_app.rate(ticket["id"], 4)[0] == 200
    assert centre_app.rate(ticket["id"], 4)[0] == 200  # a retried request answers as the first did
    code, error = centre_app.rate(ticket["id"], 1)  # a second opinion is refused, not counted
    assert (code, error["error"]["code"]) == (409, "already_rated")
    assert centre_app.satisfaction("agent", ANN) == {"ratings": 1, "rating_sum": 4}
    assert centre_app.satisfaction("queue", FAULT_QUEUE) == {"ratings": 1, "rating_sum": 4}
    assert follow_ups(CALLER) == []


def test_a_low_api_rating_opens_exactly_one_follow_up(centre_app: Centre) -> None:
    ticket = new_ticket(CALLER, "fault")
    centre_app.set_status(ticket["id"], "resolved")
    for _ in range(2):
        assert centre_app.rate(ticket["id"], 1)[0] == 200
    [follow_up] = follow_ups(CALLER)
    assert (follow_up["assignee"], follow_up["channel"]) == ("sue", "web")
    assert centre_app.satisfaction("agent", ANN) == {"ratings": 1, "rating_sum": 1}


def test_a_retried_rating_counts_what_a_failed_first_attempt_did_not(
    centre_app: Centre, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = new_ticket(CALLER, "fault")
    centre_app.set_status(ticket["id"], "resolved")
    count = ratings.record_rating

    def crash(*args: Any, **kwargs: Any) -> str | None:
        raise RuntimeError("the Lambda died after storing the rating")

    monkeypatch.setattr(ratings, "record_rating", crash)
    assert centre_app.rate(ticket["id"], 5)[0] == 500
    assert centre_app.satisfaction("agent", ANN) == {"ratings": 0, "rating_sum": 0}
    monkeypatch.setattr(ratings, "record_rating", count)
    assert centre_app.rate(ticket["id"], 5)[0] == 200
    assert centre_app.satisfaction("agent", ANN) == {"ratings": 1, "rating_sum": 5}


def test_the_first_rating_of_a_ticket_wins_whichever_way_it_came(centre_app: Centre) -> None:
    by_api_first = new_ticket(CALLER, "fault")
    centre_app.set_status(by_api_first["id"], "resolved")
    assert centre_app.rate(by_api_first["id"], 5)[0] == 200
    assert centre_app.reply_by_sms(CALLER, "1") == ["recorded"]  # the survey is answered ...
    assert tickets.get_ticket(by_api_first["id"])["rating"] == 5  # ... but the ticket keeps its 5
    assert follow_ups(CALLER) == []

    phone = "+12125550148"
    by_sms_first = new_ticket(phone, "fault")
    centre_app.set_status(by_sms_first["id"], "resolved")
    assert centre_app.reply_by_sms(phone, "3") == ["recorded"]
    code, error = centre_app.rate(by_sms_first["id"], 5, phone=phone)
    assert (code, error["error"]["code"]) == (409, "already_rated")
    assert centre_app.satisfaction("agent", ANN) == {"ratings": 2, "rating_sum": 8}


def test_the_agent_report_shows_the_agents_name_from_the_directory(centre_app: Centre) -> None:
    ticket = new_ticket(CALLER, "fault")
    centre_app.set_status(ticket["id"], "resolved")
    assert centre_app.reply_by_sms(CALLER, "4") == ["recorded"]
    code, report = centre_app.call("get", "/metrics?dimension=agent")
    assert code == 200, report
    (row,) = [row for row in report["rows"] if row["name"] == ANN]  # keyed by the Connect user id
    assert row["label"] == "Ann"
