"""What is known about one contact, merged so that order and repetition do not matter.

A contact's facts arrive in pieces: contact events (INITIATED, QUEUED, CONNECTED_TO_AGENT,
DISCONNECTED, possibly duplicated, possibly out of order), a rating, a campaign outcome, a later
contact from the same customer. ``merge`` is commutative and idempotent (each fact has a rule:
earliest, latest, once, any-true), so the merged facts, and therefore the contact's contribution
to the KPIs (``contribution``), depend only on the set of pieces seen, never on their order.

    >>> facts = merge({}, {"disconnected_at": 130.0, "enqueued_at": 100.0}, at=130.0)
    >>> facts = merge(facts, {"enqueued_at": 100.0}, at=100.0)   # a late QUEUED: nothing new
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

Facts = dict[str, Any]
#: "<day>|<scope>" -> counter -> amount
Contribution = dict[str, dict[str, float]]

SERVICE_LEVEL_S = 20.0
GOOD_RATING = 4  # 4 and 5 count as satisfied

EARLIEST = frozenset(
    {"seen_at", "initiated_at", "connected_to_system_at", "enqueued_at", "agent_connected_at"}
)
LATEST_TIME = frozenset({"disconnected_at", "after_contact_work_s"})
ANY_TRUE = frozenset({"repeated", "callback_kept", "sms_sent"})
#: Describe the contact once; should two sources disagree, the smaller value wins (repeatable).
ONCE = frozenset(
    {"kind", "initiation_method", "channel", "campaign", "campaign_outcome", "booking", "customer", "ticket"}
)
#: May change during a contact (a transfer); the value reported at the latest time wins.
LATEST_VALUE = frozenset({"queue", "agent"})
#: The first rating counts; a later one (a second survey answer) does not replace it.
FIRST_VALUE = frozenset({"rating"})
KNOWN = EARLIEST | LATEST_TIME | ANY_TRUE | ONCE | LATEST_VALUE | FIRST_VALUE

CONTACT = "contact"  # an Amazon Connect contact
CALLBACK_BOOKING = "callback_booking"  # a booked callback, however many calls it took
CAMPAIGN_SMS = "campaign_sms"  # the SMS fallback of one campaign contact (sent at most once)
RATING = "rating"  # a rating with no contact behind it (a closed ticket's SMS survey)


def merge(facts: Mapping[str, Any], update: Mapping[str, Any], *, at: float) -> Facts:
    """``facts`` with ``update`` (observed at epoch ``at``) folded in; inputs are not modified."""
    merged: Facts = {key: value for key, value in facts.items() if key != "_at"}
    stamps: dict[str, float] = dict(facts.get("_at") or {})
    for key, value in {**update, "seen_at": at}.items():
        if value is None or value == "":
            continue
        if key not in KNOWN:
            raise ValueError(f"unknown fact {key!r}")
        current = merged.get(key)
        if key in EARLIEST:
            merged[key] = value if current is None else min(current, value)
        elif key in LATEST_TIME:
            merged[key] = value if current is None else max(current, value)
        elif key in ANY_TRUE:
            merged[key] = bool(current) or bool(value)
        elif key in ONCE:
            merged[key] = value if current is None else min(current, value)
        elif key in LATEST_VALUE or key in FIRST_VALUE:
            previous = stamps.get(key)
            newer = previous is None or (at, str(value)) > (previous, str(current))
            older = previous is None or (at, str(value)) < (previous, str(current))
            if (key in LATEST_VALUE and newer) or (key in FIRST_VALUE and older):
                merged[key], stamps[key] = value, at
    if stamps:
        merged["_at"] = stamps
    return merged


def day_of(facts: Mapping[str, Any], zone: tzinfo = UTC) -> str:
    """The business day a contact counts on: the day it started, in the centre's time zone."""
    moment = facts.get("initiated_at") or facts.get("seen_at") or 0.0
    return datetime.fromtimestamp(float(moment), zone).strftime("%Y-%m-%d")


