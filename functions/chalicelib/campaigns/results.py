"""Reading a campaign's contacts back: by state through the index, or all of them, a page at a time."""

from __future__ import annotations

from typing import Any

from chalicelib.cursors import cursor_of, start_key_of
from chalicelib.errors import InvalidInput
from chalicelib.tables import CampaignContactRecord

PAGE_SIZE = 200
STATES = ("queued", "waiting", "dialling", "done", "refused", "cancelled")


def contact_row(record: CampaignContactRecord) -> dict[str, Any]:
    return {
        "phone": record.phone,
        "row": int(record.row) if record.row is not None else None,
        "state": record.state,
        "reason": record.reason,
        "outcome": record.outcome,
        "pressed_key": record.pressed_key,
        "attempts": len(record.attempts),
        "language": record.language,
        "sms": record.sms_state,
        "sms_sent_at": record.sms_sent_at.isoformat() if record.sms_sent_at else None,
        "next_attempt_at": record.next_attempt_at.isoformat() if record.next_attempt_at else None,
    }


def contacts_page(campaign_id: str, state: str | None = None, cursor: str | None = None) -> dict[str, Any]:
    """One page of contacts (``next`` is an opaque cursor), optionally only those in ``state``."""
    if state is not None and state not in STATES:
        raise InvalidInput(f"state must be one of {', '.join(STATES)}; got {state!r}")
    last_key = start_key_of(cursor) if cursor else None
    if state is None:
        result = CampaignContactRecord.query(campaign_id, limit=PAGE_SIZE, last_evaluated_key=last_key)
        items = list(result)
    else:
        keys = CampaignContactRecord.by_state.query(
            f"{campaign_id}#{state}", limit=PAGE_SIZE, last_evaluated_key=last_key
        )
        keys_list = list(keys)
        result = keys
        items = list(CampaignContactRecord.batch_get([(campaign_id, key.phone) for key in keys_list]))
        items.sort(key=lambda item: item.phone)
    return {
        "contacts": [contact_row(item) for item in items],
        "next": cursor_of(result.last_evaluated_key) if result.last_evaluated_key else None,
    }
