"""Customer profiles and the erasure of a customer's personal data on request (DESIGN rule 7)."""

from __future__ import annotations

import pytest

from chalicelib import customers, tickets
from chalicelib.errors import NotFound
from tests.functional.tickets_support import CALLER, OTHER_CALLER, hire, new_ticket, open_count

pytestmark = pytest.mark.usefixtures("aws")


def test_a_profile_keeps_tier_language_tags_and_consent() -> None:
    saved = customers.put_customer(
        "+1 212-555-0142",
        {"name": "Grace", "tier": "card_holder", "tags": ["vip-event"], "consent": {"marketing_sms": True}},
    )
    assert saved["phone"] == CALLER and saved["priority"] == 4
    assert customers.get_customer(CALLER)["consent"] == {
        "marketing_voice": False,
        "marketing_sms": True,
        "service_calls": True,
    }


def test_erasing_a_customer_removes_the_profile_and_strips_their_tickets() -> None:
    hire("ann", "complaint")
    customers.put_customer(CALLER, {"name": "Grace", "tier": "top"})
    ticket = new_ticket(CALLER, "complaint", subject="My address is 1 Example St", description="call me")
    tickets.add_note(ticket["id"], {"text": "customer said her name is Grace"}, actor="ann")
    untouched = new_ticket(OTHER_CALLER, "complaint", subject="keep me")

    report = customers.erase_customer(CALLER, actor="dpo")
    assert report == {"phone": "*******0142", "profile_deleted": True, "tickets_erased": 1}
    with pytest.raises(NotFound):
        customers.get_customer(CALLER)
    erased = tickets.get_ticket(ticket["id"])
    assert erased["phone"] is None and erased["subject"] == "" and erased["description"] == ""
    assert [e["detail"].get("text") for e in erased["history"] if e["action"] == "note"] == ["[erased]"]
    assert erased["history"][-1]["action"] == "personal_data_erased"
    assert "0142" not in str(erased)
    assert tickets.list_tickets({"phone": CALLER})["items"] == []
    assert open_count("ann") == 2  # the work itself is still owed
    assert tickets.get_ticket(untouched["id"])["subject"] == "keep me"
    assert customers.erase_customer(CALLER, actor="dpo")["tickets_erased"] == 0
