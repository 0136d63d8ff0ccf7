"""The stage's staff as code: teams, agents, routing, security profiles, quick connects.

One YAML file per stage, ``staff/<stage>.yaml`` (format: ``staff/README.md``). CDK creates the
Amazon Connect side from it (``infra.connect_staff``), the agent directory is seeded from it
(``infra.agent_directory`` in AWS, ``local`` on the laptop) and the local Connect simulator routes
by the same routing profiles, so "the fault specialists take fault calls first, others after
30 s" is one line here and true everywhere.

    staff = load_staff("dev")
    staff.supervisor_of("li.na")                     # 'wang.fang'
    staff.routing_profiles["service-desk"].routing_of("fault")   # QueueRouting(fault, 4, 30)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infra.flows.resources import CALLBACK_QUEUE, CATEGORIES

if TYPE_CHECKING:
    from collections.abc import Mapping

STAFF_DIRECTORY = Path(__file__).resolve().parent.parent / "staff"
#: Queues a routing profile or quick connect may name: the stack's queues (``contact_centre_stack``).
QUEUES: tuple[str, ...] = (*CATEGORIES, CALLBACK_QUEUE)
#: Connect's limits: routing-profile queue priority 1-99, delay 0-9999 s (AWS::Connect::RoutingProfile
#: RoutingProfileQueueConfig); five hierarchy levels (AWS::Connect::UserHierarchyStructure);
#: proficiency levels 1-5 (AWS::Connect::User UserProficiency); after-contact work 0 s or more.
MAX_PRIORITY, MAX_DELAY_S, MAX_HIERARCHY_LEVELS = 99, 9999, 5
PROFICIENCY = range(1, 6)
#: Connect-managed usernames: up to 20 of letters, digits, ``_ - . @`` (CreateUser, Username).
_USERNAME = re.compile(r"^[A-Za-z0-9_\-.@]{1,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SECTIONS = frozenset(
    {
        "hierarchy_levels", "continuity", "after_contact_work_s", "security_profiles",
        "routing_profiles", "teams", "agents", "quick_connects",
    }
)  # fmt: skip
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
#: Security-profile permissions we use, by their API names ("List of security profile permissions",
#: Amazon Connect Administrator Guide); a typo here would fail only at deploy time.
KNOWN_PERMISSIONS = frozenset(
    {
        "BasicAgentAccess",
        "OutboundCallAccess",
        "TransferDestinations.View",
        "AccessMetrics",
        "AccessMetrics.RealTimeMetrics.Access",
        "AccessMetrics.HistoricalMetrics.Access",
        "ManagerListenIn",
        "ManagerBargeIn",
        "ContactSearch.View",
        "ListenCallRecordings",
        "Users.View",
        "AgentStates.View",
        "RoutingPolicies.View",
        "Queues.View",
    }
)


class StaffError(ValueError):
    """The staff file is malformed; the message names the entry."""


@dataclass(frozen=True)
class QueueRouting:
    """One queue of a routing profile: offered in ``priority`` order (1 first), after ``delay_s``."""

    queue: str
    priority: int
    delay_s: int = 0


@dataclass(frozen=True)
class RoutingProfile:
    name: str
    description: str
    outbound_queue: str
    queues: tuple[QueueRouting, ...]

    def routing_of(self, queue: str) -> QueueRouting | None:
        return next((entry for entry in self.queues if entry.queue == queue), None)


@dataclass(frozen=True)
class SecurityProfile:
    name: str
    description: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    supervisor: str  # an agent's username
    parent: str | None = None


@dataclass(frozen=True)
class Agent:
    username: str
    first_name: str
    last_name: str
    team: str
    routing_profile: str
    security_profiles: tuple[str, ...]
    skills: Mapping[str, int]  # call category -> proficiency 1-5
    after_contact_work_s: int
    email: str  # Connect-managed and SAML users need one (CreateUser, IdentityInfo)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class QuickConnect:
    name: str
    queue: str | None = None
    agent: str | None = None  # username

    @property
    def kind(self) -> str:
        return "QUEUE" if self.queue else "USER"


@dataclass(frozen=True)
class Staff:
    hierarchy_levels: tuple[str, ...]
    owner_wait_s: int
    security_profiles: Mapping[str, SecurityProfile]
    routing_profiles: Mapping[str, RoutingProfile]
    teams: Mapping[str, Team]
    agents: Mapping[str, Agent]  # by username
    quick_connects: tuple[QuickConnect, ...] = field(default_factory=tuple)

    def team_path(self, team: str) -> tuple[str, ...]:
        """The team and its parents, top first: its place in the agent hierarchy."""
        path: list[str] = []
        key: str | None = team
        while key is not None:
            path.insert(0, key)
            key = self.teams[key].parent
        return tuple(path)

    def supervisor_of(self, username: str) -> str | None:
        """Who follows up on ``username``'s work: their team's supervisor, or for the supervisor
        themself the supervisor of the team above (None at the top)."""
        agent = self.agents.get(username)
        team: str | None = agent.team if agent else None
        while team is not None:
            supervisor = self.teams[team].supervisor
            if supervisor != username:
                return supervisor
            team = self.teams[team].parent
        return None


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise StaffError(f"{where} must be a mapping")
    return value


def _int(value: Any, where: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise StaffError(f"{where} must be a whole number from {low} to {high}")
    return value


def _text(value: Any, where: str, max_length: int = 100) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise StaffError(f"{where} must be a non-empty string of at most {max_length} characters")
    return value


def _email(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value):
        raise StaffError(f"{where} must be an email address")
    return value


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise StaffError(f"{where}: {value!r} must be lower-case letters, digits and hyphens")
    return value


def _queue(value: Any, where: str) -> str:
    if value not in QUEUES:
        raise StaffError(f"{where}: {value!r} is not a queue of the stack ({', '.join(QUEUES)})")
    return str(value)


def _security_profiles(raw: Any) -> dict[str, SecurityProfile]:
    profiles = {}
    for key, body in _mapping(raw, "security_profiles").items():
        where = f"security_profiles.{_name(key, 'security_profiles')}"
        body = _mapping(body, where)
        permissions = body.get("permissions") or []
        unknown = sorted(set(permissions) - KNOWN_PERMISSIONS)
        if unknown:
            raise StaffError(f"{where}.permissions: unknown permission(s) {unknown}")
        profiles[key] = SecurityProfile(
            key, _text(body.get("description", key), f"{where}.description", 250), tuple(permissions)
        )
    return profiles


def _routing_profiles(raw: Any) -> dict[str, RoutingProfile]:
    profiles = {}
    for key, body in _mapping(raw, "routing_profiles").items():
        where = f"routing_profiles.{_name(key, 'routing_profiles')}"
        body = _mapping(body, where)
        queues = tuple(
            QueueRouting(
                _queue(queue, f"{where}.queues"),
                _int(
                    _mapping(setting, f"{where}.queues.{queue}").get("priority"),
                    f"{where}.queues.{queue}.priority",
                    1,
                    MAX_PRIORITY,
                ),
                _int(setting.get("delay_s", 0), f"{where}.queues.{queue}.delay_s", 0, MAX_DELAY_S),
            )
            for queue, setting in _mapping(body.get("queues"), f"{where}.queues").items()
        )
        if not queues:
            raise StaffError(f"{where}.queues must name at least one queue")
        profiles[key] = RoutingProfile(
            key,
            _text(body.get("description", key), f"{where}.description", 250),
            _queue(body.get("outbound_queue", CALLBACK_QUEUE), f"{where}.outbound_queue"),
            queues,
        )
    return profiles


def _agents(
    raw: Any, security: Mapping[str, SecurityProfile], routing: Mapping[str, RoutingProfile], work_s: int
) -> dict[str, Agent]:
    agents: dict[str, Agent] = {}
    for index, body in enumerate(raw or []):
        where = f"agents[{index}]"
        body = _mapping(body, where)
        username = body.get("username")
        if not isinstance(username, str) or not _USERNAME.match(username):
            raise StaffError(f"{where}.username must be 1-20 letters, digits or _ - . @")
        if username in agents:
            raise StaffError(f"{where}: username {username} appears twice")
        skills = {
            _queue(skill, f"{where}.skills"): _int(level, f"{where}.skills.{skill}", 1, len(PROFICIENCY))
            for skill, level in _mapping(body.get("skills", {}), f"{where}.skills").items()
        }
        if CALLBACK_QUEUE in skills:
            raise StaffError(f"{where}.skills are call categories ({', '.join(CATEGORIES)})")
        profiles = tuple(body.get("security_profiles") or [])
        if not profiles or any(profile not in security for profile in profiles):
            raise StaffError(f"{where}.security_profiles must name profiles from security_profiles")
        if body.get("routing_profile") not in routing:
            raise StaffError(f"{where}.routing_profile must name a profile from routing_profiles")
        agents[username] = Agent(
            username=username,
            first_name=_text(body.get("first_name"), f"{where}.first_name"),
            last_name=_text(body.get("last_name"), f"{where}.last_name"),
            team=str(body.get("team")),
            routing_profile=str(body["routing_profile"]),
            security_profiles=profiles,
            skills=skills,
            after_contact_work_s=_int(
                body.get("after_contact_work_s", work_s), f"{where}.after_contact_work_s", 0, 3600
            ),
            email=_email(body.get("email"), f"{where}.email"),
        )
    return agents


def _teams(raw: Any, agents: Mapping[str, Agent], levels: int) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for key, body in _mapping(raw, "teams").items():
        where = f"teams.{_name(key, 'teams')}"
        body = _mapping(body, where)
        if body.get("supervisor") not in agents:
            raise StaffError(f"{where}.supervisor must be the username of an agent")
        teams[key] = Team(
            key, _text(body.get("name", key), f"{where}.name"), body["supervisor"], body.get("parent")
        )
    for team in teams.values():
        if team.parent is not None and team.parent not in teams:
            raise StaffError(f"teams.{team.key}.parent {team.parent!r} is not a team")
        seen: set[str] = set()
        parent: str | None = team.key
        while parent is not None:
            if parent in seen:
                raise StaffError(f"teams.{team.key}: the parents form a loop")
            seen.add(parent)
            parent = teams[parent].parent
        if len(seen) > levels:
            raise StaffError(f"teams.{team.key} is {len(seen)} levels deep; hierarchy_levels has {levels}")
    for agent in agents.values():
        if agent.team not in teams:
            raise StaffError(f"agent {agent.username}: team {agent.team!r} is not a team")
    return teams


def _quick_connects(raw: Any, agents: Mapping[str, Agent]) -> tuple[QuickConnect, ...]:
    quick_connects = []
    for index, body in enumerate(raw or []):
        where = f"quick_connects[{index}]"
        body = _mapping(body, where)
        if ("queue" in body) == ("agent" in body):
            raise StaffError(f"{where} must name exactly one of queue and agent")
        if "agent" in body and body["agent"] not in agents:
            raise StaffError(f"{where}.agent must be the username of an agent")
        quick_connects.append(
            QuickConnect(
                _text(body.get("name"), f"{where}.name", 127),
                _queue(body["queue"], f"{where}.queue") if "queue" in body else None,
                body.get("agent"),
            )
        )
    return tuple(quick_connects)


def parse_staff(raw: Any) -> Staff:
    """A ``Staff`` from the parsed YAML; ``StaffError`` names the first thing wrong."""
    raw = _mapping(raw, "the staff file")
    unknown = sorted(set(raw) - _SECTIONS)
    if unknown:
        raise StaffError(f"unknown section(s) {unknown}")
    levels = tuple(_text(level, "hierarchy_levels", 50) for level in raw.get("hierarchy_levels") or [])
    if not 1 <= len(levels) <= MAX_HIERARCHY_LEVELS:
        raise StaffError(f"hierarchy_levels must name 1 to {MAX_HIERARCHY_LEVELS} levels")
    continuity = _mapping(raw.get("continuity", {}), "continuity")
    owner_wait_s = _int(continuity.get("owner_wait_s", 60), "continuity.owner_wait_s", 1, 3600)
    work_s = _int(raw.get("after_contact_work_s", 0), "after_contact_work_s", 0, 3600)
    security = _security_profiles(raw.get("security_profiles"))
    routing = _routing_profiles(raw.get("routing_profiles"))
    agents = _agents(raw.get("agents"), security, routing, work_s)
    teams = _teams(raw.get("teams"), agents, len(levels))
    return Staff(
        levels,
        owner_wait_s,
        security,
        routing,
        teams,
        agents,
        _quick_connects(raw.get("quick_connects"), agents),
    )


def staff_file(stage: str) -> Path:
    return STAFF_DIRECTORY / f"{stage}.yaml"


def load_staff(stage: str, path: Path | None = None) -> Staff:
    """The staff of ``stage`` (``staff/<stage>.yaml``, or ``path``)."""
    import yaml

    source = path or staff_file(stage)
    if not source.exists():
        raise StaffError(f"no staff file {source} for stage {stage!r}")
    try:
        return parse_staff(yaml.safe_load(source.read_text(encoding="utf-8")))
    except StaffError as error:
        raise StaffError(f"{source.name}: {error}") from None


def directory_entries(staff: Staff, connect_user_ids: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The agent directory's entry of every agent (``chalicelib.agents.put_agent`` bodies, by
    username): name, skills, Connect user id, team and the supervisor who follows up on their work."""
    return {
        agent.username: {
            "name": agent.display_name,
            "skills": sorted(agent.skills),
            "connect_user_id": connect_user_ids.get(agent.username),
            "team": agent.team,
            "team_name": staff.teams[agent.team].name,
            "supervisor": staff.supervisor_of(agent.username),
            "active": True,
        }
        for agent in staff.agents.values()
    }
