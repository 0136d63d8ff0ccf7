"""The Amazon Connect adapter: start and stop outbound calls.

Errors are sorted by what the caller should do: ``LinesBusy`` (quota or throttling: back off and
try again, the contact is not lost) and ``CallNotPermitted`` (this number cannot be called: record
the refusal). Locally ``AWS_ENDPOINT_URL_CONNECT`` points boto3 at the Connect simulator.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chalicelib import settings

RETRYABLE_CODES = frozenset(
    {"LimitExceededException", "ThrottlingException", "TooManyRequestsException", "InternalServiceException"}
)
REFUSED_CODES = frozenset(
    {"DestinationNotAllowedException", "OutboundContactNotPermittedException", "InvalidParameterException"}
)


#: What a contact attribute or flow-Lambda result holds when it has no value. Flows branch on it
#: (Compare needs a real operand, and an attribute nobody set does not equal "" either).
NOT_SET = "none"

QUEUE_IDS_ENV = "CONNECT_QUEUE_IDS"  # JSON {queue name: Connect queue id}, set by CDK


def queue_ids(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Queue name -> Connect queue id of this instance; empty when unset or unreadable (a queue the
    stack does not know is simply not named, never an error)."""
    raw = (env if env is not None else os.environ).get(QUEUE_IDS_ENV) or ""
    try:
        ids = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return (
        {str(name): str(queue_id) for name, queue_id in ids.items() if queue_id}
        if isinstance(ids, dict)
        else {}
    )


def queue_id(name: str) -> str | None:
    """The Connect queue id named ``name`` (e.g. a ticket category, the callback queue), if known."""
    return queue_ids().get(name)


class LinesBusy(Exception):
    """Connect refused for now (concurrency quota full, throttled, transient fault): retry later."""


class CallNotPermitted(Exception):
    """Connect will not call this destination; retrying will not help."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


@dataclass(frozen=True)
class OutboundCall:
    destination: str
    #: Contact attributes the flow reads (string values only, as Connect requires).
    attributes: dict[str, str] = field(default_factory=dict)
    #: Same token for the same attempt: Connect then never places a second call for it.
    client_token: str | None = None
    #: Answering-machine detection; such calls go as TrafficType CAMPAIGN (see ``amd_request``).
    detect_answering_machine: bool = False
    ring_timeout_s: int | None = None
    contact_flow_id: str | None = None
    queue_id: str | None = None
    name: str | None = None


@lru_cache(maxsize=1)
def _client() -> Any:
    import boto3

    return boto3.client("connect")


@lru_cache(maxsize=1)
def _dialling_client() -> Any:
    """The client that places calls, with the SDK's own retries off.

    StartOutboundVoiceContact fails with LimitExceededException while the instance's concurrent
    calls quota is full; the SDK would retry it four times with backoff, holding the invocation
    (and the line the dialler reserved) for seconds on a quota that frees only as calls end. The
    callers already wait as they should: ``LinesBusy`` puts the contact back with a delay, and the
    attempt's ClientToken makes a later try of the same attempt place at most one call.
    """
    import boto3
    from botocore.config import Config

    return boto3.client("connect", config=Config(retries={"mode": "standard", "total_max_attempts": 1}))


def forget_client() -> None:
    """Drop the cached clients and what they found (after the endpoint or credentials changed,
    e.g. in tests)."""
    _client.cache_clear()
    _dialling_client.cache_clear()
    _participant_client.cache_clear()
    chat_flow_id.cache_clear()


#: The service quota a stage needs raised before Connect accepts TrafficType CAMPAIGN.
CAMPAIGN_TRAFFIC_QUOTA = "Amazon Connect campaigns"


def amd_request(detect_answering_machine: bool) -> dict[str, Any]:
    """The StartOutboundVoiceContact members for answering-machine detection, on or off.

    The API reference, TrafficType: "Use CAMPAIGN if EnableAnswerMachineDetection is set to true.
    For all other cases, use GENERAL" (the default, so it is left out); CAMPAIGN calls need the
    ``CAMPAIGN_TRAFFIC_QUOTA`` increase. CampaignId is left out: it names an Amazon Connect
    outbound campaign, which our campaigns are not.

    >>> amd_request(True)["TrafficType"]
    'CAMPAIGN'
    >>> amd_request(False)
    {}
    """
    if not detect_answering_machine:
        return {}
    return {
        "TrafficType": "CAMPAIGN",
        "AnswerMachineDetectionConfig": {
            "EnableAnswerMachineDetection": True,
            "AwaitAnswerMachinePrompt": True,
        },
    }


def start_outbound_call(call: OutboundCall) -> str:
    """Place the call through the instance's outbound flow; returns the Connect ContactId."""
    from botocore.exceptions import ClientError

    request: dict[str, Any] = {
        "DestinationPhoneNumber": call.destination,
        "ContactFlowId": call.contact_flow_id or settings.required("OUTBOUND_FLOW_ID"),
        "InstanceId": settings.required("CONNECT_INSTANCE_ID"),
        "Attributes": call.attributes,
    }
    source = os.environ.get("OUTBOUND_SOURCE_PHONE_NUMBER")
    queue_id = call.queue_id or os.environ.get("OUTBOUND_QUEUE_ID")
    if source:
        request["SourcePhoneNumber"] = source
    elif queue_id:
        request["QueueId"] = queue_id  # the queue's outbound caller id is used
    if call.client_token:
        request["ClientToken"] = call.client_token
    if call.name:
        request["Name"] = call.name[:512]
    if call.ring_timeout_s:
        request["RingTimeoutInSeconds"] = max(15, min(60, call.ring_timeout_s))
    request.update(amd_request(call.detect_answering_machine))
    try:
        response = _dialling_client().start_outbound_voice_contact(**request)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "")
        if code in RETRYABLE_CODES:
            raise LinesBusy(f"{code}: {message}") from error
        if code in REFUSED_CODES:
            raise CallNotPermitted(code, message) from error
        raise
    return str(response["ContactId"])


