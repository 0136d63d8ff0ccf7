"""Disposition codes: what came of the contact, recorded on the ticket under the agent's name."""

from __future__ import annotations

import pytest

from chalicelib import tickets
from chalicelib.errors import InvalidInput
from tests.functional.tickets_support import hire, new_ticket

pytestmark = pytest.mark.usefixtures("aws")


def test_a_disposition_is_kept_in_the_history_under_the_agent() -> None:
    hire("ann", "fault")
    ticket = new_ticket(category="fault")
    changed = tickets.update_ticket(
        ticket["id"], {"disposition": "escalated", "status": "resolved"}, actor="Ann Lee"
    )
    by_ann = [
        (e["action"], e["detail"].get("to") or e["detail"].get("code"))
        for e in changed["history"]
        if e["actor"] == "Ann Lee"
    ]
    assert by_ann == [("status_changed", "resolved"), ("disposition", "escalated")]


def test_an_unknown_disposition_is_refused_and_changes_nothing() -> None:
    hire("ann", "fault")
    ticket = new_ticket(category="fault")
    with pytest.raises(InvalidInput) as refused:
        tickets.update_ticket(ticket["id"], {"disposition": "made_up"}, actor="Ann Lee")
    assert refused.value.code == "invalid_disposition"
    assert tickets.get_ticket(ticket["id"])["history"] == ticket["history"]
