"""The agent directory as reports and follow-ups read it: names and supervisors by directory id or
by the Connect user id contact events carry (moto)."""

from __future__ import annotations

import pytest

from chalicelib import agents
from infra.staff import directory_entries, load_staff


@pytest.fixture(autouse=True)
def seeded(aws: None) -> None:
    staff = load_staff("dev")
    ids = {username: f"user-{username}" for username in staff.agents}
    for username, entry in directory_entries(staff, ids).items():
        agents.put_agent(username, entry)


def test_an_agent_is_found_by_their_connect_user_id() -> None:
    record = agents.agent_of_connect_user("user-li.na")
    assert record is not None and record.agent_id == "li.na"
    assert agents.agent_of_connect_user("user-nobody") is None


def test_reports_show_the_agents_name_for_either_identifier() -> None:
    assert agents.display_name("li.na") == agents.display_name("user-li.na") == "Na Li"
    assert agents.display_name("user-unknown") == "user-unknown"


def test_the_supervisor_comes_from_the_team_never_the_agent_themself() -> None:
    assert agents.supervisor_for("user-li.na") == "wang.fang"
    assert agents.supervisor_for("wang.fang") == "zhou.min"
    assert agents.supervisor_for("zhou.min") is None
    agents.put_agent("odd", {"name": "Odd", "supervisor": "odd"})
    assert agents.supervisor_for("odd") is None


def test_the_directory_entry_shows_team_and_supervisor_and_a_cleared_connect_user_leaves_the_index() -> None:
    shown = agents.get_agent("li.na")
    assert (shown["team"], shown["team_name"], shown["supervisor"]) == ("faults", "Fault desk", "wang.fang")
    agents.put_agent("li.na", {"name": "Na Li", "skills": ["fault"], "connect_user_id": ""})
    assert agents.get_agent("li.na")["connect_user_id"] is None
    assert agents.agent_of_connect_user("user-li.na") is None
