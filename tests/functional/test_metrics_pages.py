"""Reports that fit: ``GET /metrics`` in pages (a cursor that only resumes its own query), and
centre-wide counters spread over shards that still add up to the day's figures."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from chalice.test import Client

from callctl.report import all_pages
from chalicelib.quality import aggregates, tracking
from chalicelib.tables import QualityAggregateRecord
from tests.functional.tickets_support import function_app
from tests.moto_snapshots import dynamodb_as_left_by
from tests.quality_support import DAY, contact_event, day_events
from tests.staff_support import signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.usefixtures("aws"),
]
JSON = {"Content-Type": "application/json"}
AGENTS = [f"agent-{n:02d}" for n in range(12)]


@pytest.fixture(autouse=True)
def busy_day(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hand-worked day, plus one handled contact for each of 12 more agents."""
    monkeypatch.setattr(tracking, "customer_number", lambda contact_id: None)
    monkeypatch.setattr(aggregates, "business_zone", lambda: ZoneInfo("UTC"))
    dynamodb_as_left_by("the busy day", _track_the_busy_day)


def _track_the_busy_day() -> None:
    for event in day_events():
        tracking.track_contact_event(event)
    for n, agent in enumerate(AGENTS):
        contact = f"extra-{n}"
        common = {"started": "11:00:00", "queue": "q-extra", "queued": "11:00:05"}
        tracking.track_contact_event(contact_event("QUEUED", contact, **common))
        tracking.track_contact_event(
            contact_event(
                "DISCONNECTED", contact, **common, agent=agent, agent_at="11:00:10", ended="11:02:10"
            )
        )


@pytest.fixture
def client() -> Iterator[Client]:
    with Client(function_app()) as test_client:
        yield signed_in(test_client)


def get(client: Client, path: str, **params: str) -> tuple[int, Any]:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    response = client.http.get(f"{path}?{query}", headers=JSON)
    return response.status_code, json.loads(response.body)


def test_following_the_cursor_returns_every_row_once_and_the_overall_figures_first(client: Client) -> None:
    status, whole = get(client, "/metrics", dimension="agent", **{"from": DAY, "to": DAY})
    assert status == 200 and whole["next"] is None
    pages: list[dict[str, Any]] = []
    params = {"dimension": "agent", "from": DAY, "to": DAY, "limit": "5"}
    while True:
        status, page = get(client, "/metrics", **params)
        assert status == 200
        pages.append(page)
        if not page["next"]:
            break
        params["next"] = page["next"]
    names = [row["name"] for page in pages for row in page["rows"]]
    assert len(pages) >= 3 and all(len(page["rows"]) <= 5 for page in pages)
    assert sorted(names) == sorted(row["name"] for row in whole["rows"]) == sorted(["a1", "a2", *AGENTS])
    assert pages[0]["overall"] == whole["overall"] and all(page["overall"] is None for page in pages[1:])

    def get_page(query: dict[str, str]) -> dict[str, Any]:
        return dict(get(client, "/metrics", **{**query, "limit": "4"})[1])

    merged = all_pages(get_page, "agent", DAY, DAY)
    assert merged["rows"] == whole["rows"] and merged["overall"] == whole["overall"]


def _forge(token: str, **changes: Any) -> str:
    data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    data.update(changes)
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_a_forged_or_foreign_cursor_is_refused_with_400(client: Client) -> None:
    _, first = get(client, "/metrics", dimension="agent", limit="2", **{"from": DAY, "to": DAY})
    token = first["next"]
    forged = [
        "not-a-cursor",
        _forge(token, p=99),
        _forge(token, a=["x"]),
        _forge(token, q="0" * 16),
    ]
    for cursor in forged:
        status, body = get(
            client, "/metrics", dimension="agent", limit="2", next=cursor, **{"from": DAY, "to": DAY}
        )
        assert status == 400 and body["error"]["code"] == "invalid_cursor", cursor
    # a real cursor, but for other days: refused too
    status, body = get(client, "/metrics", dimension="agent", next=token, **{"from": "2026-11-24", "to": DAY})
    assert status == 400 and body["error"]["code"] == "invalid_cursor"


def test_the_centre_wide_counters_are_spread_over_shards_and_add_up(client: Client) -> None:
    shards = [
        record
        for stored in aggregates.stored_scopes("all")
        for record in QualityAggregateRecord.query(stored)
    ]
    assert len(shards) > 1  # no single item took every contact of the day
    assert sum(int(record.contacts) for record in shards) == 5 + len(AGENTS)
    (day,) = aggregates.read_scope("all", DAY, DAY)
    assert day.counters["contacts"] == 5 + len(AGENTS)
    assert day.counters["handled"] == 3 + len(AGENTS)
    _, body = get(client, "/metrics", dimension="all", **{"from": DAY, "to": DAY})
    assert body["overall"]["counters"]["contacts"] == 5 + len(AGENTS)


def test_team_rows_add_up_their_agents_rows_by_the_directory(client: Client) -> None:
    from chalicelib import agents

    for n, agent in enumerate(AGENTS):
        team = ("faults", "Fault desk") if n % 3 == 0 else ("service", "Customer service")
        agents.put_agent(agent, {"name": f"Agent {n}", "team": team[0], "team_name": team[1]})
    status, by_agent = get(client, "/metrics", dimension="agent", **{"from": DAY, "to": DAY})
    assert status == 200
    status, by_team = get(client, "/metrics", dimension="team", **{"from": DAY, "to": DAY})
    assert status == 200 and by_team["next"] is None
    teams = {row["name"]: row for row in by_team["rows"]}
    assert teams["faults"]["label"] == "Fault desk"
    handled = {row["name"]: row["counters"].get("handled", 0) for row in by_agent["rows"]}
    faults = [agent for n, agent in enumerate(AGENTS) if n % 3 == 0]
    assert teams["faults"]["counters"]["handled"] == sum(handled[agent] for agent in faults) == len(faults)
    # Agents the directory gives no team (the hand-worked day's) still count, under "none".
    assert sum(row["counters"].get("handled", 0) for row in by_team["rows"]) == sum(handled.values())
    assert "none" in teams


def test_channel_rows_split_the_centre_by_the_channel_contact_events_name(client: Client) -> None:
    status, by_channel = get(client, "/metrics", dimension="channel", **{"from": DAY, "to": DAY})
    assert status == 200
    (voice,) = by_channel["rows"]  # every contact of the day is a call
    assert voice["name"] == "VOICE"
    overall = by_channel["overall"]["counters"]
    assert voice["counters"]["contacts"] == overall["contacts"]
    assert voice["kpis"] == by_channel["overall"]["kpis"]
