"""Chat contacts in the simulator: StartChatContact and the Amazon Connect Participant Service.

A chat has participants (the customer, then an agent), each with a participant token; a
participant's CreateParticipantConnection turns the token into a connection token and a
websocket URL (``chat_transport``). Everything said on the chat is one transcript, in the shape of
the participant service's ``Item`` (botocore ``connectparticipant``: Id, AbsoluteTime, Content,
ContentType, Type, ParticipantId, DisplayName, ParticipantRole), pushed to every connection as it
happens and returned by GetTranscript. The flow's messages are SYSTEM's, the bot's CUSTOM_BOT's.

    participant = sim.start_chat_contact(InstanceId=..., ContactFlowId=..., ParticipantDetails=...)
    connection = sim.chat.create_connection(participant["ParticipantToken"], ["CONNECTION_CREDENTIALS"])
    sim.chat.send_message(connection["ConnectionCredentials"]["ConnectionToken"], "text/plain", "hello")

What the customer types before an agent joins feeds the flow (GetParticipantInput, the Lex bot);
after, it goes to the agent. Errors are ``ParticipantError`` with the service's codes
(AccessDeniedException for a token that is unknown or whose chat has ended, ValidationException).
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from local.connect_simulator.clock import iso

if TYPE_CHECKING:
    from local.connect_simulator.contacts import Contact
    from local.connect_simulator.simulator import ConnectSimulator

EVENT = "application/vnd.amazonaws.connect.event."
JOINED = EVENT + "participant.joined"
LEFT = EVENT + "participant.left"
CHAT_ENDED = EVENT + "chat.ended"
TYPING = EVENT + "typing"
CONNECTION_ACKNOWLEDGED = EVENT + "connection.acknowledged"
#: What SendMessage accepts (StartChatContact's SupportedMessagingContentTypes default).
MESSAGE_TYPES = ("text/plain", "text/markdown")
#: Events SendEvent accepts (API reference, SendEvent ContentType).
EVENT_TYPES = (
    TYPING,
    CONNECTION_ACKNOWLEDGED,
    EVENT + "message.delivered",
    EVENT + "message.read",
)
#: Events only the other party's view needs; GetTranscript leaves them out, as Connect does.
TRANSIENT_EVENTS = frozenset({TYPING, CONNECTION_ACKNOWLEDGED})
CONNECTION_HOURS = 24
SYSTEM_NAME = "SYSTEM_MESSAGE"
BOT_NAME = "BOT"

ItemListener = Callable[[str, dict[str, Any]], None]  # (contact id, item)


class ParticipantError(Exception):
    """An error the participant service answers with (code = the exception botocore raises)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ChatParticipant:
    contact_id: str
    participant_id: str
    role: str  # CUSTOMER | AGENT
    display_name: str
    participant_token: str
    connection_token: str | None = None
    left: bool = False


@dataclass
class ChatSession:
    """One chat contact's participants and transcript."""

    contact_id: str
    participants: list[ChatParticipant] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    ended: bool = False

    def transcript(self) -> list[dict[str, Any]]:
        """The lasting items (messages, joins, leaves, the end), oldest first."""
        return [item for item in self.items if item.get("ContentType") not in TRANSIENT_EVENTS]


