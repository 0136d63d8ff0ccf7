"""The customer 360 the console pops: each part comes from the module that owns it (moto)."""

from __future__ import annotations

import pytest

from chalicelib import clock, customers
from chalicelib.callbacks import bookings, scheduling
from chalicelib.callbacks.bookings import BookingRequest
from chalicelib.customer_360 import contact_context, customer_360
from chalicelib.quality import aggregates
from chalicelib.quality.repeats import link_contact
from chalicelib.screening import ListEntry, ScreeningList, add_entry
from tests.callbacks_support import FIRST_SLOT, MONDAY_MORNING, week_settings
from tests.functional.tickets_support import CALLER, hire, new_ticket

NOW = MONDAY_MORNING


@pytest.fixture
def at_monday_morning(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from local.serial_dynamodb import serialize_dynamodb

    serialize_dynamodb()
    scheduling.forget_client()
    monkeypatch.setattr(clock, "source", NOW.timestamp)


def _warn(phone: str, note: str) -> None:
    entry = ListEntry(ScreeningList.WARN, reason=note, source="api", added_by="supervisor-1", added_at=NOW)
    add_entry(phone, entry, NOW)


@pytest.mark.usefixtures("at_monday_morning")
def test_a_warning_listed_vip_shows_the_flag_and_note_open_tickets_contacts_and_booking() -> None:
    customers.put_customer(CALLER, {"name": "Ada Example", "tier": "top", "language": "zh-CN"})
    _warn(CALLER, "Abusive on the last two calls: stay calm, escalate to a supervisor")
    hire("ann", "fault")
    ticket = new_ticket(CALLER, "fault", subject="Router keeps rebooting")
    bookings.book(
        BookingRequest(phone=CALLER, starts_at=FIRST_SLOT, reason="billing question"),
        week_settings(),
        now=NOW,
    )
    earlier = NOW.timestamp() - 3600
    link_contact("contact-earlier", CALLER, earlier)
    aggregates.apply(
        "contact-earlier",
        {
            "kind": "contact",
            "initiated_at": earlier,
            "agent_connected_at": earlier + 30,
            "agent": "ann",
            "rating": 2,
        },
        at=earlier,
    )

    view = customer_360(CALLER, {"category": "fault", "openTicketId": ticket["id"]})

    assert (view["name"], view["language"], view["tier"], view["vip"]) == (
        "Ada Example",
        "zh-CN",
        "top",
        True,
    )
    assert view["warning"]["flagged"] is True
    assert view["warning"]["note"] == "Abusive on the last two calls: stay calm, escalate to a supervisor"
    assert [t["id"] for t in view["open_tickets"]] == [ticket["id"]]
    phone_contact = next(c for c in view["recent_contacts"] if c.get("contact_id") == "contact-earlier")
    assert (phone_contact["channel"], phone_contact["outcome"], phone_contact["rating"]) == (
        "phone",
        "handled",
        2,
    )
    assert any(c.get("ticket_id") == ticket["id"] for c in view["recent_contacts"])
    assert view["pending_callback"]["reason"] == "billing question"
    assert view["pending_callback"]["starts_at"].startswith("2026-03-02T01:00")
    assert view["contact"]["category"] == "fault"


@pytest.mark.usefixtures("at_monday_morning")
def test_an_unknown_caller_is_flagged_when_the_flow_screened_a_warning_even_off_the_list_now() -> None:
    view = customer_360("+12125550177", {"callerWarning": "true", "customerTier": "normal"})
    assert view["known"] is False and view["vip"] is False
    assert view["warning"] == {"flagged": True, "note": "", "added_by": None, "added_at": None}
    assert view["open_tickets"] == [] and view["recent_contacts"] == [] and view["pending_callback"] is None


def test_a_campaign_transfer_names_the_campaign_and_the_key_pressed() -> None:
    context = contact_context(
        {"campaignId": "parcel-arrival", "pressedKey": "3", "transferredToAgent": "true", "bookingId": "none"}
    )
    assert context["campaign"] == {"id": "parcel-arrival", "key_pressed": "3", "transferred": True}
    assert context["booking"] is None and context["warning"] is False


def test_a_callback_call_says_why_it_was_booked() -> None:
    context = contact_context({"bookingId": "b-1", "bookingReference": "AB12CD34", "bookingReason": "fault"})
    assert context["booking"] == {"id": "b-1", "reference": "AB12CD34", "reason": "fault"}
    assert context["campaign"] is None
