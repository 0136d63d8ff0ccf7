"""staff/<stage>.yaml: the one declaration of agents, teams and routing; a mistake is refused at
synth with the entry named, not at deploy time by CloudFormation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from infra.staff import STAFF_DIRECTORY, StaffError, directory_entries, load_staff, parse_staff


def _dev() -> dict[str, Any]:
    return dict(yaml.safe_load((STAFF_DIRECTORY / "dev.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_stage_has_a_valid_staff_file(stage: str) -> None:
    staff = load_staff(stage)
    assert staff.agents and staff.routing_profiles and staff.teams


def test_the_fault_specialists_take_fault_calls_first_and_the_service_desk_after_30_s() -> None:
    staff = load_staff("dev")
    specialists = staff.routing_profiles["fault-desk"].routing_of("fault")
    others = staff.routing_profiles["service-desk"].routing_of("fault")
    assert specialists is not None and others is not None
    assert (specialists.priority, specialists.delay_s) == (1, 0)
    assert (others.delay_s, others.priority > specialists.priority) == (30, True)


def test_an_agents_work_is_followed_up_by_their_team_supervisor_and_a_supervisors_by_the_team_above() -> None:
    staff = load_staff("dev")
    assert staff.supervisor_of("li.na") == "wang.fang"
    assert staff.supervisor_of("wang.fang") == "zhou.min"
    assert staff.supervisor_of("zhou.min") is None  # the top: nobody above
    assert staff.team_path("faults") == ("centre", "faults")


def test_directory_entries_carry_names_teams_and_supervisors() -> None:
    staff = load_staff("dev")
    entry = directory_entries(staff, {"li.na": "user-1"})["li.na"]
    assert entry == {
        "name": "Na Li",
        "skills": ["emergency", "fault"],
        "connect_user_id": "user-1",
        "team": "faults",
        "team_name": "Fault desk",
        "supervisor": "wang.fang",
        "active": True,
    }


def _broken(change: Any) -> str:
    raw = copy.deepcopy(_dev())
    change(raw)
    with pytest.raises(StaffError) as refused:
        parse_staff(raw)
    return str(refused.value)


def test_a_routing_profile_naming_an_unknown_queue_is_refused() -> None:
    message = _broken(
        lambda raw: raw["routing_profiles"]["fault-desk"]["queues"].update({"faults": {"priority": 1}})
    )
    assert "routing_profiles.fault-desk.queues" in message and "'faults'" in message


def test_a_delay_beyond_connects_limit_is_refused() -> None:
    message = _broken(
        lambda raw: raw["routing_profiles"]["fault-desk"]["queues"]["fault"].update({"delay_s": 10_000})
    )
    assert "delay_s" in message and "9999" in message


def test_a_supervisor_who_is_not_an_agent_is_refused() -> None:
    assert "supervisor" in _broken(lambda raw: raw["teams"]["faults"].update({"supervisor": "nobody"}))


def test_a_team_deeper_than_the_hierarchy_is_refused() -> None:
    def deeper(raw: dict[str, Any]) -> None:
        raw["teams"]["night"] = {"name": "Night shift", "supervisor": "li.na", "parent": "faults"}

    assert "3 levels deep" in _broken(deeper)


def test_an_unknown_permission_and_a_long_username_are_refused() -> None:
    assert "unknown permission" in _broken(
        lambda raw: raw["security_profiles"]["agent"]["permissions"].append("BasicAgentAccesss")
    )
    assert "username" in _broken(lambda raw: raw["agents"][0].update({"username": "a" * 21}))


def test_a_quick_connect_must_name_a_queue_or_an_agent() -> None:
    assert "exactly one" in _broken(lambda raw: raw["quick_connects"].append({"name": "Nowhere"}))
