"""The agent directory: skills (the ticket categories an agent handles), Connect identity, team,
supervisor, load. Seeded from the stage's staff file (``staff/<stage>.yaml``), so reports and
histories can show an agent's name and a low score can reach the team's supervisor.

``open_tickets`` is maintained by the tickets domain inside the same transaction as the ticket
change that moves it (see ``chalicelib.tickets.store``); nothing else writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib import clock
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.tables.agents import PROFILE, SKILL_PREFIX, AgentRecord

if TYPE_CHECKING:
    from pynamodb.expressions.update import Action

_FIELDS = {"name", "skills", "connect_user_id", "active", "team", "team_name", "supervisor"}


def to_dict(record: AgentRecord) -> dict[str, Any]:
    return {
        "id": record.agent_id,
        "name": record.name,
        "skills": sorted(record.skills or []),
        "connect_user_id": record.connect_user_id,
        "team": record.team,
        "team_name": record.team_name,
        "supervisor": record.supervisor,
        "active": bool(record.active),
        "open_tickets": int(record.open_tickets or 0),
    }


def _categories() -> tuple[str, ...]:
    # Imported late: the tickets package imports this module for assignment.
    from chalicelib.tickets.rules import CATEGORIES

    return CATEGORIES


def _validated(body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - _FIELDS
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise InvalidInput("name must be a non-empty string of at most 200 characters")
    skills = body.get("skills", [])
    if not isinstance(skills, list) or any(skill not in _categories() for skill in skills):
        raise InvalidInput(f"skills must be a list drawn from {', '.join(_categories())}")
    connect_user_id = body.get("connect_user_id")
    if connect_user_id is not None and (not isinstance(connect_user_id, str) or len(connect_user_id) > 256):
        raise InvalidInput("connect_user_id must be the agent's Amazon Connect user id")
    active = body.get("active", True)
    if not isinstance(active, bool):
        raise InvalidInput("active must be true or false")
    team = {key: body.get(key) or None for key in ("team", "team_name", "supervisor")}
    if any(value is not None and (not isinstance(value, str) or len(value) > 200) for value in team.values()):
        raise InvalidInput("team, team_name and supervisor must be strings of at most 200 characters")
    return {
        "name": name,
        "skills": set(skills),
        "connect_user_id": connect_user_id or None,  # an index key: absent, never ""
        "active": active,
        **team,
    }


def _validated_id(agent_id: str) -> str:
    if not agent_id or len(agent_id) > 128 or "#" in agent_id:
        raise InvalidInput("agent id must be 1-128 characters without '#'")
    return agent_id


def put_agent(agent_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Create or update an agent; keeps their open-ticket count and rewrites their skill items."""
    agent_id = _validated_id(agent_id)
    profile = _validated(body)
    try:
        existing: AgentRecord | None = AgentRecord.get(agent_id, PROFILE, consistent_read=True)
    except AgentRecord.DoesNotExist:
        existing = None
    old_skills = set(existing.skills or []) if existing else set()
    now = clock.utcnow()
    skills: set[str] = profile["skills"]
    actions: list[Action] = [
        AgentRecord.name.set(profile["name"]),
        AgentRecord.skills.set(skills) if skills else AgentRecord.skills.remove(),
        _set_or_remove(AgentRecord.connect_user_id, profile["connect_user_id"]),
        _set_or_remove(AgentRecord.team, profile["team"]),
        _set_or_remove(AgentRecord.team_name, profile["team_name"]),
        _set_or_remove(AgentRecord.supervisor, profile["supervisor"]),
        AgentRecord.active.set(profile["active"]),
        AgentRecord.updated_at.set(now),
        # Create the counter at 0 without touching a live one.
        AgentRecord.open_tickets.set(AgentRecord.open_tickets | 0),
    ]
    record = AgentRecord(agent_id, PROFILE)
    record.update(actions=actions)
    with AgentRecord.batch_write() as batch:
        for skill in old_skills - profile["skills"]:
            batch.delete(AgentRecord(agent_id, SKILL_PREFIX + skill))
        for skill in profile["skills"] - old_skills:
            batch.save(AgentRecord(agent_id, SKILL_PREFIX + skill, skill=skill))
    return to_dict(record)