def stop_call(contact_id: str) -> None:
    """End a call in progress (campaign stopped); a call that already ended is not an error."""
    from botocore.exceptions import ClientError

    try:
        _client().stop_contact(ContactId=contact_id, InstanceId=settings.required("CONNECT_INSTANCE_ID"))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {
            "ContactNotFoundException",
            "ResourceNotFoundException",
        }:
            raise


def customer_number(contact_id: str) -> str | None:
    """The customer's phone number on a contact (DescribeContact); None when Connect cannot say
    or the customer's end is not a phone number. A failure is logged, never raised."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.observability import get_logger

    try:
        contact = boto3.client("connect").describe_contact(
            InstanceId=settings.required("CONNECT_INSTANCE_ID"), ContactId=contact_id
        )["Contact"]
    except (BotoCoreError, ClientError, KeyError, settings.MissingSetting):
        get_logger().warning("no customer number for contact", extra={"contact_id": contact_id})
        return None
    endpoint = contact.get("CustomerEndpoint") or {}
    address = str(endpoint.get("Address") or "")
    return address if endpoint.get("Type", "TELEPHONE_NUMBER") == "TELEPHONE_NUMBER" and address else None


def contact_attributes(contact_id: str) -> dict[str, str]:
    """The attributes a contact ended with (what the flow recorded: message heard, key pressed)."""
    response = _client().get_contact_attributes(
        InstanceId=settings.required("CONNECT_INSTANCE_ID"), InitialContactId=contact_id
    )
    return {str(key): str(value) for key, value in response.get("Attributes", {}).items()}


#: Where an agent is, as far as routing a caller to them goes (``agent_presence``).
OFFLINE, AVAILABLE, BUSY, AWAY, UNKNOWN = "offline", "available", "busy", "away", "unknown"


def presence_of(user_data: list[dict[str, Any]]) -> str:
    """Read one agent's GetCurrentUserData entry (none at all: not signed in).

    >>> presence_of([])
    'offline'
    >>> presence_of([{"Status": {"StatusName": "Available"}, "Contacts": []}])
    'available'
    """
    if not user_data:
        return OFFLINE
    entry = user_data[0]
    if entry.get("Contacts"):
        return BUSY  # on a contact, or in its after-contact work
    status = str((entry.get("Status") or {}).get("StatusName") or "")
    if status == "Offline":
        return OFFLINE
    return AVAILABLE if status == "Available" else AWAY


def agent_presence(connect_user_id: str) -> str:
    """Whether the agent can take a call now (GetCurrentUserData filtered to that one agent);
    ``UNKNOWN`` when Connect cannot say (the caller is then routed as if they could)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        response = _client().get_current_user_data(
            InstanceId=settings.required("CONNECT_INSTANCE_ID"), Filters={"Agents": [connect_user_id]}
        )
    except (BotoCoreError, ClientError, KeyError, settings.MissingSetting):
        return UNKNOWN
    return presence_of(list(response.get("UserDataList") or []))


