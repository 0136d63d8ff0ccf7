"""The local Amazon Connect: runs flows for inbound and outbound calls on a virtual clock.

    sim = ConnectSimulator(max_concurrent_calls=10)
    resources = install_contact_centre(sim, function_app.app)   # flows, queues, hours, Lambdas
    sim.script_callee("+12125550142", Party.answers(presses=["2"]))
    contact_id = sim.start_outbound_voice_contact(DestinationPhoneNumber="+12125550142",
                                                  ContactFlowId=sim.flow_arn("outbound-reminder"), ...)
    sim.run_until_idle()
    print(sim.transcript(contact_id).render())

Contacts are processes on the clock: ``advance(seconds)`` / ``run_until_idle()`` move time
and the calls with it (tests), or ``run_in_background(speed)`` moves it at ``speed`` times real
time (``make local``). Contact events go to every ``on_event`` subscriber in the shape
EventBridge delivers (``detail-type`` "Amazon Connect Contact Event").

Queued contacts go to the agents of ``sim.roster`` (``agents.py``) by routing profile and agent
state, as Connect routes them; with no agent on the roster a stand-in agent answers every queue
after ``agent_answer_s``.
"""

from __future__ import annotations

import heapq
import itertools
import re
import threading
import time
import uuid
from collections.abc import Callable, Generator
from typing import Any

from local.connect_simulator.agents import AgentError, AgentRoster
from local.connect_simulator.chat import ChatService
from local.connect_simulator.clock import VirtualClock, iso
from local.connect_simulator.contacts import Contact, Transcript
from local.connect_simulator.interpreter import (
    DISCONNECTED,
    QUEUED,
    CallerHungUp,
    FlowRun,
    FlowRuntimeError,
    Interrupted,
)
from local.connect_simulator.lambdas import LOCAL_ACCOUNT, LOCAL_REGION, LambdaRegistry
from local.connect_simulator.parties import Party, Press
from local.connect_simulator.recordings import RecordingStorage, recording_key, recording_wav

DEFAULT_INSTANCE_ID = "5a1c0e2b-7d4f-4c3e-9b8a-1f2e3d4c5b6a"
E164 = re.compile(r"^\+[1-9]\d{1,14}$")
NAMESPACE = uuid.UUID("8c6f4f2e-3b1a-4f7d-9a0e-2d5b7c9e1f30")
MAX_ATTRIBUTES_BYTES = 32 * 1024
#: StartChatContact's ChatDurationInMinutes default (25 hours): how long an agent may chat.
CHAT_DURATION_MIN = 1500
#: Who ended a chat, as its transcript says it.
CHAT_ENDINGS = {
    "CUSTOMER_DISCONNECT": ("caller", "left the chat"),
    "AGENT_DISCONNECT": ("agent", "ended the chat"),
}

Process = Generator[float, None, None]
EventSink = Callable[[dict[str, Any]], None]


class _FlowDisconnected(Exception):
    """A queue flow disconnected the contact while it waited."""


