"""The agents of the simulated instance: routing profiles, agent states, and who takes which contact.

Connect offers a queued contact to an available agent whose routing profile holds the contact's
queue: the agent's queues in their profile's priority order (1 first), within a queue the
contact's own priority then its age, and a queue with a delay only once the contact has waited
that long. Agents queues (``agent/<user id>``) go to that agent alone, ahead of every other queue.
An agent is routable when their status is Available and they have no contact, not even
after-contact work (which lasts the user's after-contact work time limit).

    roster.add_routing_profile("fault-desk", {fault_arn: (1, 0), inquiry_arn: (3, 30)})
    user_id = roster.add_agent("li.na", "fault-desk", after_contact_work_s=20)
    roster.put_user_status(user_id, roster.status_id(OFFLINE))

The simulator asks ``assign`` whenever something that routing depends on changes (a contact
queued, an agent freed, a delay or after-contact work running out, a status set through the API).
Without agents the simulator keeps its stand-in agent, who answers every queue after a fixed time.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local.connect_simulator.contacts import Contact

AVAILABLE = "Available"
OFFLINE = "Offline"
#: The agent statuses every instance has (Available, Offline) plus a custom one to test with.
DEFAULT_STATUSES = (AVAILABLE, OFFLINE, "Break")
NAMESPACE = uuid.UUID("0b7e4c1a-5d2f-4e3b-8a6c-9f1d2e3c4b5a")
DEFAULT_CONTACT_PRIORITY = 5  # Connect's default queue priority of a contact
AGENT_QUEUE_PREFIX = "agent/"

# Agent contact states (GetCurrentUserData AgentContactState).
CONNECTING, CONNECTED, ENDED = "CONNECTING", "CONNECTED", "ENDED"


class AgentError(Exception):
    """A request names an unknown agent, status or routing profile (ResourceNotFoundException)."""


@dataclass
class SimulatedAgent:
    user_id: str
    username: str
    routing_profile: str
    after_contact_work_s: float
    status: str = OFFLINE
    status_since: float = 0.0
    next_status: str | None = None  # set while busy; applied when the contact and its work end
    contact_id: str | None = None
    contact_state: str | None = None
    state_since: float = 0.0
    work_ends_at: float | None = None
    idle_since: float = 0.0
    hierarchy_group: str | None = None

    @property
    def routable(self) -> bool:
        return self.status == AVAILABLE and self.contact_id is None


@dataclass(frozen=True)
class SimulatedRoutingProfile:
    name: str
    queues: Mapping[str, tuple[int, float]]  # queue ARN -> (priority, delay in seconds)


@dataclass
class AgentRoster:
    instance_arn: str
    agents: dict[str, SimulatedAgent] = field(default_factory=dict)  # by user id
    profiles: dict[str, SimulatedRoutingProfile] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)  # status id -> name

    def __post_init__(self) -> None:
        for name in DEFAULT_STATUSES:
            self.statuses[self._id("agent-state", name)] = name

    @property
    def active(self) -> bool:
        """Routing by agents is on once the instance has one; else the stand-in agent answers."""
        return bool(self.agents)

    def _id(self, kind: str, name: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.instance_arn}:{kind}:{name}"))

    # -- configuration ---------------------------------------------------------------------------------
    def add_routing_profile(self, name: str, queues: Mapping[str, tuple[int, float]]) -> str:
        """``queues``: queue ARN -> (priority, delay_s). Returns the profile's ARN."""
        self.profiles[name] = SimulatedRoutingProfile(name, dict(queues))
        return self.routing_profile_arn(name)

    def routing_profile_arn(self, name: str) -> str:
        return f"{self.instance_arn}/routing-profile/{self._id('routing-profile', name)}"

    def user_id(self, username: str) -> str:
        """The Connect user id ``username`` has (known before the agent is added)."""
        return self._id("user", username)

    def add_agent(
        self,
        username: str,
        routing_profile: str,
        *,
        after_contact_work_s: float = 0.0,
        status: str = AVAILABLE,
        now: float = 0.0,
        hierarchy_group: str | None = None,
    ) -> str:
        if routing_profile not in self.profiles:
            raise AgentError(f"no routing profile {routing_profile!r}")
        user_id = self.user_id(username)
        self.agents[user_id] = SimulatedAgent(
            user_id,
            username,
            routing_profile,
            after_contact_work_s,
            status=status,
            status_since=now,
            idle_since=now,
            hierarchy_group=hierarchy_group,
        )
        return user_id

    def status_id(self, name: str) -> str:
        found = next((status_id for status_id, status in self.statuses.items() if status == name), None)
        if found is None:
            raise AgentError(f"no agent status {name!r}")
        return found

    def agent(self, reference: str) -> SimulatedAgent:
        """By user id, user ARN or username."""
        key = reference.rsplit("/", 1)[-1]
        found = self.agents.get(key) or next((a for a in self.agents.values() if a.username == key), None)
        if found is None:
            raise AgentError(f"User {reference} not found")
        return found

    # -- states ----------------------------------------------------------------------------------------
    def put_user_status(self, user_id: str, status_id: str, now: float) -> None:
        """PutUserStatus: the new status now, or as the next status while the agent is busy."""
        agent = self.agent(user_id)
        if status_id not in self.statuses:
            raise AgentError(f"Agent status {status_id} not found")
        name = self.statuses[status_id]
        if agent.contact_id is not None:
            agent.next_status = name
            return
        self._set_status(agent, name, now)

    def _set_status(self, agent: SimulatedAgent, name: str, now: float) -> None:
        if name != agent.status:
            agent.status, agent.status_since = name, now
            if name == AVAILABLE:
                agent.idle_since = now

    def connect(self, agent: SimulatedAgent, contact_id: str, now: float) -> None:
        agent.contact_id, agent.contact_state, agent.state_since = contact_id, CONNECTING, now

    def connected(self, user_id: str, now: float) -> None:
        agent = self.agents[user_id]
        agent.contact_state, agent.state_since = CONNECTED, now

    def release(self, user_id: str, contact_id: str, now: float, *, answered: bool) -> float | None:
        """The agent's part of ``contact_id`` ends: after-contact work if they talked to the
        customer, else free at once. Returns when the work ends (None: free now)."""
        agent = self.agents.get(user_id)
        if agent is None or agent.contact_id != contact_id or agent.contact_state == ENDED:
            return None
        if answered and agent.after_contact_work_s > 0:
            agent.contact_state, agent.state_since = ENDED, now
            agent.work_ends_at = now + agent.after_contact_work_s
            return agent.work_ends_at
        self._free(agent, now)
        return None

    def _free(self, agent: SimulatedAgent, now: float) -> None:
        agent.contact_id = agent.contact_state = None
        agent.work_ends_at = None
        agent.idle_since = now
        if agent.next_status is not None:
            self._set_status(agent, agent.next_status, now)
            agent.next_status = None

    def finish_work(self, now: float) -> None:
        """Agents whose after-contact work has run out become free."""
        for agent in self.agents.values():
            if agent.work_ends_at is not None and agent.work_ends_at <= now + 1e-9:
                self._free(agent, now)

    # -- routing ---------------------------------------------------------------------------------------
    def _rank(self, agent: SimulatedAgent, contact: Contact, now: float) -> tuple[float, ...] | None:
        target = contact.target_queue or ""
        priority = contact.priority if contact.priority is not None else DEFAULT_CONTACT_PRIORITY
        queued_at = contact.queued_at if contact.queued_at is not None else now
        if target.startswith(AGENT_QUEUE_PREFIX):
            return (0, priority, queued_at) if target[len(AGENT_QUEUE_PREFIX) :] == agent.user_id else None
        setting = self.profiles[agent.routing_profile].queues.get(target)
        if setting is None:
            return None
        queue_priority, delay_s = setting
        if now - queued_at < delay_s - 1e-9:
            return None
        return (queue_priority, priority, queued_at)

    def assign(self, waiting: Iterable[Contact], now: float) -> list[tuple[Contact, SimulatedAgent]]:
        """Match waiting contacts with routable agents, the longest idle agent first; each agent
        takes the contact that ranks first for them. The agents are marked as connecting."""
        self.finish_work(now)
        pending = list(waiting)
        matched: list[tuple[Contact, SimulatedAgent]] = []
        for agent in sorted((a for a in self.agents.values() if a.routable), key=lambda a: a.idle_since):
            ranked = [(rank, contact) for contact in pending if (rank := self._rank(agent, contact, now))]
            if not ranked:
                continue
            _, contact = min(ranked, key=lambda pair: pair[0])
            pending.remove(contact)
            self.connect(agent, contact.contact_id, now)
            matched.append((contact, agent))
        return matched

    def delays_for(self, queue_arn: str) -> set[float]:
        """The delays (> 0) routing profiles give ``queue_arn``: when a waiting contact may newly match."""
        return {
            profile.queues[queue_arn][1]
            for profile in self.profiles.values()
            if queue_arn in profile.queues and profile.queues[queue_arn][1] > 0
        }

    def staffing(self, queue_arn: str) -> dict[str, int]:
        """Online / available / staffed agents of the profiles that hold ``queue_arn`` (GetMetricData)."""
        agents = [a for a in self.agents.values() if queue_arn in self.profiles[a.routing_profile].queues]
        online = [a for a in agents if a.status != OFFLINE or a.contact_id is not None]
        return {
            "Online": len(online),
            "Available": sum(1 for a in agents if a.routable),
            "Staffed": len(online),
        }

    # -- GetCurrentUserData ----------------------------------------------------------------------------
    def current_user_data(
        self, filters: Mapping[str, Any], contacts: Mapping[str, Contact]
    ) -> list[dict[str, Any]]:
        """The ``UserDataList`` of GetCurrentUserData for the agents ``filters`` select; agents who
        are offline with nothing on hand are not active users and are left out."""
        chosen = [a for a in self.agents.values() if self._selected(a, filters)]
        wanted_states = set((filters.get("ContactFilter") or {}).get("ContactStates") or [])
        listed = []
        for agent in chosen:
            if agent.status == OFFLINE and agent.contact_id is None:
                continue
            if wanted_states and agent.contact_state not in wanted_states:
                continue
            listed.append(self._user_data(agent, contacts))
        return listed

    def _selected(self, agent: SimulatedAgent, filters: Mapping[str, Any]) -> bool:
        def ids(key: str) -> set[str]:
            return {str(value).rsplit("/", 1)[-1] for value in filters.get(key) or []}

        if filters.get("Agents"):
            return agent.user_id in ids("Agents") or agent.username in ids("Agents")
        if filters.get("RoutingProfiles"):
            return self.routing_profile_arn(agent.routing_profile).rsplit("/", 1)[-1] in ids(
                "RoutingProfiles"
            )
        if filters.get("Queues"):
            queues = {arn.rsplit("/", 1)[-1] for arn in self.profiles[agent.routing_profile].queues}
            return bool(queues & ids("Queues"))
        if filters.get("UserHierarchyGroups"):
            return agent.hierarchy_group is not None and agent.hierarchy_group in ids("UserHierarchyGroups")
        return False

    def _user_data(self, agent: SimulatedAgent, contacts: Mapping[str, Contact]) -> dict[str, Any]:
        status_arn = f"{self.instance_arn}/agent-state/{self.status_id(agent.status)}"
        busy = 1 if agent.contact_id else 0
        data: dict[str, Any] = {
            "User": {"Id": agent.user_id, "Arn": f"{self.instance_arn}/agent/{agent.user_id}"},
            "RoutingProfile": {
                "Id": self.routing_profile_arn(agent.routing_profile).rsplit("/", 1)[-1],
                "Arn": self.routing_profile_arn(agent.routing_profile),
            },
            "Status": {
                "StatusStartTimestamp": agent.status_since,
                "StatusArn": status_arn,
                "StatusName": agent.status,
            },
            "MaxSlotsByChannel": {"VOICE": 1},
            "ActiveSlotsByChannel": {"VOICE": busy},
            "AvailableSlotsByChannel": {"VOICE": 1 - busy if agent.status == AVAILABLE else 0},
            "Contacts": [],
        }
        if agent.next_status:
            data["NextStatus"] = agent.next_status
        contact = contacts.get(agent.contact_id or "")
        if contact is not None:
            reference: dict[str, Any] = {
                "ContactId": contact.contact_id,
                "Channel": contact.channel,
                "InitiationMethod": contact.initiation_method,
                "AgentContactState": agent.contact_state,
                "StateStartTimestamp": agent.state_since,
            }
            if contact.agent_connected_at is not None:
                reference["ConnectedToAgentTimestamp"] = contact.agent_connected_at
            if contact.target_queue and not contact.target_queue.startswith(AGENT_QUEUE_PREFIX):
                reference["Queue"] = {
                    "Id": contact.target_queue.rsplit("/", 1)[-1],
                    "Arn": contact.target_queue,
                }
            data["Contacts"] = [reference]
        return data