def describe_contact(contact_id: str) -> dict[str, Any]:
    """Connect's record of a contact (DescribeContact's ``Contact``: queue, agent, timestamps,
    ``Recordings``); NotFound when there is no instance or Connect has no such contact."""
    from botocore.exceptions import ClientError

    from chalicelib.errors import NotFound

    instance = os.environ.get("CONNECT_INSTANCE_ID")
    if not instance:
        raise NotFound(f"no contact {contact_id}: no Amazon Connect instance is configured")
    try:
        return dict(_client().describe_contact(InstanceId=instance, ContactId=contact_id)["Contact"])
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {
            "ResourceNotFoundException",
            "ContactNotFoundException",
        }:
            raise NotFound(f"no contact {contact_id}") from None
        raise


def caller_on_contact(contact_id: str) -> tuple[str | None, dict[str, str]]:
    """The customer's number on a contact (None if it is not a phone number) and the attributes
    the flows set on it: what the agent's screen pop shows. NotFound when Connect has no such
    contact (DescribeContact, then GetContactAttributes of its initial contact)."""
    from botocore.exceptions import ClientError

    from chalicelib.errors import NotFound

    instance = os.environ.get("CONNECT_INSTANCE_ID")
    if not instance:  # a stage without an instance has no contacts to show
        raise NotFound(f"no contact {contact_id}: no Amazon Connect instance is configured")
    try:
        contact = _client().describe_contact(InstanceId=instance, ContactId=contact_id)["Contact"]
        initial = str(contact.get("InitialContactId") or contact_id)
        attributes = _client().get_contact_attributes(InstanceId=instance, InitialContactId=initial)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {
            "ResourceNotFoundException",
            "ContactNotFoundException",
        }:
            raise NotFound(f"no contact {contact_id}") from None
        raise
    endpoint = contact.get("CustomerEndpoint") or {}
    address = endpoint.get("Address")
    number = str(address) if endpoint.get("Type") == "TELEPHONE_NUMBER" and address else None
    return number, {str(key): str(value) for key, value in attributes.get("Attributes", {}).items()}


#: The real-time queue metrics the live floor shows (GetCurrentMetricData; units as documented).
FLOOR_METRICS: tuple[tuple[str, str], ...] = (
    ("CONTACTS_IN_QUEUE", "COUNT"),
    ("OLDEST_CONTACT_AGE", "SECONDS"),  # in seconds when grouped (milliseconds when not)
    ("AGENTS_ONLINE", "COUNT"),
    ("AGENTS_AVAILABLE", "COUNT"),
    ("AGENTS_ON_CONTACT", "COUNT"),
    ("AGENTS_AFTER_CONTACT_WORK", "COUNT"),
    ("AGENTS_STAFFED", "COUNT"),
)
#: GetCurrentMetricData and GetCurrentUserData take at most 100 queues a request.
QUEUES_PER_REQUEST = 100


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def current_queue_metrics(queue_ids_wanted: list[str]) -> dict[str, dict[str, float | None]]:
    """Queue id -> metric name -> value now (GetCurrentMetricData grouped by queue, every page);
    a queue Connect has no data for is missing, a metric Connect cannot compute is None."""
    instance = settings.required("CONNECT_INSTANCE_ID")
    found: dict[str, dict[str, float | None]] = {}
    for chunk in _chunks(sorted(set(queue_ids_wanted)), QUEUES_PER_REQUEST):
        request: dict[str, Any] = {
            "InstanceId": instance,
            "Filters": {"Queues": chunk},
            "Groupings": ["QUEUE"],
            "CurrentMetrics": [{"Name": name, "Unit": unit} for name, unit in FLOOR_METRICS],
            "MaxResults": 100,
        }
        while True:
            response = _client().get_current_metric_data(**request)
            for result in response.get("MetricResults") or []:
                queue = (result.get("Dimensions") or {}).get("Queue") or {}
                queue_id = str(queue.get("Id") or str(queue.get("Arn") or "").rsplit("/", 1)[-1])
                values = found.setdefault(queue_id, {})
                for item in result.get("Collections") or []:
                    name = str((item.get("Metric") or {}).get("Name") or "")
                    value = item.get("Value")
                    values[name] = float(value) if value is not None else None
            token = response.get("NextToken")
            if not token:
                break
            request["NextToken"] = token
    return found


