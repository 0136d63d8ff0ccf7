"""Page tokens and the caller summary: pure functions the API and the flow rely on."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from chalicelib.api.contact_flow_lambdas import parse_contact
from chalicelib.caller_lookup import summarise
from chalicelib.errors import InvalidInput
from chalicelib.tickets.queries import decode_token, encode_token


@pytest.mark.usefixtures("aws")  # the stage's signing secret (moto's Secrets Manager) seals tokens
def test_a_page_token_round_trips_and_does_not_show_the_key_in_clear() -> None:
    key = {"ticket_id": {"S": "T-1"}, "phone": {"S": "+12125550142"}}
    token = encode_token(2, key)
    assert "+1212" not in token and "T-1" not in token
    assert decode_token(token) == (2, key)


@pytest.mark.parametrize("token", ["not-a-token", "e30", "!!!"])
def test_a_forged_token_is_a_clear_400(token: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_token(token)
    assert refused.value.code == "invalid_token"


def _ticket(day: int, category: str, channel: str, status: str, rating: int | None = None) -> Any:
    return SimpleNamespace(
        created_at=datetime(2026, 5, day, tzinfo=UTC),
        category=category,
        channel=channel,
        status=status,
        rating=rating,
    )


def test_the_summary_lists_the_latest_tickets_in_one_line() -> None:
    line = summarise(
        [_ticket(2, "complaint", "phone", "in_progress"), _ticket(1, "fault", "web", "closed", 4)]
    )
    assert (
        line == "Last 2: 2026-05-02 complaint by phone, in_progress; 2026-05-01 fault by web, closed, rated 4"
    )
    assert "\n" not in line
    assert summarise([]) == "No previous tickets"


def test_a_withheld_number_parses_as_no_phone() -> None:
    event = {
        "Name": "ContactFlowEvent",
        "Details": {
            "ContactData": {
                "ContactId": "c-1",
                "CustomerEndpoint": {"Address": "anonymous"},
                "Attributes": {},
            },
            "Parameters": {"rating": "4"},
        },
    }
    contact = parse_contact(event)
    assert contact.phone is None
    assert contact.contact_id == "c-1"
    assert contact.parameters == {"rating": "4"}