def _set_or_remove(attribute: Any, value: str | None) -> Action:
    action: Action = attribute.set(value) if value is not None else attribute.remove()
    return action


def get_agent(agent_id: str) -> dict[str, Any]:
    try:
        return to_dict(AgentRecord.get(agent_id, PROFILE, consistent_read=True))
    except AgentRecord.DoesNotExist:
        raise NotFound(f"no agent {agent_id}") from None


def agents_with_skill(category: str) -> list[AgentRecord]:
    """Profiles of every agent who handles ``category``: one Query and one BatchGetItem."""
    agent_ids = [item.agent_id for item in AgentRecord.by_skill.query(category)]
    if not agent_ids:
        return []
    return list(AgentRecord.batch_get([(agent_id, PROFILE) for agent_id in agent_ids], consistent_read=True))


def list_agents(skill: str) -> dict[str, Any]:
    if skill not in _categories():
        raise InvalidInput(f"skill must be one of {', '.join(_categories())}; got {skill!r}")
    agents = sorted(agents_with_skill(skill), key=lambda record: record.agent_id)
    return {"items": [to_dict(record) for record in agents]}


def connect_user_of(agent_id: str) -> str:
    """The agent's Amazon Connect user id ("" when unknown), for routing a caller to their owner."""
    try:
        record = AgentRecord.get(agent_id, PROFILE, attributes_to_get=["connect_user_id"])
    except AgentRecord.DoesNotExist:
        return ""
    return record.connect_user_id or ""


def agent_of_connect_user(connect_user_id: str) -> AgentRecord | None:
    """The directory's agent behind an Amazon Connect user id (what contact events name), if any."""
    if not connect_user_id:
        return None
    for item in AgentRecord.by_connect_user.query(connect_user_id, limit=1):
        try:
            return AgentRecord.get(item.agent_id, PROFILE)
        except AgentRecord.DoesNotExist:
            return None
    return None


def _profile(agent: str) -> AgentRecord | None:
    """An agent by directory id or by Connect user id."""
    try:
        return AgentRecord.get(agent, PROFILE)
    except AgentRecord.DoesNotExist:
        return agent_of_connect_user(agent)


def display_name(agent: str) -> str:
    """The agent's name for reports and histories (by directory id or Connect user id); the
    identifier itself when the directory does not know it."""
    record = _profile(agent) if agent else None
    return (record.name or agent) if record is not None else agent


def supervisor_for(agent: str) -> str | None:
    """Who follows up on ``agent``'s work (by directory id or Connect user id): the supervisor the
    staff file gives their team, never the agent themself. None when the directory has no one."""
    record = _profile(agent) if agent else None
    if record is None or not record.supervisor or record.supervisor in (record.agent_id, agent):
        return None
    return str(record.supervisor)


def agent_names() -> dict[str, str]:
    """Every agent's name by Connect user id and by directory id, for labelling report rows.
    One Scan of the profiles: the directory is a few hundred agents at most."""
    names: dict[str, str] = {}
    for record in AgentRecord.scan(
        AgentRecord.entry == PROFILE, attributes_to_get=["agent_id", "entry", "name", "connect_user_id"]
    ):
        name = record.name or record.agent_id
        names[record.agent_id] = name
        if record.connect_user_id:
            names[record.connect_user_id] = name
    return names


def agent_teams() -> dict[str, tuple[str, str]]:
    """Every agent's team as (key, name), by Connect user id and by directory id, for adding up
    report rows per team. One Scan of the profiles, like ``agent_names``."""
    teams: dict[str, tuple[str, str]] = {}
    for record in AgentRecord.scan(
        AgentRecord.entry == PROFILE,
        attributes_to_get=["agent_id", "entry", "connect_user_id", "team", "team_name"],
    ):
        if not record.team:
            continue
        team = (str(record.team), str(record.team_name or record.team))
        teams[record.agent_id] = team
        if record.connect_user_id:
            teams[record.connect_user_id] = team
    return teams