class ConnectError(Exception):
    """An error the Connect API answers with (code = the exception name botocore raises)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ConnectSimulator:
    def __init__(
        self,
        clock: VirtualClock | None = None,
        instance_id: str = DEFAULT_INSTANCE_ID,
        max_concurrent_calls: int = 10,
        calls_per_second: float | None = None,
        agent_answer_s: float = 10.0,
        default_party: Party | None = None,
    ) -> None:
        self.clock = clock or VirtualClock()
        self.instance_id = instance_id
        self.instance_arn = f"arn:aws:connect:{LOCAL_REGION}:{LOCAL_ACCOUNT}:instance/{instance_id}"
        self.max_concurrent_calls = max_concurrent_calls
        self.calls_per_second = calls_per_second
        self.agent_answer_s = agent_answer_s
        self.default_party = default_party or Party.answers(after_s=3.0)
        self.lambdas = LambdaRegistry()
        self.contacts: dict[str, Contact] = {}
        self.events: list[dict[str, Any]] = []
        self.queued_callbacks: list[dict[str, Any]] = []
        self.peak_concurrent_calls = 0
        self.flow_errors: list[str] = []  # flows that asked for the impossible (tests assert it stays empty)
        self._flows: dict[str, tuple[str, dict[str, Any]]] = {}  # flow id → (name, content)
        self._queues: dict[str, str] = {}  # queue ARN → name
        self._queue_capacity: dict[str, int] = {}
        self._hours: dict[str, Callable[[Any], bool]] = {}
        self._queue_hours: dict[str, str] = {}  # queue ARN → hours ARN
        self._callees: dict[str, Party] = {}
        self._numbers: dict[str, str] = {}  # system number → flow name
        self._tokens: dict[str, str] = {}  # ClientToken → contact id
        self._recent_starts: list[float] = []
        self._sinks: list[EventSink] = []
        self._outbox: list[dict[str, Any]] = []
        self._heap: list[tuple[float, int, str, Process]] = []
        self._sequence = itertools.count()
        self._lock = threading.RLock()
        self._drive = threading.Lock()
        self._pump: threading.Thread | None = None
        self._pump_stop = threading.Event()
        self._driving_thread: threading.Thread | None = None
        # What flows can refer to beyond queues and hours (see the lookups below).
        self.stub_missing = False  # True: unknown references are stood in for and noted (callctl flow run)
        self.stubbed: list[dict[str, str]] = []
        self.unanswered_numbers: set[str] = set()  # third parties that never pick up
        self.dialable_regions: set[str] | None = None  # countries callbacks may dial (None: all)
        self._modules: dict[str, tuple[str, dict[str, Any]]] = {}  # module id → (name, content)
        self._prompts: dict[str, str] = {}  # prompt ARN → name
        self._lex_bots: dict[str, Any] = {}  # bot alias ARN (or v1 bot name) → LexBot
        self._staffing: dict[str, dict[str, int]] = {}  # queue ARN → agent counts by state
        self.customer_profiles: dict[str, dict[str, str]] = {}  # profile id → attributes
        self.cases: dict[str, dict[str, str]] = {}  # case id → fields
        self.created_contacts: list[dict[str, Any]] = []  # tasks, chats and callbacks flows created
        self.recordings: dict[str, bytes] = {}  # contact id → WAV of a recorded contact, once it ended
        self.recording_storage: RecordingStorage | None = None  # the CALL_RECORDINGS bucket, if any
        self.recording_locations: dict[str, str] = {}  # contact id → "<bucket>/<key>" of its recording
        self.roster = AgentRoster(self.instance_arn)  # agents, routing profiles, agent states
        self.agent_accept_s = 2.0  # an offered contact rings this long before the agent accepts it
        self._processes: dict[str, Process] = {}  # contact id → its process
        self._live_entry: dict[str, int] = {}  # contact id → sequence number of its live heap entry
        self._running: str | None = None  # the contact whose process is taking a step
        self._woken_while_running: set[str] = set()
        self.chat = ChatService(self)  # chat contacts' participants and transcripts
        #: Set by an AgentDesk: chats then wait for an agent of the desk to accept them.
        self.agent_desk: Any = None

    # -- configuration -----------------------------------------------------------------------------
    def _arn(self, kind: str, name: str) -> str:
        return f"{self.instance_arn}/{kind}/{uuid.uuid5(NAMESPACE, f'{kind}:{name}')}"

    def flow_arn(self, name: str) -> str:
        """The ARN a flow called ``name`` has (known before it is added, so flows can point at each other)."""
        return self._arn("contact-flow", name)

    def add_flow(self, name: str, content: dict[str, Any]) -> str:
        arn = self.flow_arn(name)
        self._flows[arn.rsplit("/", 1)[-1]] = (name, content)
        return arn

    def module_arn(self, name: str) -> str:
        return self._arn("flow-module", name)

    def add_module(self, name: str, content: dict[str, Any]) -> str:
        """A flow module (FLOW_MODULE) InvokeFlowModule can run by its id or ARN."""
        arn = self.module_arn(name)
        self._modules[arn.rsplit("/", 1)[-1]] = (name, content)
        return arn

    def prompt_arn(self, name: str) -> str:
        return self._arn("prompt", name)

    def add_prompt(self, name: str) -> str:
        """A recorded prompt; flows play it by id or ARN and the transcript shows its name."""
        arn = self.prompt_arn(name)
        self._prompts[arn] = name
        return arn

    def add_lex_bot(self, alias_arn: str, bot: Any) -> None:
        """A Lex bot (``local.connect_simulator.lex.LexBot``) behind a V2 alias ARN (or a V1 bot name)."""
        self._lex_bots[alias_arn] = bot

    def set_staffing(self, queue: str, online: int, available: int, staffed: int | None = None) -> None:
        """How many agents the queue's routing profiles have online, available and staffed (GetMetricData)."""
        arn = self.resolve_queue(queue) or self.queue_arn(queue)
        self._staffing[arn] = {
            "Online": online,
            "Available": available,
            "Staffed": online if staffed is None else staffed,
        }

    def queue_arn(self, name: str) -> str:
        return self._arn("queue", name)

    def add_queue(self, name: str, capacity: int | None = None) -> str:
        arn = self.queue_arn(name)
        self._queues[arn] = name
        if capacity is not None:
            self._queue_capacity[arn] = capacity
        return arn

    def set_queue_capacity(self, name: str, capacity: int | None) -> None:
        arn = self.queue_arn(name)
        if capacity is None:
            self._queue_capacity.pop(arn, None)
        else:
            self._queue_capacity[arn] = capacity

    def hours_arn(self, name: str) -> str:
        return self._arn("operating-hours", name)

    def add_hours(self, name: str, is_open: bool | Callable[[Any], bool] = True) -> str:
        """Hours of operation: a fixed answer, or a function of the (virtual) datetime."""
        arn = self.hours_arn(name)
        if callable(is_open):
            self._hours[arn] = is_open
        else:
            fixed = bool(is_open)
            self._hours[arn] = lambda _now: fixed
        return arn

    def set_queue_hours(self, queue: str, hours: str) -> None:
        """The queue's hours of operation (the name given to ``add_hours``): what CheckHoursOfOperation
        checks when it names no hours."""
        arn = self.resolve_queue(queue) or self.queue_arn(queue)
        self._queue_hours[arn] = self.hours_arn(hours)

    def queue_hours(self, queue_arn: str) -> str | None:
        return self._queue_hours.get(queue_arn)

    def script_callee(self, number: str, party: Party) -> None:
        """What the person at ``number`` does when an outbound call reaches them."""
        self._callees[number] = party

    def claim_number(self, number: str, flow_name: str) -> None:
        """Inbound calls to ``number`` run ``flow_name``."""
        self._numbers[number] = flow_name

    def on_event(self, sink: EventSink) -> None:
        """Deliver every contact event (EventBridge shape) to ``sink``, outside the simulator's locks."""
        self._sinks.append(sink)

    # -- lookups used by the interpreter ------------------------------------------------------------
    def resolve_queue(self, queue: str) -> str | None:
        """The queue ARN for a queue ARN or id (Connect accepts both), None when unknown."""
        if queue in self._queues:
            return queue
        return next((arn for arn in self._queues if arn.rsplit("/", 1)[-1] == queue), None)

    def queue_name(self, queue: str) -> str | None:
        arn = self.resolve_queue(queue)
        return None if arn is None else self._queues[arn]

    def queue_full(self, target: str) -> bool:
        capacity = self._queue_capacity.get(target)
        if capacity is None:
            return False
        waiting = sum(
            1
            for c in self.contacts.values()
            if c.active
            and c.target_queue == target
            and c.queued_at is not None
            and c.agent_connected_at is None
        )
        return waiting >= capacity

    def note_stub(self, kind: str, reference: str) -> None:
        entry = {"kind": kind, "reference": reference}
        if entry not in self.stubbed:
            self.stubbed.append(entry)

    def find_flow(self, reference: str) -> tuple[str, dict[str, Any]] | None:
        """A flow by ARN, id or name (TransferToFlow, event hooks); None when unknown."""
        key = reference.rsplit("/", 1)[-1]
        if key in self._flows:
            return self._flows[key]
        return next((flow for flow in self._flows.values() if flow[0] == reference), None)

    def find_module(self, reference: str) -> tuple[str, dict[str, Any]] | None:
        key = reference.rsplit("/", 1)[-1]
        if key in self._modules:
            return self._modules[key]
        return next((module for module in self._modules.values() if module[0] == reference), None)

    def prompt_label(self, reference: str) -> str | None:
        """The name of a recorded prompt given by ARN or id, None when the instance has no such prompt."""
        if reference in self._prompts:
            return self._prompts[reference]
        return next(
            (name for arn, name in self._prompts.items() if arn.rsplit("/", 1)[-1] == reference), None
        )

    def find_lex_bot(self, reference: str) -> Any | None:
        return self._lex_bots.get(reference)

    def queue_metrics(self, queue_arn: str, channel: str | None = None) -> dict[str, Any]:
        """Real-time metrics of a queue as GetMetricData puts them under ``$.Metrics`` (contacts of
        ``channel`` only, VOICE or CHAT, when given)."""
        now = self.clock.time()
        waiting = [
            c
            for c in self.contacts.values()
            if c.active
            and c.target_queue == queue_arn
            and c.queued_at is not None
            and c.agent_connected_at is None
            and (channel is None or c.channel == channel)
        ]
        staffing = self._staffing.get(queue_arn) or (
            self.roster.staffing(queue_arn)
            if self.roster.active
            else {"Online": 1, "Available": 1, "Staffed": 1}
        )
        oldest = max((now - c.queued_at for c in waiting if c.queued_at is not None), default=0.0)
        return {
            "Queue": {
                "Name": self._queues.get(queue_arn, queue_arn.rsplit("/", 1)[-1]),
                "ARN": queue_arn,
                "Size": str(len(waiting)),
                "OldestContactAge": str(int(oldest)),
            },
            "Agents": {state: {"Count": str(count)} for state, count in staffing.items()},
        }

    def hours_open(self, arn: str) -> bool | None:
        check = self._hours.get(arn)
        return None if check is None else bool(check(self.clock.now()))

    def hang_up_time(self, contact: Contact) -> float | None:
        party = contact.party
        if contact.answered_at is None:
            return None
        if party.voicemail:
            return contact.answered_at + party.voicemail_max_s
        if party.hang_up_after_s is None:
            return None
        return contact.answered_at + party.hang_up_after_s

    def next_key_press(
        self, contact: Contact, listen_from: float, prompt_end: float, window_end: float
    ) -> tuple[str, float] | None:
        """The key the party presses while the flow listens, and when; keys pressed earlier are lost."""
        answered = contact.answered_at or listen_from
        while contact.pending_presses:
            press = contact.pending_presses[0]
            at = prompt_end + 1.0 if press.at_s is None else answered + press.at_s
            if at < listen_from:
                contact.pending_presses.pop(0)
                contact.log(at, "caller", f"pressed {press.key} while nobody listened (lost)")
                continue
            if at > window_end:
                return None
            contact.pending_presses.pop(0)
            return press.key, at
        return None

    def next_utterance(self, contact: Contact) -> str | None:
        """What the party says (to a bot) or types (on a chat) next; None when it has nothing more."""
        return contact.pending_utterances.pop(0) if contact.pending_utterances else None

    def record_queued_callback(self, contact: Contact, queue: str, delay_s: int) -> None:
        self.queued_callbacks.append(
            {
                "contactId": contact.contact_id,
                "number": contact.callback_number or contact.customer_number,
                "queue": queue,
                "delay": delay_s,
            }
        )
        number = contact.callback_number or contact.customer_number
        contact.log(self.clock.time(), "flow", f"queued callback to {number[-4:]}")

    # -- the API ------------------------------------------------------------------------------------
    def _flow(self, flow_id: str) -> tuple[str, dict[str, Any]]:
        key = flow_id.rsplit("/", 1)[-1]
        if key not in self._flows:
            raise ConnectError("ResourceNotFoundException", f"Contact flow {flow_id} not found")
        return self._flows[key]

    def _check_instance(self, instance_id: str) -> None:
        if instance_id.rsplit("/", 1)[-1] != self.instance_id:
            raise ConnectError("ResourceNotFoundException", f"Instance {instance_id} not found")

    def active_calls(self) -> int:
        """Calls in progress (chats count against their own quota, not the calls')."""
        return sum(1 for contact in self.contacts.values() if contact.active and contact.channel == "VOICE")

    def start_outbound_voice_contact(self, **request: Any) -> str:
        """StartOutboundVoiceContact: same parameters, same errors; returns the ContactId."""
        for required in ("DestinationPhoneNumber", "ContactFlowId", "InstanceId"):
            if not request.get(required):
                raise ConnectError("InvalidParameterException", f"{required} is required")
        with self._lock:
            self._check_instance(str(request["InstanceId"]))
            flow_name, _ = self._flow(str(request["ContactFlowId"]))
            number = str(request["DestinationPhoneNumber"])
            if not E164.match(number):
                raise ConnectError(
                    "InvalidParameterException", "DestinationPhoneNumber is not a valid E.164 number"
                )
            if not request.get("SourcePhoneNumber") and not request.get("QueueId"):
                raise ConnectError(
                    "InvalidRequestException", "Either SourcePhoneNumber or QueueId is required"
                )
            attributes = request.get("Attributes") or {}
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in attributes.items()):
                raise ConnectError("InvalidParameterException", "Attributes must map strings to strings")
            if sum(len(k) + len(v) for k, v in attributes.items()) > MAX_ATTRIBUTES_BYTES:
                raise ConnectError("InvalidParameterException", "Attributes exceed 32 KB")
            token = request.get("ClientToken")
            if token and token in self._tokens and self.contacts[self._tokens[token]].active:
                return self._tokens[token]  # documented: a started contact's id comes back
            now = self.clock.time()
            if self.active_calls() >= self.max_concurrent_calls:
                raise ConnectError(
                    "LimitExceededException",
                    f"The concurrent calls quota ({self.max_concurrent_calls}) of the instance is full",
                )
            self._recent_starts = [t for t in self._recent_starts if t > now - 1.0]
            if self.calls_per_second is not None and len(self._recent_starts) >= self.calls_per_second:
                raise ConnectError("LimitExceededException", "Rate of outbound calls exceeded")
            self._recent_starts.append(now)
            amd = request.get("AnswerMachineDetectionConfig") or {}
            contact = Contact(
                contact_id=str(uuid.uuid4()),
                initiation_method="API",
                customer_number=number,
                system_number=str(request.get("SourcePhoneNumber") or ""),
                flow_name=flow_name,
                party=self._callees.get(number, self.default_party),
                started_at=now,
                attributes=dict(attributes),
                answer_machine_detection=bool(amd.get("EnableAnswerMachineDetection")),
                ring_timeout_s=float(request.get("RingTimeoutInSeconds") or 60),
                client_token=token,
            )
            if request.get("QueueId"):
                queue = self.resolve_queue(str(request["QueueId"]))
                if queue is None:
                    raise ConnectError("ResourceNotFoundException", f"Queue {request['QueueId']} not found")
                contact.target_queue, contact.queue_name = queue, self._queues[queue]
            contact.pending_presses = contact.party.key_presses()
            contact.pending_utterances = contact.party.utterances()
            if token:
                self._tokens[token] = contact.contact_id
            self._admit(contact, self._outbound_call(contact))
        self._flush_events()
        return contact.contact_id

    def place_inbound_call(
        self, from_number: str, party: Party, to_number: str | None = None, flow_name: str = "inbound-main"
    ) -> str:
        """A customer calls in; returns the ContactId. The flow starts at the current virtual time."""
        with self._lock:
            if to_number is not None:
                flow_name = self._numbers.get(to_number, flow_name)
            self._flow(self.flow_arn(flow_name))
            if self.active_calls() >= self.max_concurrent_calls:
                raise ConnectError(
                    "LimitExceededException", "The concurrent calls quota of the instance is full"
                )
            contact = Contact(
                contact_id=str(uuid.uuid4()),
                initiation_method="INBOUND",
                customer_number=from_number,
                system_number=to_number or "",
                flow_name=flow_name,
                party=party,
                started_at=self.clock.time(),
            )
            contact.pending_presses = party.key_presses()
            contact.pending_utterances = party.utterances()
            self._admit(contact, self._inbound_call(contact))
        self._flush_events()
        return contact.contact_id

    def stop_contact(self, contact_id: str, instance_id: str, disconnect_reason: str | None = None) -> None:
        with self._lock:
            self._check_instance(instance_id)
            contact = self.contacts.get(contact_id)
            if contact is None or not contact.active:
                raise ConnectError("ContactNotFoundException", f"Contact {contact_id} is not active")
            contact.stop_requested = disconnect_reason or "OTHER"
            if contact.answered_at is None:
                self._end(contact, contact.stop_requested)

    def update_contact_attributes(
        self, initial_contact_id: str, instance_id: str, attributes: dict[str, str]
    ) -> None:
        with self._lock:
            self._check_instance(instance_id)
            contact = self.contacts.get(initial_contact_id)
            if contact is None:
                raise ConnectError("ResourceNotFoundException", f"Contact {initial_contact_id} not found")
            contact.attributes.update(attributes)
            contact.log(self.clock.time(), "flow", f"attributes via API {attributes}")
            self._emit(contact, "CONTACT_DATA_UPDATED", updatedProperties=["UserDefinedAttributes"])
        self._flush_events()

    def get_contact_attributes(self, initial_contact_id: str, instance_id: str) -> dict[str, str]:
        with self._lock:
            self._check_instance(instance_id)
            contact = self.contacts.get(initial_contact_id)
            if contact is None:
                raise ConnectError("ResourceNotFoundException", f"Contact {initial_contact_id} not found")
            return dict(contact.attributes)

    def describe_contact(self, contact_id: str, instance_id: str) -> dict[str, Any]:
        with self._lock:
            self._check_instance(instance_id)
            contact = self.contacts.get(contact_id)
            if contact is None:
                raise ConnectError("ResourceNotFoundException", f"Contact {contact_id} not found")
            described: dict[str, Any] = {
                "Arn": f"{self.instance_arn}/contact/{contact.contact_id}",
                "Id": contact.contact_id,
                "InitialContactId": contact.contact_id,
                "Channel": contact.channel,
                "InitiationMethod": contact.initiation_method,
                "InitiationTimestamp": contact.started_at,
            }
            if contact.channel == "VOICE":
                described["CustomerEndpoint"] = {
                    "Type": "TELEPHONE_NUMBER",
                    "Address": contact.customer_number,
                }
            if contact.answered_at is not None:
                described["ConnectedToSystemTimestamp"] = contact.answered_at
            if contact.ended_at is not None:
                described["DisconnectTimestamp"] = contact.ended_at
                described["DisconnectReason"] = contact.disconnect_reason
            if contact.target_queue and contact.queued_at is not None:
                described["QueueInfo"] = {
                    "Id": contact.target_queue.rsplit("/", 1)[-1],
                    "EnqueueTimestamp": contact.queued_at,
                }
            if contact.priority is not None:
                described["QueuePriority"] = contact.priority
            if contact.amd_status:
                described["AnsweringMachineDetectionStatus"] = contact.amd_status
            if contact.routed_agent and contact.agent_connected_at is not None:
                described["AgentInfo"] = {
                    "Id": contact.routed_agent,
                    "ConnectedToAgentTimestamp": contact.agent_connected_at,
                }
            location = self.recording_locations.get(contact.contact_id)
            if location:
                described["Recordings"] = [
                    {
                        "StorageType": "S3",
                        "Location": location,
                        "MediaStreamType": "AUDIO",
                        "ParticipantType": "ALL",
                        "Status": "AVAILABLE",
                        "StartTimestamp": contact.recording.started_at or contact.started_at,
                        "StopTimestamp": contact.ended_at,
                    }
                ]
            return described

    def put_user_status(self, user_id: str, instance_id: str, agent_status_id: str) -> None:
        """PutUserStatus: the agent's status now (their next status while they are busy)."""
        with self._lock:
            self._check_instance(instance_id)
            try:
                self.roster.put_user_status(user_id, agent_status_id, self.clock.time())
            except AgentError as error:
                raise ConnectError("ResourceNotFoundException", str(error)) from None
            self._route()
        self._flush_events()

    def get_current_user_data(self, instance_id: str, filters: dict[str, Any]) -> dict[str, Any]:
        """GetCurrentUserData: the agents one filter selects (queues, routing profiles, agents or a
        hierarchy group: "A maximum of one filter can be passed", API reference), with their
        status and contacts."""
        with self._lock:
            self._check_instance(instance_id)
            given = [
                key
                for key in ("Queues", "RoutingProfiles", "Agents", "UserHierarchyGroups")
                if filters.get(key)
            ]
            if len(given) != 1:
                raise ConnectError(
                    "InvalidRequestException",
                    "Filters must give exactly one of Queues, RoutingProfiles, Agents, UserHierarchyGroups",
                )
            self.roster.finish_work(self.clock.time())
            listed = self.roster.current_user_data(filters, self.contacts)
            return {"UserDataList": listed, "ApproximateTotalCount": len(listed)}

    def list_contact_flows(self, instance_id: str, types: list[str] | None = None) -> list[dict[str, Any]]:
        """ListContactFlows: a summary of every flow (all CONTACT_FLOW here), one page."""
        with self._lock:
            self._check_instance(instance_id)
            if types and "CONTACT_FLOW" not in types:
                return []
            return [
                {
                    "Id": flow_id,
                    "Arn": f"{self.instance_arn}/contact-flow/{flow_id}",
                    "Name": name,
                    "ContactFlowType": "CONTACT_FLOW",
                    "ContactFlowState": "ACTIVE",
                    "ContactFlowStatus": "PUBLISHED",
                }
                for flow_id, (name, _) in sorted(self._flows.items(), key=lambda item: item[1][0])
            ]

    # -- chat ------------------------------------------------------------------------------------------
    def start_chat_contact(self, **request: Any) -> dict[str, str]:
        """StartChatContact: a chat runs the flow; returns ContactId, ParticipantId, ParticipantToken."""
        for required in ("InstanceId", "ContactFlowId", "ParticipantDetails"):
            if not request.get(required):
                raise ConnectError("InvalidParameterException", f"{required} is required")
        display_name = str((request["ParticipantDetails"] or {}).get("DisplayName") or "")
        if not display_name:
            raise ConnectError("InvalidParameterException", "ParticipantDetails.DisplayName is required")
        with self._lock:
            self._check_instance(str(request["InstanceId"]))
            flow_name, _ = self._flow(str(request["ContactFlowId"]))
            token = request.get("ClientToken")
            if token and token in self._tokens:
                known = self.contacts[self._tokens[token]]
                customer = self.chat.sessions[known.contact_id].participants[0]
                return {
                    "ContactId": known.contact_id,
                    "ParticipantId": customer.participant_id,
                    "ParticipantToken": customer.participant_token,
                }
            minutes = int(request.get("ChatDurationInMinutes") or CHAT_DURATION_MIN)
            contact = Contact(
                contact_id=str(uuid.uuid4()),
                initiation_method="API",
                customer_number="",
                system_number="",
                flow_name=flow_name,
                party=Party(answer_after_s=0, talk_to_agent_s=minutes * 60.0),
                started_at=self.clock.time(),
                attributes=dict(request.get("Attributes") or {}),
                channel="CHAT",
                client_token=token,
            )
            contact.contact_data["Name"] = display_name
            contact.interactive = True
            if token:
                self._tokens[token] = contact.contact_id
            self.contacts[contact.contact_id] = contact
        customer = self.chat.open(contact, display_name)
        initial = request.get("InitialMessage") or {}
        if initial.get("Content"):
            content_type = str(initial.get("ContentType") or "text/plain")
            self.chat.send_customer_message(customer, content_type, str(initial["Content"]))
        with self._lock:
            self._admit(contact, self._chat_contact(contact))
        self._flush_events()
        return {
            "ContactId": contact.contact_id,
            "ParticipantId": customer.participant_id,
            "ParticipantToken": customer.participant_token,
        }

    def customer_typed(self, contact_id: str, text: str) -> None:
        """A chat customer's message: the flow reads it (bot, menu) until an agent has joined."""
        with self._lock:
            contact = self.contacts.get(contact_id)
            if contact is None or not contact.active:
                return
            if contact.agent_connected_at is not None:
                contact.log(self.clock.time(), "caller", f"typed {text}")
                return
            contact.pending_utterances.append(text)
            self._wake(contact_id)

    def end_chat(self, contact_id: str, reason: str) -> None:
        """The customer (CUSTOMER_DISCONNECT) or the agent (AGENT_DISCONNECT) ends the chat."""
        with self._lock:
            contact = self.contacts.get(contact_id)
            if contact is None or not contact.active:
                return
            contact.stop_requested = reason
            self._wake(contact_id)
        self._flush_events()

    def agent_accepts_chat(self, contact_id: str, agent_name: str) -> None:
        """An agent of the desk accepts a queued chat: they join it at once."""
        with self._lock:
            contact = self.contacts.get(contact_id)
            if contact is None or not contact.active or contact.channel != "CHAT":
                return
            contact.desk_agent = agent_name
            self._wake(contact_id)

    def log_on_contact(self, contact_id: str, who: str, text: str) -> None:
        contact = self.contacts.get(contact_id)
        if contact is not None:
            contact.log(self.clock.time(), who, text)

    def transcript(self, contact_id: str) -> Transcript:
        return self.contacts[contact_id].transcript

    # -- processes on the clock -----------------------------------------------------------------------
    def _admit(self, contact: Contact, process: Process) -> None:
        self.contacts[contact.contact_id] = contact
        self.peak_concurrent_calls = max(self.peak_concurrent_calls, self.active_calls())
        self._emit(contact, "INITIATED")
        self._processes[contact.contact_id] = process
        self._schedule(contact.contact_id, contact.started_at)

    def _schedule(self, key: str, at: float) -> None:
        """(Re)schedule the process of contact ``key`` at ``at``; an earlier entry becomes stale."""
        sequence = next(self._sequence)
        self._live_entry[key] = sequence
        heapq.heappush(self._heap, (at, sequence, key, self._processes[key]))

    def _wake(self, contact_id: str) -> None:
        """Resume a waiting contact now (an agent was found for it, a chat message came)."""
        if contact_id == self._running:
            self._woken_while_running.add(contact_id)  # resumed right after its current step
        elif contact_id in self._processes:
            self._schedule(contact_id, self.clock.time())

    def _timer(self, at: float) -> None:
        """Route again at ``at`` (a delay or after-contact work runs out then)."""

        def fire() -> Process:
            self._route()
            return
            yield 0.0

        sequence = next(self._sequence)
        heapq.heappush(self._heap, (at, sequence, f"timer:{sequence}", fire()))

    def _outbound_call(self, contact: Contact) -> Process:
        party = contact.party
        contact.log(contact.started_at, "network", f"dialling {_masked(contact.customer_number)}")
        if party.busy:
            yield 1.0
            contact.log(self.clock.time(), "network", "busy")
            self._set_amd(contact, "SIT_TONE_BUSY")
            self._end(contact, "TELECOM_BUSY")
            return
        if party.answer_after_s is None or party.answer_after_s >= contact.ring_timeout_s:
            yield contact.ring_timeout_s
            if not contact.active:
                return
            contact.log(self.clock.time(), "network", f"no answer after {contact.ring_timeout_s:g}s")
            self._set_amd(contact, "AMD_UNANSWERED")
            self._end(contact, "TELECOM_TIMEOUT")
            return
        yield party.answer_after_s
        if not contact.active:
            return
        contact.answered_at = self.clock.time()
        contact.log(
            contact.answered_at, "network", "answered by voicemail" if party.voicemail else "answered"
        )
        self._set_amd(contact, "VOICEMAIL_BEEP" if party.voicemail else "HUMAN_ANSWERED")
        self._emit(contact, "CONNECTED_TO_SYSTEM")
        yield from self._converse(contact)

    def _chat_contact(self, contact: Contact) -> Process:
        contact.answered_at = contact.started_at
        contact.log(contact.started_at, "network", f"chat from {contact.contact_data.get('Name', '')}")
        self._emit(contact, "CONNECTED_TO_SYSTEM")
        yield 0.0
        yield from self._converse(contact)

    def _inbound_call(self, contact: Contact) -> Process:
        contact.answered_at = contact.started_at
        contact.log(contact.started_at, "network", f"call from {_masked(contact.customer_number)}")
        self._emit(contact, "CONNECTED_TO_SYSTEM")
        yield 0.0
        yield from self._converse(contact)

    def _run_flow(
        self,
        contact: Contact,
        flow_name: str,
        content: dict[str, Any],
        flow_type: str = "CONTACT_FLOW",
        listener: str = "system",
        deadline: float | None = None,
    ) -> Generator[float, None, str]:
        run = FlowRun(self, contact, content, flow_name, flow_type, listener=listener, deadline=deadline)
        outcome: str = yield from run.run()
        return outcome

    def _hook_flow(self, contact: Contact, hook: str) -> tuple[str, dict[str, Any]] | None:
        """The flow an UpdateContactEventHooks action set for ``hook``, if any."""
        reference = contact.event_hooks.get(hook)
        if not reference:
            return None
        found = self.find_flow(reference)
        if found is None:
            raise FlowRuntimeError(f"event hook {hook} names an unknown flow {reference}")
        return found

    def _queue_flow(self, contact: Contact) -> Generator[float, None, None]:
        """Wait for an agent; the customer queue flow (CustomerQueue hook) plays until one answers."""
        if contact.channel == "CHAT" and self.agent_desk is not None:
            while contact.desk_agent is None:  # until an agent of the desk accepts it
                yield from self._wait_for_party(contact, 24 * 3600.0)
            return
        if self.roster.active:
            yield from self._wait_for_routed_agent(contact)
            return
        agent_at = self.clock.time() + self.agent_answer_s
        queue_flow = self._hook_flow(contact, "CustomerQueue")
        if queue_flow is not None:
            name, content = queue_flow
            contact.log(self.clock.time(), "queue", f"queue flow {name}")
            try:
                outcome = yield from self._run_flow(
                    contact, name, content, "CUSTOMER_QUEUE", deadline=agent_at
                )
            except Interrupted:
                outcome = QUEUED
            if outcome == DISCONNECTED:
                raise _FlowDisconnected()
        remaining = agent_at - self.clock.time()
        yield from self._wait_for_party(contact, max(0.0, remaining))

    # -- routing to agents -----------------------------------------------------------------------------
    def _waiting(self) -> list[Contact]:
        return [
            c
            for c in self.contacts.values()
            if c.active
            and c.queued_at is not None
            and c.routed_agent is None
            and c.agent_connected_at is None
        ]

    def _route(self) -> None:
        """Offer waiting contacts to routable agents; wake the contacts that got one."""
        now = self.clock.time()
        for contact, agent in self.roster.assign(self._waiting(), now):
            contact.routed_agent = agent.user_id
            contact.offered_at = now
            contact.log(now, "agent", f"offered to {agent.username}")
            self._wake(contact.contact_id)

    def _entered_queue(self, contact: Contact) -> None:
        """Route now, and again when a routing profile's delay for this queue runs out."""
        if contact.target_queue and contact.queued_at is not None:
            for delay in self.roster.delays_for(contact.target_queue):
                self._timer(contact.queued_at + delay)
        self._route()

    def _wait_for_routed_agent(self, contact: Contact) -> Generator[float, None, None]:
        """Wait (playing the queue flow, if set) until routing gives the contact an agent, who
        accepts it after ``agent_accept_s``."""
        self._entered_queue(contact)
        queue_flow = self._hook_flow(contact, "CustomerQueue")
        if queue_flow is not None and contact.routed_agent is None:
            name, content = queue_flow
            contact.log(self.clock.time(), "queue", f"queue flow {name}")
            target = contact.target_queue
            run = FlowRun(self, contact, content, name, "CUSTOMER_QUEUE")
            run.interrupted = lambda: contact.routed_agent is not None
            try:
                outcome = yield from run.run()
            except Interrupted:
                outcome = QUEUED
            if outcome == DISCONNECTED:
                raise _FlowDisconnected()
            if contact.target_queue != target and contact.routed_agent is None:
                contact.queued_at = self.clock.time()  # moved: its time in the new queue starts now
                self._emit(contact, "QUEUED")
                self._entered_queue(contact)
        while contact.routed_agent is None:
            yield from self._wait_for_party(contact, 24 * 3600.0)  # until woken by routing
        yield from self._wait_for_party(contact, self.agent_accept_s)

    def _whispers(self, contact: Contact) -> Generator[float, None, None]:
        """When the agent connects: the agent whisper (to the agent), then the customer whisper."""
        for hook, flow_type, listener in (
            ("AgentWhisper", "AGENT_WHISPER", "whisper"),
            ("CustomerWhisper", "CUSTOMER_WHISPER", "system"),
        ):
            found = self._hook_flow(contact, hook)
            if found is not None:
                contact.log(
                    self.clock.time(), "flow", f"{flow_type.lower().replace('_', ' ')} flow {found[0]}"
                )
                yield from self._run_flow(contact, found[0], found[1], flow_type, listener=listener)

    def _converse(self, contact: Contact) -> Process:
        """The flow, then the queue (and its queue flow), the whispers and the agent, then the disconnect flow."""
        name, content = self._flow(self.flow_arn(contact.flow_name))
        try:
            outcome = yield from self._run_flow(contact, name, content)
            if outcome != QUEUED:
                contact.log(self.clock.time(), "flow", "flow disconnected the call")
                self._end(contact, "CONTACT_FLOW_DISCONNECT")
                return
            contact.queued_at = self.clock.time()
            contact.log(
                contact.queued_at, "queue", f"queued in {contact.queue_name} (priority {contact.priority})"
            )
            self._emit(contact, "QUEUED")
            yield from self._queue_flow(contact)
            contact.agent_connected_at = self.clock.time()
            if contact.routed_agent is not None:
                self.roster.connected(contact.routed_agent, contact.agent_connected_at)
            contact.log(contact.agent_connected_at, "agent", "agent answered")
            if contact.channel == "CHAT":
                contact.pending_utterances.clear()  # typed while queued: the agent reads them
                self.chat.agent_joins(contact.contact_id, self._agent_name(contact))
            self._emit(contact, "CONNECTED_TO_AGENT")
            yield from self._whispers(contact)
            yield from self._wait_for_party(contact, contact.party.talk_to_agent_s)
            contact.log(self.clock.time(), "agent", "agent hung up")
            self._release_agent(contact)
            hook = contact.event_hooks.get("CustomerRemaining")
            if hook:
                hook_name, hook_content = self._flow(hook)
                contact.log(self.clock.time(), "flow", f"disconnect flow {hook_name}")
                yield from self._run_flow(contact, hook_name, hook_content)
            self._end(contact, "AGENT_DISCONNECT")
        except _FlowDisconnected:
            contact.log(self.clock.time(), "flow", "queue flow disconnected the call")
            self._end(contact, "CONTACT_FLOW_DISCONNECT")
        except FlowRuntimeError as exc:
            self.flow_errors.append(str(exc))
            contact.log(self.clock.time(), "flow", f"flow error: {exc}")
            self._end(contact, "CONTACT_FLOW_DISCONNECT")
        except CallerHungUp:
            if contact.active:
                reason = contact.stop_requested or "CUSTOMER_DISCONNECT"
                if contact.channel == "CHAT" and reason in CHAT_ENDINGS:
                    contact.log(self.clock.time(), *CHAT_ENDINGS[reason])
                else:
                    who = "stopped" if contact.stop_requested else "caller hung up"
                    contact.log(self.clock.time(), "caller" if who != "stopped" else "network", who)
                self._end(contact, reason)

    def _agent_name(self, contact: Contact) -> str:
        if contact.desk_agent:
            return contact.desk_agent
        agent = self.roster.agents.get(contact.routed_agent or "") if contact.routed_agent else None
        return str(getattr(agent, "username", None) or "Agent")

    def _wait_for_party(self, contact: Contact, seconds: float) -> Generator[float, None, None]:
        hang_up_at = self.hang_up_time(contact)
        now = self.clock.time()
        if hang_up_at is not None and now + seconds >= hang_up_at:
            yield max(0.0, hang_up_at - now)
            raise CallerHungUp()
        yield seconds
        if contact.stop_requested:
            raise CallerHungUp()

    def _set_amd(self, contact: Contact, status: str) -> None:
        if contact.answer_machine_detection:
            contact.amd_status = status

    def _release_agent(self, contact: Contact) -> None:
        """The agent leaves the contact: into after-contact work if they talked, then free again."""
        if contact.routed_agent is None:
            return
        now = self.clock.time()
        work_ends = self.roster.release(
            contact.routed_agent, contact.contact_id, now, answered=contact.agent_connected_at is not None
        )
        if work_ends is not None:
            self._timer(work_ends)
        self._route()

    def _end(self, contact: Contact, reason: str) -> None:
        if not contact.active:
            return
        contact.ended_at = self.clock.time()
        contact.disconnect_reason = reason
        contact.log(contact.ended_at, "network", f"disconnected ({reason})")
        if contact.recording.on:
            self._store_recording(contact)
        if contact.channel == "CHAT":
            self.chat.end(contact.contact_id)
        self._emit(contact, "DISCONNECTED")
        self._release_agent(contact)

    def _store_recording(self, contact: Contact) -> None:
        """Keep the contact's WAV, and put it in the instance's recordings storage as Connect does."""
        audio = recording_wav(contact)
        self.recordings[contact.contact_id] = audio
        storage = self.recording_storage
        if storage is None:
            return
        key = recording_key(
            storage.prefix, contact.contact_id, contact.recording.started_at or contact.started_at
        )
        storage.put(storage.bucket, key, audio)
        self.recording_locations[contact.contact_id] = f"{storage.bucket}/{key}"

    # -- events -----------------------------------------------------------------------------------------
    def _emit(self, contact: Contact, event_type: str, **extra: Any) -> None:
        detail: dict[str, Any] = {
            "eventType": event_type,
            "contactId": contact.contact_id,
            "initialContactId": contact.contact_id,
            "channel": contact.channel,
            "instanceArn": self.instance_arn,
            "initiationMethod": contact.initiation_method,
            "initiationTimestamp": iso(contact.started_at),
            "tags": {"aws:connect:instanceId": self.instance_id},
        }
        if contact.system_number:
            detail["tags"]["aws:connect:systemEndpoint"] = contact.system_number
        if contact.answered_at is not None:
            detail["connectedToSystemTimestamp"] = iso(contact.answered_at)
        if contact.queued_at is not None and contact.target_queue and contact.initiation_method != "OUTBOUND":
            detail["queueInfo"] = {
                "queueArn": contact.target_queue
                if contact.target_queue.startswith("arn:")
                else f"{self.instance_arn}/queue/{contact.target_queue}",
                "queueType": "AGENT" if contact.target_queue.startswith("agent/") else "STANDARD",
                "enqueueTimestamp": iso(contact.queued_at),
            }
        if contact.agent_connected_at is not None:
            detail["agentInfo"] = {
                "agentArn": f"{self.instance_arn}/agent/{contact.routed_agent or 'simulated-agent'}",
                "connectedToAgentTimestamp": iso(contact.agent_connected_at),
            }
        if contact.amd_status is not None:
            detail["answeringMachineDetectionStatus"] = contact.amd_status
        if event_type == "DISCONNECTED":
            detail["disconnectTimestamp"] = iso(contact.ended_at or self.clock.time())
            detail["disconnectReason"] = contact.disconnect_reason
        detail.update(extra)
        event = {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Amazon Connect Contact Event",
            "source": "aws.connect",
            "account": LOCAL_ACCOUNT,
            "time": iso(self.clock.time())[:19] + "Z",
            "region": LOCAL_REGION,
            "resources": [f"{self.instance_arn}/contact/{contact.contact_id}", self.instance_arn],
            "detail": detail,
        }
        with self._lock:
            self.events.append(event)
            self._outbox.append(event)

    def _flush_events(self) -> None:
        if self._drive.locked() and threading.current_thread() is not self._driver_thread():
            return  # the driver delivers them after its current step
        while True:
            with self._lock:
                if not self._outbox:
                    return
                pending, self._outbox = self._outbox, []
            for event in pending:
                for sink in list(self._sinks):
                    sink(event)

    def _driver_thread(self) -> threading.Thread | None:
        return self._driving_thread

    # -- moving time ------------------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward, running every call step that falls due."""
        self.advance_to(self.clock.time() + seconds)

    def advance_to(self, target: float) -> None:
        with self._drive:
            self._driving_thread = threading.current_thread()
            try:
                while True:
                    with self._lock:
                        if not self._heap or self._heap[0][0] > target:
                            break
                        due, sequence, key, process = heapq.heappop(self._heap)
                        if self._live_entry.get(key, sequence) != sequence:
                            continue  # superseded by a wake-up
                    self.clock.set(due)
                    contact = self.contacts.get(key)  # None: a routing timer
                    self._running = key
                    try:
                        wait = next(process)
                    except StopIteration:
                        wait = None
                    finally:
                        self._running = None
                    with self._lock:
                        woken = key in self._woken_while_running
                        self._woken_while_running.discard(key)
                        if wait is not None and contact is not None and contact.active:
                            self._schedule(key, self.clock.time() + (0.0 if woken else wait))
                        elif contact is not None:
                            self._live_entry.pop(key, None)
                            self._processes.pop(key, None)
                    self._flush_events()
                self.clock.set(target)
            finally:
                self._driving_thread = None
        self._flush_events()

    def next_due(self) -> float | None:
        with self._lock:
            return self._heap[0][0] if self._heap else None

    def run_until_idle(self, max_seconds: float = 24 * 3600) -> None:
        """Run until no call is in progress (or ``max_seconds`` of virtual time have passed)."""
        limit = self.clock.time() + max_seconds
        while True:
            due = self.next_due()
            if due is None or due > limit:
                return
            self.advance_to(due)

    def run_in_background(self, speed: float = 20.0, tick_s: float = 0.05) -> None:
        """Move the clock at ``speed`` times real time in a daemon thread until ``stop_background``."""
        if self._pump is not None:
            return
        self._pump_stop.clear()

        def pump() -> None:
            while not self._pump_stop.wait(tick_s):
                self.advance(tick_s * speed)

        self._pump = threading.Thread(target=pump, name="connect-simulator-clock", daemon=True)
        self._pump.start()

    def stop_background(self) -> None:
        if self._pump is not None:
            self._pump_stop.set()
            self._pump.join(timeout=5)
            self._pump = None


def _masked(number: str) -> str:
    return "*" * max(0, len(number) - 4) + number[-4:]


def wait_until(condition: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    """Real-time polling helper for tests that drive the simulator through its background pump."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


__all__ = ["ConnectError", "ConnectSimulator", "Party", "Press"]
