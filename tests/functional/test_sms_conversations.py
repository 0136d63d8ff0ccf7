"""A free-text SMS: answered by the assistant, or turned into a ticket whose reference and agent
replies go back by SMS; once each however often the SMS is delivered."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from chalice.test import Client

from chalicelib import tickets
from chalicelib.assistant_port import Answer, Handover
from chalicelib.sms_conversations import handle_free_text
from tests.callbacks_support import sms_sent_to
from tests.functional.sms_support import inbound_sms_event
from tests.functional.tickets_support import Api, function_app, hire
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.usefixtures("aws"),
]

CUSTOMER = "+12125550160"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def client() -> Iterator[Client]:
    with Client(function_app()) as test_client:
        yield test_client


def receive(client: Client, body: str, message_id: str, phone: str = CUSTOMER) -> list[str]:
    event = inbound_sms_event(phone, body, message_id=message_id)
    return list(client.lambda_.invoke("receive_sms_reply", event).payload["results"])


def sms_tickets(phone: str = CUSTOMER) -> list[dict[str, Any]]:
    return [tickets.get_ticket(item["id"]) for item in tickets.list_tickets({"phone": phone})["items"]]


def customer_messages(ticket: dict[str, Any]) -> list[str]:
    return [entry["detail"]["text"] for entry in ticket["history"] if entry["action"] == "customer_message"]


def test_an_unanswered_sms_opens_a_ticket_and_texts_back_its_reference(client: Client) -> None:
    hire("ann", "inquiry")
    assert receive(client, "My router keeps rebooting since Monday", "m-1") == ["ticket_opened"]
    [ticket] = sms_tickets()
    assert (ticket["channel"], ticket["category"], ticket["assignee"]) == ("sms", "inquiry", "ann")
    assert customer_messages(ticket) == ["My router keeps rebooting since Monday"]
    [texted] = sms_sent_to(CUSTOMER)
    assert ticket["id"] in texted and "reply by SMS" in texted


def test_a_redelivered_sms_opens_one_ticket_and_texts_once(client: Client) -> None:
    for _ in range(3):
        assert receive(client, "Where is my parcel?", "m-1") == ["ticket_opened"]
    [ticket] = sms_tickets()
    assert customer_messages(ticket) == ["Where is my parcel?"]
    assert len(sms_sent_to(CUSTOMER)) == 1


def test_the_next_sms_lands_on_the_open_sms_ticket(client: Client) -> None:
    receive(client, "Where is my parcel?", "m-1")
    assert receive(client, "It was due yesterday", "m-2") == ["ticket_updated"]
    [ticket] = sms_tickets()
    assert customer_messages(ticket) == ["Where is my parcel?", "It was due yesterday"]
    first, second = sms_sent_to(CUSTOMER)
    assert ticket["id"] in first and ticket["id"] in second and second != first


def test_a_chinese_sms_is_answered_in_chinese(client: Client) -> None:
    receive(client, "宽带一直断线", "m-zh")
    [ticket] = sms_tickets()
    [texted] = sms_sent_to(CUSTOMER)
    assert f"工单号 {ticket['id']}" in texted


def test_an_answered_sms_gets_the_answer_by_sms_and_no_ticket() -> None:
    def assistant(text: str, language: str) -> Answer | Handover:
        assert (text, language) == ("opening hours?", "en-US")
        return Answer("We are open 9:00-18:00, Monday to Friday.", article_id="hours")

    outcome = handle_free_text(CUSTOMER, " opening hours? ", message_id="m-9", now=NOW, assistant=assistant)
    again = handle_free_text(CUSTOMER, "opening hours?", message_id="m-9", now=NOW, assistant=assistant)
    assert (outcome.kind, outcome.sms, again.sms) == ("answered", "sent", "sent")
    [texted] = sms_sent_to(CUSTOMER)
    assert texted.startswith("We are open 9:00-18:00") and "AGENT" in texted
    assert sms_tickets() == []


def test_a_complaint_handed_over_opens_a_complaint_ticket() -> None:
    outcome = handle_free_text(
        CUSTOMER,
        "your engineer never came",
        message_id="m-c",
        now=NOW,
        assistant=lambda *_: Handover("complaint"),
    )
    [ticket] = sms_tickets()
    assert (outcome.kind, ticket["category"], ticket["priority"]) == ("ticket_opened", "complaint", 2)


def test_stop_and_survey_digits_are_not_conversations(client: Client) -> None:
    assert receive(client, "STOP", "m-stop") == ["opted_out"]
    assert receive(client, "4", "m-digit") == ["no_survey"]
    assert sms_tickets() == [] and sms_sent_to(CUSTOMER) == []


def test_an_agent_reply_on_the_ticket_goes_back_by_sms_once(client: Client) -> None:
    hire("ann", "inquiry")
    receive(client, "Can I move my installation date?", "m-1")
    [ticket] = sms_tickets()
    api = Api(signed_in(client, "agent"))
    reply = {"text": "Yes: reply with a date that suits you.", "replyId": "r-1"}
    for _ in range(2):  # a retried request
        status, sent = api.call("post", f"/tickets/{ticket['id']}/replies", reply)
        assert status == 201 and sent == {"replyId": "r-1", "via": "sms", "status": "sent"}
    texts = sms_sent_to(CUSTOMER)
    assert texts[1:] == [f"Yes: reply with a date that suits you. (ref {ticket['id']})"]
    history = tickets.get_ticket(ticket["id"])["history"]
    assert [entry["action"] for entry in history].count("reply") == 1
    assert [entry["detail"]["status"] for entry in history if entry["action"] == "reply_delivery"] == ["sent"]


def test_a_reply_to_a_missing_ticket_is_a_404(client: Client) -> None:
    status, error = Api(signed_in(client, "agent")).call(
        "post", "/tickets/T-000000000000/replies", {"text": "hello"}
    )
    assert status == 404 and error["error"]["code"] == "not_found"


def test_an_sms_the_knowledge_base_answers_is_answered_from_the_article(client: Client) -> None:
    from tests.knowledge_support import seed_repository_knowledge

    seed_repository_knowledge()
    assert receive(client, "我的发票在哪里下载", "m-kb") == ["answered"]
    [texted] = sms_sent_to(CUSTOMER)
    assert texted.startswith("登录网站或App")  # the billing-invoice-copy article's short answer
    assert sms_tickets() == []
    assert receive(client, "人工", "m-kb-2") == ["ticket_opened"]  # asking for a person is a ticket