def current_agents(queue_ids_wanted: list[str]) -> list[dict[str, Any]]:
    """Every agent signed in to a routing profile that holds one of these queues, with their
    status and contacts (GetCurrentUserData filtered by queue, every page; each agent once)."""
    instance = settings.required("CONNECT_INSTANCE_ID")
    agents: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(queue_ids_wanted)), QUEUES_PER_REQUEST):
        request: dict[str, Any] = {"InstanceId": instance, "Filters": {"Queues": chunk}, "MaxResults": 100}
        while True:
            response = _client().get_current_user_data(**request)
            for entry in response.get("UserDataList") or []:
                user_id = str((entry.get("User") or {}).get("Id") or "")
                if user_id:
                    agents.setdefault(user_id, dict(entry))
            token = response.get("NextToken")
            if not token:
                break
            request["NextToken"] = token
    return list(agents.values())


#: The web chat's contact flow (``infra.flows.chat``), found by name: the API that starts chats
#: cannot be given the flow's id by CDK (the flows depend on functions that depend on the API).
CHAT_FLOW_NAME = "inbound-chat"


class ChatNotStarted(Exception):
    """Connect cannot start a chat now (no chat flow, quota full, throttled, a fault)."""


@lru_cache(maxsize=1)
def _participant_client() -> Any:
    import boto3

    return boto3.client("connectparticipant")


@lru_cache(maxsize=1)
def chat_flow_id() -> str:
    """The chat flow's id (ListContactFlows, once per cold start)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        pages = (
            _client()
            .get_paginator("list_contact_flows")
            .paginate(InstanceId=settings.required("CONNECT_INSTANCE_ID"), ContactFlowTypes=["CONTACT_FLOW"])
        )
        for page in pages:
            for flow in page.get("ContactFlowSummaryList") or []:
                if flow.get("Name") == CHAT_FLOW_NAME:
                    return str(flow["Id"])
    except (BotoCoreError, ClientError) as error:
        raise ChatNotStarted(f"the contact flows cannot be listed: {error}") from error
    raise ChatNotStarted(f"the instance has no contact flow {CHAT_FLOW_NAME!r}")


@dataclass(frozen=True)
class StartedChat:
    """What a chat client needs to join its chat (amazon-connect-chatjs ``ChatDetails``)."""

    contact_id: str
    participant_id: str
    participant_token: str
    region: str
    #: The participant service the client calls (``connectparticipant``'s endpoint).
    participant_endpoint: str


def start_chat_contact(display_name: str, attributes: Mapping[str, str]) -> StartedChat:
    """StartChatContact on the chat flow; the customer then connects with the participant token."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        response = _client().start_chat_contact(
            InstanceId=settings.required("CONNECT_INSTANCE_ID"),
            ContactFlowId=chat_flow_id(),
            ParticipantDetails={"DisplayName": display_name},
            Attributes=dict(attributes),
        )
    except (BotoCoreError, ClientError) as error:
        raise ChatNotStarted(f"Connect did not start the chat: {error}") from error
    participant = _participant_client()
    return StartedChat(
        contact_id=str(response["ContactId"]),
        participant_id=str(response["ParticipantId"]),
        participant_token=str(response["ParticipantToken"]),
        region=str(participant.meta.region_name),
        participant_endpoint=str(participant.meta.endpoint_url),
    )