class ChatService:
    """Every chat of one simulator: tokens, transcripts, and who listens to them."""

    def __init__(self, sim: ConnectSimulator) -> None:
        self.sim = sim
        self.sessions: dict[str, ChatSession] = {}
        self._by_participant_token: dict[str, ChatParticipant] = {}
        self._by_connection_token: dict[str, ChatParticipant] = {}
        self._listeners: list[ItemListener] = []
        self._lock = threading.RLock()
        #: The websocket URL a connection gets, ``{token}`` filled in (set by the transport).
        self.websocket_url: str | None = None

    # -- who hears what ------------------------------------------------------------------------
    def on_item(self, listener: ItemListener) -> None:
        """Call ``listener(contact_id, item)`` for every item added to any chat (transport, desk)."""
        self._listeners.append(listener)

    def _add(self, contact_id: str, item_type: str, content_type: str, **fields: Any) -> dict[str, Any]:
        with self._lock:
            session = self.sessions[contact_id]
            item: dict[str, Any] = {
                "AbsoluteTime": iso(self.sim.clock.time()),
                "ContentType": content_type,
                "Id": str(uuid.uuid4()),
                "Type": item_type,
                **{key: value for key, value in fields.items() if value is not None},
                "ContactId": contact_id,
                "InitialContactId": contact_id,
            }
            session.items.append(item)
        for listener in list(self._listeners):
            listener(contact_id, item)
        return item

    # -- the contact side (the simulator and its flows) -----------------------------------------
    def open(self, contact: Contact, display_name: str) -> ChatParticipant:
        """A new chat for ``contact``, its customer joined; returns the customer participant."""
        customer = ChatParticipant(
            contact.contact_id, str(uuid.uuid4()), "CUSTOMER", display_name, secrets.token_urlsafe(32)
        )
        with self._lock:
            self.sessions[contact.contact_id] = ChatSession(contact.contact_id, [customer])
            self._by_participant_token[customer.participant_token] = customer
        self._joined(customer)
        return customer

    def _joined(self, participant: ChatParticipant) -> None:
        self._add(
            participant.contact_id,
            "EVENT",
            JOINED,
            ParticipantId=participant.participant_id,
            DisplayName=participant.display_name,
            ParticipantRole=participant.role,
        )

    def system_says(self, contact_id: str, text: str, bot: bool = False) -> None:
        """A message of the flow (or of the Lex bot it connected) to the customer."""
        if contact_id not in self.sessions:
            return
        self._add(
            contact_id,
            "MESSAGE",
            "text/plain",
            Content=text,
            DisplayName=BOT_NAME if bot else SYSTEM_NAME,
            ParticipantRole="CUSTOM_BOT" if bot else "SYSTEM",
            ParticipantId=("bot" if bot else "system") + "-" + contact_id[:8],
        )

    def agent_joins(self, contact_id: str, display_name: str) -> ChatParticipant:
        """The agent routing gave the chat to joins it (their messages go through ``agent_says``)."""
        agent = ChatParticipant(
            contact_id, str(uuid.uuid4()), "AGENT", display_name, secrets.token_urlsafe(32)
        )
        with self._lock:
            self.sessions[contact_id].participants.append(agent)
        self._joined(agent)
        return agent

    def agent_of(self, contact_id: str) -> ChatParticipant | None:
        session = self.sessions.get(contact_id)
        if session is None:
            return None
        return next((p for p in reversed(session.participants) if p.role == "AGENT" and not p.left), None)

    def agent_says(self, contact_id: str, text: str) -> dict[str, Any]:
        agent = self.agent_of(contact_id)
        session = self.sessions.get(contact_id)
        if agent is None or session is None or session.ended:
            raise ParticipantError("AccessDeniedException", "no agent is on this chat")
        item = self._add(
            contact_id,
            "MESSAGE",
            "text/plain",
            Content=text,
            ParticipantId=agent.participant_id,
            DisplayName=agent.display_name,
            ParticipantRole="AGENT",
        )
        self.sim.log_on_contact(contact_id, "agent", f"typed {text}")
        return item

    def end(self, contact_id: str) -> None:
        """The contact ended: whoever is still on the chat leaves, then the chat ends."""
        session = self.sessions.get(contact_id)
        if session is None or session.ended:
            return
        for participant in session.participants:
            if not participant.left:
                participant.left = True
                self._add(
                    contact_id,
                    "EVENT",
                    LEFT,
                    ParticipantId=participant.participant_id,
                    DisplayName=participant.display_name,
                    ParticipantRole=participant.role,
                )
        session.ended = True
        self._add(contact_id, "EVENT", CHAT_ENDED)

    # -- the participant service -----------------------------------------------------------------
    def _connected(self, connection_token: str) -> tuple[ChatParticipant, ChatSession]:
        with self._lock:
            participant = self._by_connection_token.get(connection_token)
            session = None if participant is None else self.sessions.get(participant.contact_id)
        if participant is None or session is None:
            raise ParticipantError("AccessDeniedException", "the connection token is not valid")
        if session.ended or participant.left:
            raise ParticipantError("AccessDeniedException", "the chat has ended")
        return participant, session

    def participant_for_connection(self, connection_token: str) -> ChatParticipant | None:
        return self._by_connection_token.get(connection_token)

    def create_connection(
        self, participant_token: str, types: list[str], connect_participant: bool = False
    ) -> dict[str, Any]:
        """CreateParticipantConnection: a connection token and the websocket URL for it."""
        with self._lock:
            participant = self._by_participant_token.get(participant_token)
        if participant is None:
            raise ParticipantError("AccessDeniedException", "the participant token is not valid")
        session = self.sessions[participant.contact_id]
        if session.ended or participant.left:
            raise ParticipantError("AccessDeniedException", "the chat has ended")
        if not types and not connect_participant:
            raise ParticipantError("ValidationException", "Type or ConnectParticipant is required")
        with self._lock:
            if participant.connection_token is None:
                participant.connection_token = secrets.token_urlsafe(32)
                self._by_connection_token[participant.connection_token] = participant
        token = participant.connection_token
        expiry = iso(self.sim.clock.time() + CONNECTION_HOURS * 3600)
        answer: dict[str, Any] = {}
        if "WEBSOCKET" in types:
            if self.websocket_url is None:
                raise ParticipantError("InternalServerException", "the simulator serves no websocket")
            answer["Websocket"] = {"Url": self.websocket_url.format(token=token), "ConnectionExpiry": expiry}
        if "CONNECTION_CREDENTIALS" in types:
            answer["ConnectionCredentials"] = {"ConnectionToken": token, "Expiry": expiry}
        if connect_participant:
            self._add(
                participant.contact_id,
                "EVENT",
                CONNECTION_ACKNOWLEDGED,
                ParticipantId=participant.participant_id,
                DisplayName=participant.display_name,
                ParticipantRole=participant.role,
            )
        return answer

    def send_message(self, connection_token: str, content_type: str, content: str) -> dict[str, Any]:
        """SendMessage: the customer's message reaches the flow (before an agent) or the agent."""
        participant, _ = self._connected(connection_token)
        return self.send_customer_message(participant, content_type, content)

    def send_customer_message(
        self, participant: ChatParticipant, content_type: str, content: str
    ) -> dict[str, Any]:
        if content_type not in MESSAGE_TYPES:
            raise ParticipantError(
                "ValidationException", f"ContentType must be one of {', '.join(MESSAGE_TYPES)}"
            )
        item = self._said_by(participant, "MESSAGE", content_type, content)
        if participant.role == "CUSTOMER":
            self.sim.customer_typed(participant.contact_id, content)
        return {"Id": item["Id"], "AbsoluteTime": item["AbsoluteTime"]}

    def _said_by(
        self, participant: ChatParticipant, kind: str, content_type: str, content: str | None
    ) -> dict[str, Any]:
        """A MESSAGE or EVENT item in the transcript, signed with who sent it."""
        return self._add(
            participant.contact_id,
            kind,
            content_type,
            Content=content,
            ParticipantId=participant.participant_id,
            DisplayName=participant.display_name,
            ParticipantRole=participant.role,
        )

    def send_event(self, connection_token: str, content_type: str, content: str | None) -> dict[str, Any]:
        """SendEvent: typing, delivered and read receipts, the connection acknowledgement."""
        participant, _ = self._connected(connection_token)
        if content_type not in EVENT_TYPES:
            raise ParticipantError(
                "ValidationException", f"ContentType must be one of {', '.join(EVENT_TYPES)}"
            )
        item = self._said_by(participant, "EVENT", content_type, content)
        return {"Id": item["Id"], "AbsoluteTime": item["AbsoluteTime"]}

    def get_transcript(self, connection_token: str, request: dict[str, Any]) -> dict[str, Any]:
        """GetTranscript: at most MaxResults (default 15) lasting items. Without a StartPosition
        it reads back from the most recent (ScanDirection BACKWARD), with one forward from it
        (its Id, or its MostRecent count back from the end); SortOrder orders each page
        (DESCENDING by default, as botocore's model documents); NextToken counts items read."""
        with self._lock:
            participant = self._by_connection_token.get(connection_token)
        if participant is None:
            raise ParticipantError("AccessDeniedException", "the connection token is not valid")
        items = self.sessions[participant.contact_id].transcript()
        size = int(request.get("MaxResults") or 15)
        try:
            read = int(request.get("NextToken") or 0)
        except ValueError:
            raise ParticipantError("ValidationException", "NextToken is not valid") from None
        start = {k: v for k, v in (request.get("StartPosition") or {}).items() if v is not None}
        anchor = len(items)  # BACKWARD reads what comes before it; FORWARD from it
        if start.get("Id") is not None:
            anchor = next((i for i, item in enumerate(items) if item["Id"] == start["Id"]), len(items))
        elif start.get("MostRecent") is not None:
            anchor = max(0, len(items) - int(start["MostRecent"]))
        elif start:
            anchor = 0
        if (request.get("ScanDirection") or ("FORWARD" if start else "BACKWARD")) == "FORWARD":
            page, left = items[anchor + read : anchor + read + size], len(items) - anchor - read - size
        else:
            end = (anchor + 1 if start.get("Id") is not None else anchor) - read
            page, left = items[max(0, end - size) : max(0, end)], end - size
        if (request.get("SortOrder") or "DESCENDING") == "DESCENDING":
            page = list(reversed(page))
        answer: dict[str, Any] = {"InitialContactId": participant.contact_id, "Transcript": page}
        if left > 0:
            answer["NextToken"] = str(read + size)
        return answer

    def disconnect(self, connection_token: str) -> None:
        """DisconnectParticipant: the customer leaves, which ends the chat."""
        participant, _ = self._connected(connection_token)
        self.sim.end_chat(participant.contact_id, "CUSTOMER_DISCONNECT")