def scopes(facts: Mapping[str, Any]) -> list[str]:
    found = ["all"]
    for dimension in ("queue", "agent", "campaign", "channel"):
        if facts.get(dimension):
            found.append(f"{dimension}#{facts[dimension]}")
    return found


def counters(facts: Mapping[str, Any]) -> dict[str, float]:
    """What this contact adds to each of its scopes' counters (zeros left out)."""
    kind = facts.get("kind") or CONTACT
    out: dict[str, float] = {}
    if kind == CONTACT:
        out.update(_call_counters(facts))
    elif kind == CALLBACK_BOOKING:
        out["callbacks_due"] = 1
        out["callbacks_kept"] = 1 if facts.get("callback_kept") else 0
    elif kind == CAMPAIGN_SMS:
        out["campaign_sms"] = 1 if facts.get("sms_sent") else 0
    rating = facts.get("rating")
    if rating is not None:
        out["ratings"] = 1
        out["rating_sum"] = int(rating)
        out["ratings_good"] = 1 if int(rating) >= GOOD_RATING else 0
    return {name: value for name, value in out.items() if value}


def _call_counters(facts: Mapping[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {"contacts": 1}
    enqueued = facts.get("enqueued_at")
    agent_at = facts.get("agent_connected_at")
    ended = facts.get("disconnected_at")
    if enqueued is not None:
        out["queued"] = 1
        if agent_at is not None:
            wait = round(max(0.0, float(agent_at) - float(enqueued)), 3)
            out["answered"] = 1
            out["queue_wait_s"] = wait
            out["answered_in_sl"] = 1 if wait <= SERVICE_LEVEL_S else 0
        elif ended is not None:
            out["abandoned"] = 1  # hung up (or was dropped) while waiting in the queue
    if agent_at is not None and ended is not None:
        out["handled"] = 1
        talk = max(0.0, float(ended) - float(agent_at))
        out["handle_time_s"] = round(talk + float(facts.get("after_contact_work_s") or 0.0), 3)
        if facts.get("customer"):
            out["fcr_eligible"] = 1
            out["fcr_repeated"] = 1 if facts.get("repeated") else 0
    outcome = facts.get("campaign_outcome")
    if outcome:
        out["campaign_calls"] = 1
        out["campaign_answered"] = 1 if outcome in {"completed", "key_pressed", "hung_up_early"} else 0
        out["campaign_heard"] = 1 if outcome in {"completed", "key_pressed"} else 0
        out["campaign_key_pressed"] = 1 if outcome == "key_pressed" else 0
    return out


def contribution(facts: Mapping[str, Any], zone: tzinfo = UTC) -> Contribution:
    """The contact's whole contribution: its counters on its day, in each of its scopes."""
    mine = counters(facts)
    if not mine:
        return {}
    day = day_of(facts, zone)
    return {f"{day}|{scope}": dict(mine) for scope in scopes(facts)}


def difference(new: Contribution, old: Contribution) -> Contribution:
    """``new - old`` per key and counter, zeros left out: what to add to the aggregates now."""
    delta: Contribution = {}
    for key in set(new) | set(old):
        after, before = new.get(key, {}), old.get(key, {})
        changes = {
            name: round(after.get(name, 0) - before.get(name, 0), 3)
            for name in set(after) | set(before)
            if round(after.get(name, 0) - before.get(name, 0), 3)
        }
        if changes:
            delta[key] = changes
    return delta


def fold(
    facts: Mapping[str, Any],
    applied: Contribution,
    update: Mapping[str, Any],
    *,
    at: float,
    zone: tzinfo = UTC,
) -> tuple[Facts, Contribution, Contribution]:
    """One step for one contact: (merged facts, their whole contribution, what to add now)."""
    merged = merge(facts, update, at=at)
    wanted = contribution(merged, zone)
    return merged, wanted, difference(wanted, applied)
