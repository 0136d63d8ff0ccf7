"""What the marketers' pages show of campaigns: the list a page at a time, and one campaign's live
figures (dialled, answered, keys pressed, SMS fallbacks, opt-outs) and why its contacts are not
called yet.

    campaigns_page(cursor=None)      # {"campaigns": [{id, name, status, progress, ...}], "next": ...}
    live_figures(counters, menu)     # {"dialled": 12, "answered": 7, ...}
    not_yet_called("parcel-arrival") # {"queued": 3, "waiting: outside_window": 5, ...}
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from chalicelib.cursors import cursor_of, start_key_of
from chalicelib.tables import CampaignContactRecord, CampaignRecord

if TYPE_CHECKING:
    from collections.abc import Mapping

PAGE_SIZE = 25
#: How many not-yet-called contacts of each state are read to count them (keys only) and, for
#: waiting ones, group them by reason; beyond it the figures say "at least".
NOT_YET_LIMIT = 1_000
#: Outcomes where the callee picked up.
ANSWERED_OUTCOMES = ("completed", "key_pressed", "hung_up_early")


def live_figures(counters: Mapping[str, int], menu: Mapping[str, Any]) -> dict[str, int]:
    """The campaign's counters as a marketer reads them. Pure.

    ``menu`` is the definition's ``menu`` ({key: {"action": ...}}): opt-outs are the presses of
    its opt_out keys plus the numbers the opt-out list refused.
    """
    opt_out_keys = [key for key, option in menu.items() if dict(option).get("action") == "opt_out"]
    keys = {name.removeprefix("key."): value for name, value in counters.items() if name.startswith("key.")}
    return {
        "callable": counters.get("contacts.callable", 0),
        "finished": counters.get("contacts.finished", 0),
        "dialled": counters.get("calls.placed", 0),
        "answered": sum(counters.get(f"outcome.{outcome}", 0) for outcome in ANSWERED_OUTCOMES),
        "keys_pressed": sum(keys.values()),
        "sms_fallbacks": counters.get("sms.sent", 0),
        "opt_outs": sum(keys.get(key, 0) for key in opt_out_keys) + counters.get("refused.opted_out", 0),
        "refused": sum(value for name, value in counters.items() if name.startswith("refused.")),
        "duplicates": counters.get("contacts.duplicates", 0),
    }


def not_yet_called(campaign_id: str, limit: int = NOT_YET_LIMIT) -> dict[str, Any]:
    """Contacts not finished yet, by why: queued, being dialled, waiting per reason."""
    counts: Counter[str] = Counter()
    capped = False
    for state in ("queued", "dialling", "waiting"):
        keys = list(CampaignContactRecord.by_state.query(f"{campaign_id}#{state}", limit=limit))
        capped = capped or len(keys) >= limit
        if state != "waiting":
            if keys:
                counts[state] = len(keys)
            continue
        for record in CampaignContactRecord.batch_get(
            [(campaign_id, key.phone) for key in keys], attributes_to_get=["phone", "reason"]
        ):
            counts[f"waiting: {record.reason or 'retry'}"] += 1
    return {"counts": dict(counts), "at_least": capped}


def campaigns_page(cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """One page of campaigns, newest first within the page, each with status and progress."""
    from chalicelib.campaigns import runs

    last_key = start_key_of(cursor) if cursor else None
    result = CampaignRecord.scan(limit=limit or PAGE_SIZE, last_evaluated_key=last_key)
    records = sorted(result, key=lambda record: record.created_at, reverse=True)
    campaigns = []
    for record in records:
        counters = runs.counters(record.campaign_id)
        callable_contacts = counters.get("contacts.callable", 0)
        finished = counters.get("contacts.finished", 0)
        campaigns.append(
            {
                **runs.describe(record),
                "purpose": dict(record.definition.as_dict().get("campaign") or {}).get("purpose"),
                "progress": round(finished / callable_contacts, 4) if callable_contacts else 0.0,
                "callable": callable_contacts,
                "finished": finished,
            }
        )
    last = result.last_evaluated_key
    return {"campaigns": campaigns, "next": cursor_of(last) if last else None}


def campaign_view(campaign_id: str) -> dict[str, Any]:
    """``runs.status_report`` and the live figures, for the campaign's page."""
    from chalicelib.campaigns import runs

    report = runs.status_report(campaign_id)
    definition = dict(runs.get_record(campaign_id).definition.as_dict().get("campaign") or {})
    report["definition"] = definition
    report["live"] = live_figures(report["counters"], dict(definition.get("menu") or {}))
    report["not_yet_called"] = not_yet_called(campaign_id)
    return report
