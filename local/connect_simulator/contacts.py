"""A contact's state while the simulator runs it, and the transcript tests and the demo read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from local.connect_simulator.parties import Party, Press


@dataclass(frozen=True)
class TranscriptLine:
    at_s: float  # seconds since the contact started
    who: str  # network | system | caller | flow | lambda | queue | agent
    text: str

    def render(self) -> str:
        return f"{self.at_s:7.1f}s  {self.who:<7} {self.text}"


@dataclass
class Recording:
    """What UpdateContactRecordingBehavior turned on for the contact."""

    participants: list[str] = field(default_factory=list)  # "Agent" / "Customer"
    ivr: bool = False
    screen_participants: list[str] = field(default_factory=list)
    analytics: bool = False
    analytics_language: str | None = None
    started_at: float | None = None

    @property
    def on(self) -> bool:
        return bool(self.participants) or self.ivr

    def as_dict(self) -> dict[str, Any]:
        return {
            "participants": list(self.participants),
            "ivr": self.ivr,
            "screenParticipants": list(self.screen_participants),
            "analytics": self.analytics,
        }


@dataclass
class Contact:
    contact_id: str
    initiation_method: str  # INBOUND | API
    customer_number: str
    system_number: str
    flow_name: str
    party: Party
    started_at: float
    attributes: dict[str, str] = field(default_factory=dict)
    external: dict[str, str] = field(default_factory=dict)
    voice: str = "Joanna"
    target_queue: str | None = None  # queue ARN, or "agent/<id>"
    queue_name: str | None = None
    priority: int | None = None
    event_hooks: dict[str, str] = field(default_factory=dict)
    loop_counts: dict[str, int] = field(default_factory=dict)
    answer_machine_detection: bool = False
    ring_timeout_s: float = 60.0
    client_token: str | None = None
    answered_at: float | None = None
    queued_at: float | None = None
    agent_connected_at: float | None = None
    routed_agent: str | None = None  # the Connect user id routing gave the contact to
    offered_at: float | None = None  # when routing offered it to that agent
    ended_at: float | None = None
    disconnect_reason: str | None = None
    amd_status: str | None = None
    stop_requested: str | None = None
    stored_input: str = ""
    pending_presses: list[Press] = field(default_factory=list)
    channel: str = "VOICE"  # VOICE | CHAT
    pending_utterances: list[str] = field(default_factory=list)  # what the party says or types, in order
    #: A chat whose customer types through the participant API (not a scripted party): the flow
    #: waits for what they type, and what is pending was typed already.
    interactive: bool = False
    desk_agent: str | None = None  # the agent desk's agent who accepted the chat
    callback_number: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    contact_data: dict[str, Any] = field(
        default_factory=dict
    )  # Name, Description, LanguageCode, References...
    lex: dict[str, Any] = field(default_factory=dict)  # $.Lex after ConnectParticipantWithLexBot
    metrics: dict[str, Any] = field(default_factory=dict)  # $.Metrics after GetMetricData
    customer: dict[str, Any] = field(default_factory=dict)  # $.Customer (Customer Profiles)
    case: dict[str, Any] = field(default_factory=dict)  # $.Case
    media_streams: dict[str, Any] = field(default_factory=dict)  # $.MediaStreams
    settings: dict[str, Any] = field(default_factory=dict)  # behaviours set by actions with no data path
    created_contacts: list[dict[str, Any]] = field(default_factory=list)  # tasks, chats, callbacks it created
    path: list[str] = field(default_factory=list)  # identifiers of the actions run, in order
    recording: Recording = field(default_factory=Recording)
    flow_logging: bool = False
    flow_log: list[dict[str, Any]] = field(default_factory=list)  # CloudWatch flow-log entries
    unsupported: list[str] = field(default_factory=list)  # what the simulator could not honour
    lines: list[TranscriptLine] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def log(self, now: float, who: str, text: str) -> None:
        self.lines.append(TranscriptLine(round(now - self.started_at, 1), who, text))

    @property
    def transcript(self) -> Transcript:
        return Transcript(self)


class Transcript:
    """What was said, keys pressed, functions called, attributes, queue and how the call ended."""

    def __init__(self, contact: Contact) -> None:
        self.contact = contact

    @property
    def lines(self) -> list[TranscriptLine]:
        return list(self.contact.lines)

    def said(self) -> list[str]:
        """Everything the system spoke, in order."""
        return [line.text for line in self.contact.lines if line.who == "system"]

    def keys(self) -> list[str]:
        return [line.text.split()[-1] for line in self.contact.lines if line.text.startswith("pressed ")]

    def functions(self) -> list[str]:
        return [line.text.split("(", 1)[0] for line in self.contact.lines if line.who == "lambda"]

    def as_dict(self) -> dict[str, Any]:
        contact = self.contact
        return {
            "contactId": contact.contact_id,
            "initiationMethod": contact.initiation_method,
            "flow": contact.flow_name,
            "customer": contact.customer_number,
            "attributes": dict(contact.attributes),
            "queue": contact.queue_name,
            "priority": contact.priority,
            "recording": contact.recording.as_dict() if contact.recording.on else None,
            "disconnectReason": contact.disconnect_reason,
            "durationSeconds": None
            if contact.ended_at is None
            else round(contact.ended_at - contact.started_at, 1),
            "lines": [line.__dict__ for line in contact.lines],
        }

    def render(self) -> str:
        contact = self.contact
        head = f"contact {contact.contact_id} ({contact.initiation_method}, flow {contact.flow_name})"
        tail = (
            f"ended: {contact.disconnect_reason or 'still active'}; queue: {contact.queue_name or '-'}; "
            f"priority: {contact.priority if contact.priority is not None else '-'}"
        )
        return "\n".join([head, *(line.render() for line in contact.lines), tail])
