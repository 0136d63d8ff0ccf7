"""The local agents' softphones: what the Amazon Connect CCP does for the console, on a laptop.

A contact the simulator queues is offered to a signed-in agent whose softphone is open and who
has no contact; the agent accepts, holds, resumes, transfers (a quick connect: a queue), hangs
up, and leaves after-contact work. A chat waits for a desk agent to accept it (the simulator's
``agent_desk``); the agent then sees its whole transcript (the flow's and the bot's messages
included) and writes to the customer (``message``). The console's simulator softphone (``web/src/softphone/
simulator.ts``) long-polls ``contacts_of`` and posts the actions (``local.console_site``).

    desk = AgentDesk(sim)                 # subscribes to the simulator's contact events
    desk.contacts_of("agent-1", since=-1) # registers the agent; returns {"version", "contacts"}
    desk.act("agent-1", contact_id, "accept")
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local.connect_simulator.simulator import ConnectSimulator

#: An agent whose softphone has not polled for this long has closed the console.
AGENT_GONE_S = 60.0
ACTIONS = ("accept", "hold", "resume", "transfer", "hang-up", "complete", "message")


class DeskError(Exception):
    """An action the contact's state does not allow (answered as a 409)."""


@dataclass
class DeskContact:
    contact_id: str
    customer_number: str | None
    queue: str | None
    offered_at: float  # epoch seconds, wall clock: the screen-pop timing starts here
    state: str = "offered"  # offered | connected | on_hold | after_contact_work
    channel: str = "VOICE"  # VOICE | CHAT
    customer_name: str | None = None

    def to_dict(self, transcript: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        view: dict[str, Any] = {
            "contactId": self.contact_id,
            "state": self.state,
            "customerNumber": self.customer_number,
            "queue": self.queue,
            "offeredAt": int(self.offered_at * 1000),
            "channel": self.channel,
        }
        if self.channel == "CHAT":
            view["customerName"] = self.customer_name
            view["messages"] = [_message(item) for item in transcript or () if item["Type"] == "MESSAGE"]
        return view


def _message(item: dict[str, Any]) -> dict[str, Any]:
    """A chat transcript item as the console shows it."""
    return {
        "id": item["Id"],
        "at": item["AbsoluteTime"],
        "role": item.get("ParticipantRole", "SYSTEM"),
        "name": item.get("DisplayName", ""),
        "text": item.get("Content", ""),
    }


class AgentDesk:
    def __init__(self, sim: ConnectSimulator) -> None:
        self.sim = sim
        self._changed = threading.Condition()
        self._version = 0
        self._agents: dict[str, dict[str, DeskContact]] = {}  # agent -> contact id -> contact
        self._last_seen: dict[str, float] = {}
        self._waiting: list[str] = []  # queued contacts no agent was free for, oldest first
        sim.on_event(self._on_event)
        sim.agent_desk = self  # chats wait for the desk's agents
        sim.chat.on_item(self._on_chat_item)

    # -- what the simulator tells the desk ---------------------------------------------------------
    def _on_event(self, event: dict[str, Any]) -> None:
        detail = event.get("detail") or {}
        contact_id = str(detail.get("contactId") or "")
        kind = detail.get("eventType")
        with self._changed:
            if kind == "QUEUED":
                self._waiting.append(contact_id)
                self._offer_waiting()
            elif kind == "DISCONNECTED":
                self._customer_left(contact_id)

    def _on_chat_item(self, contact_id: str, item: dict[str, Any]) -> None:
        """A chat message: the agent holding that chat sees it at once (the long poll returns)."""
        if item.get("Type") != "MESSAGE":
            return
        with self._changed:
            if any(contact_id in contacts for contacts in self._agents.values()):
                self._bump()

    def _customer_left(self, contact_id: str) -> None:
        if contact_id in self._waiting:
            self._waiting.remove(contact_id)
        for contacts in self._agents.values():
            contact = contacts.get(contact_id)
            if contact is None:
                continue
            if contact.state == "offered":
                del contacts[contact_id]  # missed: the caller gave up while it rang
            else:
                contact.state = "after_contact_work"
            self._bump()

    def _free_agents(self) -> list[str]:
        now = time.time()
        return [
            agent
            for agent, contacts in self._agents.items()
            if not contacts and now - self._last_seen.get(agent, 0.0) < AGENT_GONE_S
        ]

    def _offer_waiting(self) -> None:
        for agent in self._free_agents():
            if not self._waiting:
                return
            contact_id = self._waiting.pop(0)
            simulated = self.sim.contacts.get(contact_id)
            if simulated is None or not simulated.active:
                continue
            self._agents[agent][contact_id] = DeskContact(
                contact_id=contact_id,
                customer_number=simulated.customer_number or None,
                queue=simulated.queue_name,
                offered_at=time.time(),
                channel=simulated.channel,
                customer_name=simulated.contact_data.get("Name"),
            )
            self._bump()

    def _bump(self) -> None:
        self._version += 1
        self._changed.notify_all()

    # -- what the console asks ----------------------------------------------------------------------
    def contacts_of(self, agent: str, since: int, wait_s: float = 20.0) -> dict[str, Any]:
        """The agent's contacts once the desk has changed since ``since`` (or after ``wait_s``)."""
        with self._changed:
            if agent not in self._agents:
                self._agents[agent] = {}
            self._last_seen[agent] = time.time()
            self._offer_waiting()
            self._changed.wait_for(lambda: self._version != since, timeout=wait_s)
            self._last_seen[agent] = time.time()
            return {
                "version": self._version,
                "contacts": [
                    contact.to_dict(self._transcript(contact)) for contact in self._agents[agent].values()
                ],
            }

    def _transcript(self, contact: DeskContact) -> list[dict[str, Any]] | None:
        session = self.sim.chat.sessions.get(contact.contact_id) if contact.channel == "CHAT" else None
        return None if session is None else session.transcript()

    def quick_connects(self) -> list[dict[str, str]]:
        """Every queue of the instance, as the quick connects a transfer may use."""
        return [
            {"id": arn, "name": name} for arn, name in sorted(self.sim._queues.items(), key=lambda q: q[1])
        ]

    def act(self, agent: str, contact_id: str, action: str, body: dict[str, Any] | None = None) -> None:
        with self._changed:
            contact = self._agents.get(agent, {}).get(contact_id)
            if contact is None:
                raise KeyError(contact_id)
            allowed = {
                "accept": {"offered"},
                "hold": {"connected"},
                "resume": {"on_hold"},
                "transfer": {"connected"},
                "hang-up": {"connected", "on_hold"},
                "complete": {"after_contact_work"},
                "message": {"connected"},
            }[action]
            if contact.state not in allowed:
                raise DeskError(f"cannot {action} a contact that is {contact.state}")
            if action == "accept":
                contact.state = "connected"
                if contact.channel == "CHAT":
                    self.sim.agent_accepts_chat(contact_id, agent)
            elif action == "message":
                self._send(contact_id, str((body or {}).get("text") or ""))
            elif action == "hold":
                contact.state = "on_hold"
            elif action == "resume":
                contact.state = "connected"
            elif action == "transfer":
                target = str((body or {}).get("quickConnectId") or "")
                if self.sim.resolve_queue(target) is None:
                    raise DeskError(f"no quick connect {target!r}")
                self._log(contact_id, f"agent {agent} transferred the call to {self.sim.queue_name(target)}")
                contact.state = "after_contact_work"
            elif action == "hang-up":
                contact.state = "after_contact_work"
                if contact.channel == "CHAT":
                    self.sim.end_chat(contact_id, "AGENT_DISCONNECT")
                else:
                    self._stop(contact_id)
            else:
                del self._agents[agent][contact_id]
                self._offer_waiting()
            self._bump()

    def _send(self, contact_id: str, text: str) -> None:
        from local.connect_simulator.chat import ParticipantError

        if not text.strip():
            raise DeskError("a chat message needs some text")
        if len(text) > 16384:  # SendMessage's Content maximum
            raise DeskError("a chat message is at most 16384 characters")
        try:
            self.sim.chat.agent_says(contact_id, text)
        except ParticipantError as refused:
            raise DeskError(refused.message) from None

    def _log(self, contact_id: str, text: str) -> None:
        simulated = self.sim.contacts.get(contact_id)
        if simulated is not None:
            simulated.log(self.sim.clock.time(), "agent", text)

    def _stop(self, contact_id: str) -> None:
        from local.connect_simulator.simulator import ConnectError

        with contextlib.suppress(ConnectError):  # the caller had already gone
            self.sim.stop_contact(contact_id, self.sim.instance_id)
