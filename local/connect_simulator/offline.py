"""One contact through any flow file, offline: what ``callctl flow run`` prints.

References the flow makes to things this simulator does not hold (queues, hours, Lambda
functions, prompts, other flows, modules, Lex bots) are stood in for and listed in ``stubbed``:
a queue is created on the fly, hours answer ``hours_open``, a function returns
``lambda_response``, a prompt is "said" as its ARN, a flow or module is looked up by name in
``flows_dir`` (else the transfer ends the run / the module returns at once), a bot is the
project's own (``bots/assistant.json``). It all runs on the virtual clock: no real waiting.

    report = run_flow(content, RunOptions(flow_type="CONTACT_FLOW", keys=["1", "2#"]))
    report.ended, report.said, report.unsupported
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from local.connect_simulator.clock import VirtualClock
from local.connect_simulator.contacts import Contact
from local.connect_simulator.flow_files import FlowDocument, flow_folder
from local.connect_simulator.interpreter import FlowRun
from local.connect_simulator.lambdas import Invocation, LambdaRegistry
from local.connect_simulator.parties import Party, Press
from local.connect_simulator.runtime import (
    DISCONNECTED,
    ENDED,
    MODULE_RETURNED,
    QUEUED,
    TRANSFERRED_TO_FLOW,
    TRANSFERRED_TO_PHONE,
    CallerHungUp,
    FlowRuntimeError,
    Interrupted,
)
from local.connect_simulator.simulator import ConnectSimulator

CUSTOMER_NUMBER = "+12125550142"
SYSTEM_NUMBER = "+12125550100"
ENDINGS = {
    DISCONNECTED: "disconnected",
    QUEUED: "queued",
    ENDED: "flow_ended",
    TRANSFERRED_TO_FLOW: "transferred_to_flow",
    TRANSFERRED_TO_PHONE: "transferred_to_phone",
    MODULE_RETURNED: "module_returned",
}
OUTBOUND_TYPES = frozenset({"CAMPAIGN", "OUTBOUND_WHISPER"})
QUEUED_TYPES = frozenset(
    {"CUSTOMER_QUEUE", "CUSTOMER_HOLD", "AGENT_HOLD", "CUSTOMER_WHISPER", "AGENT_WHISPER"}
)
MAX_VIRTUAL_SECONDS = 3600.0


@dataclass
class RunOptions:
    flow_type: str = "CONTACT_FLOW"
    keys: list[str] = field(default_factory=list)  # key presses, one entry per input ("2#" is one entry)
    says: list[str] = field(default_factory=list)  # utterances for Lex bots / typed chat replies
    lambda_response: Any = None  # what every stubbed Lambda function returns ({} when None)
    attributes: dict[str, str] = field(default_factory=dict)
    channel: str = "VOICE"
    hours_open: bool = True
    flows_dir: Path | None = None
    agent_answer_s: float = 60.0  # when an agent takes a queued contact (ends queue and hold flows)


@dataclass
class RunReport:
    ended: str
    path: list[str]
    said: list[str]
    attributes: dict[str, str]
    stubbed: list[dict[str, str]]
    unsupported: list[str]
    flow_type: str
    channel: str
    error: str | None = None
    queue: str | None = None
    recording: dict[str, Any] | None = None
    flow_logging: bool = False
    created_contacts: list[dict[str, Any]] = field(default_factory=list)
    duration_s: float = 0.0
    transcript: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """It reached an end with nothing unsupported (exit 0)."""
        return self.ended != "error" and not self.unsupported

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _StubLambdas(LambdaRegistry):
    """Every function ARN answers ``response`` (through the same response validation)."""

    def __init__(self, response: Any) -> None:
        super().__init__()
        self.response = {} if response is None else response

    def invoke(
        self, arn: str, event: dict[str, Any], time_limit_s: float, response_type: str = "STRING_MAP"
    ) -> Invocation:
        if arn not in self:
            self.register(arn, lambda _event, _context: json.loads(json.dumps(self.response)))
        return super().invoke(arn, event, time_limit_s, response_type)


class OfflineSimulator(ConnectSimulator):
    """A simulator that stands in for whatever a foreign flow refers to, and notes each stand-in."""

    def __init__(self, options: RunOptions) -> None:
        super().__init__(clock=VirtualClock(), agent_answer_s=options.agent_answer_s)
        self.options = options
        self.stub_missing = True
        self.lambdas = _StubLambdas(options.lambda_response)
        self._folder = flow_folder(options.flows_dir) if options.flows_dir else []

    def resolve_queue(self, queue: str) -> str | None:
        known = super().resolve_queue(queue)
        if known is not None or not queue:
            return known
        self.note_stub("queue", queue)
        return self.add_queue(queue.rsplit("/", 1)[-1])

    def hours_open(self, arn: str) -> bool | None:
        known = super().hours_open(arn)
        if known is not None:
            return known
        self.note_stub(
            "hours", f"{arn or 'the queue hours'} ({'open' if self.options.hours_open else 'closed'})"
        )
        return self.options.hours_open

    def _from_folder(self, reference: str) -> FlowDocument | None:
        key = reference.rsplit("/", 1)[-1]
        return next((doc for doc in self._folder if reference in doc.names or key in doc.names), None)

    def find_flow(self, reference: str) -> tuple[str, dict[str, Any]] | None:
        found = super().find_flow(reference) or self.find_module(reference)
        document = self._from_folder(reference) if found is None else None
        return (document.name, document.content) if document else found

    def find_module(self, reference: str) -> tuple[str, dict[str, Any]] | None:
        found = super().find_module(reference)
        document = self._from_folder(reference) if found is None else None
        return (document.name, document.content) if document else found


def _contact(sim: OfflineSimulator, name: str, options: RunOptions) -> Contact:
    now = sim.clock.time()
    party = Party.answers(presses=[Press(key) for key in options.keys], after_s=0.0)
    contact = Contact(
        contact_id=str(uuid.uuid4()),
        initiation_method="API" if options.flow_type in OUTBOUND_TYPES else "INBOUND",
        customer_number=CUSTOMER_NUMBER,
        system_number=SYSTEM_NUMBER,
        flow_name=name,
        party=party,
        started_at=now,
        attributes=dict(options.attributes),
        channel=options.channel,
        answered_at=now,
    )
    contact.pending_presses = party.key_presses()
    contact.pending_utterances = list(options.says)
    if options.flow_type in OUTBOUND_TYPES:
        contact.answer_machine_detection = True
        contact.amd_status = "HUMAN_ANSWERED"
    if options.flow_type in QUEUED_TYPES:
        contact.target_queue = sim.add_queue("BasicQueue")
        contact.queue_name = "BasicQueue"
        contact.queued_at = now
    sim.contacts[contact.contact_id] = contact
    return contact


def run_flow(content: dict[str, Any], options: RunOptions, name: str = "flow") -> RunReport:
    """Simulate one contact through the Flow-language ``content`` as a flow of ``options.flow_type``."""
    sim = OfflineSimulator(options)
    contact = _contact(sim, name, options)
    started = sim.clock.time()
    deadline = (
        started + options.agent_answer_s
        if options.flow_type in QUEUED_TYPES - {"CUSTOMER_WHISPER", "AGENT_WHISPER"}
        else None
    )
    listener = "whisper" if options.flow_type == "AGENT_WHISPER" else "system"
    run = FlowRun(sim, contact, content, name, options.flow_type, listener, deadline)
    ended, error = "error", None
    steps = run.run()
    try:
        while sim.clock.time() - started <= MAX_VIRTUAL_SECONDS:
            sim.clock.advance(next(steps))
        error = f"still running after {MAX_VIRTUAL_SECONDS:g} virtual seconds"
    except StopIteration as stop:
        ended = ENDINGS.get(stop.value, "error")
    except Interrupted:
        ended = "queued"  # an agent took the contact while the queue or hold flow played
    except CallerHungUp:
        ended = "disconnected"
    except (FlowRuntimeError, KeyError, ValueError, TypeError) as exc:
        error = str(exc)
    return RunReport(
        ended=ended,
        path=list(contact.path),
        said=[line.text for line in contact.lines if line.who in ("system", "whisper")],
        attributes=dict(contact.attributes),
        stubbed=list(sim.stubbed),
        unsupported=list(contact.unsupported),
        flow_type=options.flow_type,
        channel=options.channel,
        error=error,
        queue=contact.queue_name,
        recording=contact.recording.as_dict() if contact.recording.on else None,
        flow_logging=contact.flow_logging,
        created_contacts=list(contact.created_contacts),
        duration_s=round(sim.clock.time() - started, 1),
        transcript=[line.render() for line in contact.lines],
    )
