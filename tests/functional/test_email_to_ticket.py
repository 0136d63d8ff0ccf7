"""Email to ticket on the local SES stand-in: a mail dropped into the mail bucket reaches the
function SES's receipt rule invokes; it opens a ticket, staff's reply goes out by SES with the
reference, and the customer's answer quoting it lands on the same ticket, but only when the
sender is proven."""

from __future__ import annotations

import os
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from chalice.test import Client

from chalicelib import tickets
from chalicelib.resources import MAIL_BUCKET
from local.aws import SUPPORT_EMAIL_ADDRESS, provision_support_mailbox
from local.runner import LocalRunner
from local.ses_receiving import drop_mail, receipt_event
from tests.functional.tickets_support import Api, function_app, hire
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.usefixtures("aws"),
]

CUSTOMER = "ada@example.org"
PROVEN = "mx.example.com; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass"
FORGED = "mx.example.com; spf=fail smtp.mailfrom=attacker.example; dkim=none; dmarc=fail"


@pytest.fixture
def runner() -> Iterator[LocalRunner]:
    from chalicelib.mail import ses

    bucket = "contact-centre-test-mail"
    boto3.client("s3").create_bucket(Bucket=bucket)
    os.environ[MAIL_BUCKET.env_var] = bucket
    provision_support_mailbox()
    ses.forget_client()
    yield LocalRunner(function_app())
    ses.forget_client()


def mail(
    subject: str,
    text: str,
    *,
    sender: str = CUSTOMER,
    authentication: str = PROVEN,
    attachment: bytes | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = f"Ada Example <{sender}>"
    message["To"] = SUPPORT_EMAIL_ADDRESS
    message["Subject"] = subject
    message["Authentication-Results"] = authentication
    message.set_content(text)
    if attachment is not None:
        message.add_attachment(attachment, maintype="image", subtype="png", filename="router.png")
    return bytes(message)


def deliver(runner: LocalRunner, raw: bytes) -> dict[str, Any]:
    """Drop the mail, let the local SES hand it over; the function's result for it."""
    key = drop_mail(raw)
    assert runner.deliver_mail() == 1
    runner.deliver_events()
    assert runner.failures == []
    ticket_id = _ticket_holding(key.rsplit("/", 1)[-1])
    return tickets.get_ticket(ticket_id)


def _ticket_holding(message_id: str) -> str:
    from chalicelib.tables.tickets import TicketRecord

    for record in TicketRecord.scan():
        for entry in record.history:
            if entry.detail.as_dict().get("message_id") == message_id:
                return str(record.ticket_id)
    raise AssertionError(f"no ticket holds mail {message_id}")


def messages_of(ticket: dict[str, Any]) -> list[str]:
    return [entry["detail"]["text"] for entry in ticket["history"] if entry["action"] == "customer_message"]


def sent_mail() -> list[Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def test_a_mail_opens_a_ticket_the_reply_goes_out_by_ses_and_the_answer_threads_back(
    runner: LocalRunner,
) -> None:
    hire("ann", "inquiry")
    ticket = deliver(runner, mail("Router broken", "It blinks red since Monday."))
    assert (ticket["channel"], ticket["email"], ticket["subject"]) == ("email", CUSTOMER, "Router broken")
    assert (ticket["assignee"], messages_of(ticket)) == ("ann", ["It blinks red since Monday."])

    with Client(function_app()) as client:
        status, sent = Api(signed_in(client, "agent")).call(
            "post", f"/tickets/{ticket['id']}/replies", {"text": "Please restart it and tell us."}
        )
    assert status == 201 and (sent["via"], sent["status"]) == ("email", "sent")
    [outgoing] = sent_mail()
    assert outgoing.source == SUPPORT_EMAIL_ADDRESS
    assert outgoing.destinations == {"ToAddresses": [CUSTOMER]}
    assert outgoing.subject == f"Re: Router broken [#{ticket['id']}]"
    assert outgoing.body == "Please restart it and tell us."

    answer = deliver(runner, mail(outgoing.subject, "Restarted, still red."))
    assert answer["id"] == ticket["id"]
    assert messages_of(answer) == ["It blinks red since Monday.", "Restarted, still red."]


def test_an_unauthenticated_mail_quoting_a_reference_is_not_threaded_onto_that_ticket(
    runner: LocalRunner,
) -> None:
    original = deliver(runner, mail("Router broken", "It blinks red."))
    forged = deliver(runner, mail(f"Re: [#{original['id']}]", "Send the refund to me", authentication=FORGED))
    assert forged["id"] != original["id"]
    assert forged["email"] is None  # nobody proven to answer to
    assert forged["history"][-1]["detail"]["quoted_reference"] == original["id"]
    assert forged["history"][-1]["detail"]["verified"] is False
    assert messages_of(tickets.get_ticket(original["id"])) == ["It blinks red."]


def test_a_proven_sender_cannot_write_into_someone_elses_ticket(runner: LocalRunner) -> None:
    original = deliver(runner, mail("Router broken", "It blinks red."))
    other = deliver(runner, mail(f"Re: [#{original['id']}]", "me too", sender="bob@example.net"))
    assert other["id"] != original["id"] and other["email"] == "bob@example.net"


def test_a_redelivered_mail_is_filed_once(runner: LocalRunner) -> None:
    raw = mail("Invoice", "Please send my invoice.", attachment=b"\x89PNG" + b"0" * 96)
    key = drop_mail(raw, message_id="ses-message-1")
    event = receipt_event(key, raw)
    handler = function_app().handler_map["receive_support_email"]
    first = handler(event, None)["results"]
    again = handler(event, None)["results"]
    assert first == again and first[0]["kind"] == "ticket_opened" and first[0]["verified"] is True
    ticket = tickets.get_ticket(first[0]["ticketId"])
    [message] = [entry for entry in ticket["history"] if entry["action"] == "customer_message"]
    assert message["detail"]["attachments"] == [
        {"filename": "router.png", "content_type": "image/png", "size": 100}
    ]
    assert message["detail"]["source"].endswith(f"/inbound/{key.rsplit('/', 1)[-1]}")
