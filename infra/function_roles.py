"""Least privilege per function: each Lambda function runs as its own role, granted only the
tables and capabilities its job needs. The two tables to edit when a function starts doing
something new (this one and ``infra.function_tables``).

``infra.function_tables.FUNCTION_TABLES`` says which tables (by model) each function reads and
which it writes; ``tests/architecture/test_function_tables.py`` walks each handler's code (``ast``)
and fails when a function reaches a model it is not granted, or is granted one (or a write) its
code never needs.
``FUNCTION_CAPABILITIES`` says who may text, place calls, read contacts, schedule callbacks, touch
audience files or feed the work queues. A flow Lambda cannot write S3; the only one that may text
is ``book_callback_slot`` (the booking confirmation SMS is part of booking).

Chalice's CDK construct gives all functions one role: per-function ``iam_role_arn`` exists only in
``.chalice/config.json`` (``stages.<stage>.lambda_functions.<name>``), never in the ``stage_config``
the construct passes, and a config file cannot hold CDK tokens. So Chalice packages with the REST
API's role and ``FunctionsStack`` overrides each function's ``Role`` with the role made here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from aws_cdk import Fn, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib.tables import ALL_TABLES
from infra.function_tables import FUNCTION_TABLES, REST_API_FUNCTION, TableAccess
from infra.nag import acknowledge

_T = TypeVar("_T")


class Capability(Enum):
    SEND_SMS = "send SMS to phone numbers"
    PLACE_CALLS = "start and stop outbound calls"
    READ_CONTACTS = "read contacts' details and attributes"
    SCHEDULE_CALLBACKS = "create and delete callback schedules"
    READ_AUDIENCES = "read uploaded audience files"
    WRITE_AUDIENCES = "sign audience uploads and remove audience files"
    SEND_TO_QUEUES = "send messages to the work queues functions feed (the dialler's)"
    START_BATCH_JOBS = "start the batch-job state machines (audience loads, list imports)"
    READ_AGENT_STATES = "read whether an agent is signed in or busy"
    READ_LIVE_FLOOR = "read every queue's and signed-in agent's real-time metrics"
    READ_RECORDINGS = "read call recordings (to sign a supervisor's short-lived link)"
    READ_MAIL = "read mail received by the support address"
    SEND_EMAIL = "send email from the support address"
    START_CHATS = "start web chats on the chat flow"


_C = Capability

#: Chalice function name (the REST API by its logical id) -> what it may do besides its tables.
FUNCTION_CAPABILITIES: dict[str, frozenset[Capability]] = {
    # Every route: bookings (schedules, confirmation SMS), campaigns (upload URLs, launch onto the
    # audience queue), tickets (survey SMS), verification codes (SMS).
    REST_API_FUNCTION: frozenset(
        {
            _C.SEND_SMS,
            _C.SCHEDULE_CALLBACKS,
            _C.READ_AUDIENCES,
            _C.WRITE_AUDIENCES,
            _C.SEND_TO_QUEUES,
            _C.START_BATCH_JOBS,
            _C.SEND_EMAIL,  # staff replies on email tickets
            _C.READ_LIVE_FLOOR,  # the supervisors' live floor (GET /floor)
            _C.START_CHATS,  # the help centre's chat widget (POST /chat/start)
            _C.READ_CONTACTS,  # the screen pop and the QA review read the contact (DescribeContact)
            _C.READ_RECORDINGS,  # the QA review signs a link to a sampled call's recording
        }
    ),
    # Invoked by contact flows, mid-call.
    "screen_caller": frozenset(),
    # Continuity routing asks whether the ticket's owner is signed in (GetCurrentUserData).
    "lookup_customer": frozenset({_C.READ_AGENT_STATES}),
    "open_ticket_from_flow": frozenset(),
    "record_rating": frozenset(),
    "offer_callback_slots": frozenset(),
    "book_callback_slot": frozenset({_C.SCHEDULE_CALLBACKS, _C.SEND_SMS}),
    # Scheduled callbacks: place the call, schedule the retry, text the reminder or the miss.
    "fire_callback": frozenset({_C.PLACE_CALLS, _C.SCHEDULE_CALLBACKS, _C.SEND_SMS}),
    "send_callback_reminder": frozenset({_C.SEND_SMS}),
    # Reads a finished call's attributes to adopt a contact nobody recorded (chalicelib.effects).
    "track_callback_calls": frozenset({_C.READ_CONTACTS, _C.SCHEDULE_CALLBACKS, _C.SEND_SMS}),
    # Campaigns: load the audience onto the dialler queue (the audience-load state machine's
    # steps; it reads the file's header and size), dial, settle outcomes (SMS fallback).
    "load_audience": frozenset({_C.READ_AUDIENCES, _C.SEND_TO_QUEUES}),
    # The list-import state machine's steps: read the uploaded file's header and size.
    "import_list_rows": frozenset({_C.READ_AUDIENCES}),
    "dial_contacts": frozenset({_C.PLACE_CALLS, _C.READ_CONTACTS, _C.SEND_TO_QUEUES}),
    "handle_contact_events": frozenset({_C.READ_CONTACTS, _C.SEND_SMS, _C.SEND_TO_QUEUES}),
    # Quality: the caller's number from the contact, the survey SMS after an answered callback.
    "track_contact_quality": frozenset({_C.READ_CONTACTS, _C.SEND_SMS}),
    # Supervisor alerts from the open tickets every few minutes (publishing: the alerts topic's grant).
    "sweep_supervisor_alerts": frozenset(),
    # Inbound SMS: opt-outs, survey answers, and conversations (the answer or ticket reference by SMS).
    "receive_sms_reply": frozenset({_C.SEND_SMS}),
    # Email to ticket: reads the stored message; replies are sent by staff through the API.
    "receive_support_email": frozenset({_C.READ_MAIL}),
    # The assistant's fulfilment (Lex V2 code hook): reads the knowledge table, nothing else.
    "answer_customer": frozenset(),
}


#: What reading a table takes (PynamoDB's gets, queries, scans; a transaction's condition checks).
TABLE_READ_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
]
#: What writing one takes besides: TransactWriteItems is authorised item by item with these.
TABLE_WRITE_ACTIONS = [
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
]
SCHEDULE_ACTIONS = [
    "scheduler:CreateSchedule",
    "scheduler:DeleteSchedule",
    "scheduler:GetSchedule",
    "scheduler:UpdateSchedule",
]
CALL_ACTIONS = ["connect:StartOutboundVoiceContact", "connect:StopContact"]
#: Finding the call a crashed delivery placed (chalicelib.contact_search) is part of placing calls
#: once; SearchContacts is granted on the instance.
CALL_SEARCH_ACTIONS = ["connect:SearchContacts"]
AGENT_STATE_ACTIONS = ["connect:GetCurrentUserData"]
LIVE_FLOOR_ACTIONS = ["connect:GetCurrentMetricData", "connect:GetCurrentUserData"]
CONTACT_READ_ACTIONS = [
    "connect:DescribeContact",  # the KPI function reads the caller's number (first-contact resolution)
    "connect:GetContactAttributes",  # campaign outcomes read what the outbound flow recorded
]
SMS_ACTIONS = ["sns:ListPhoneNumbersOptedOut", "sns:Publish"]
#: StartChatContact is authorised on the flow it runs; the flow is found by name (ListContactFlows,
#: on the instance), since the API cannot be given its id (chalicelib.telephony.chat_flow_id).
CHAT_START_ACTIONS = ["connect:StartChatContact"]
FLOW_LIST_ACTIONS = ["connect:ListContactFlows"]


def _declared(logical_id: str, table: Mapping[str, _T], table_name: str) -> _T:
    """The entry of the function with SAM logical id ``logical_id`` in ``table``.

    A packaged function missing from the table fails the synthesis: a new function must say what
    it needs rather than inherit someone else's rights.
    """
    from chalice.utils import to_cfn_resource_name

    by_id = {str(to_cfn_resource_name(name)): entry for name, entry in table.items()}
    if logical_id not in by_id:
        raise ValueError(f"function {logical_id} has no entry in infra.function_roles.{table_name}")
    return by_id[logical_id]


def capabilities_of(logical_id: str) -> frozenset[Capability]:
    """What the function with SAM logical id ``logical_id`` may do besides its tables."""
    return _declared(logical_id, FUNCTION_CAPABILITIES, "FUNCTION_CAPABILITIES")


def tables_of(logical_id: str) -> TableAccess:
    """The tables the function with SAM logical id ``logical_id`` reads and writes."""
    return _declared(logical_id, FUNCTION_TABLES, "FUNCTION_TABLES")


@dataclass(frozen=True)
class MailGrants:
    """What the mail capabilities are scoped to."""

    inbound_objects_arn: str  # the received messages (``<bucket ARN>/inbound/*``)
    inbound_objects_nag_spelling: str
    key_arn: str
    identity_arns: tuple[str, ...]  # the SES identities of the support address (address, domain)


def _describe(access: TableAccess) -> str:
    written, read_only = len(access.writes), len(access.reads - access.writes)
    return f"writes {written} tables, reads {read_only} more"


class FunctionRoles(Construct):
    """One IAM role per function, granted per ``FUNCTION_CAPABILITIES``.

    The scoped resources are passed in; each ``*_nag`` argument is the spelling cdk-nag gives that
    resource in a finding, so each wildcard that remains is acknowledged with its reason.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        tables: Mapping[str, object],
        queues: Iterable[sqs.IQueue],
        buckets: Mapping[str, tuple[s3.IBucket, str, str]],
        schedule_group: scheduler.CfnScheduleGroup,
        scheduler_role: iam.IRole,
        instance_arn: str,
        contacts_arn: tuple[str, str],
        state_machine_arns: Iterable[str] = (),
        mail: MailGrants | None = None,
        recordings_exports: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self._tables = tables
        self._queues = list(queues)
        self._buckets = buckets
        self._schedule_group = schedule_group
        self._scheduler_role = scheduler_role
        self._instance_arn = instance_arn
        self._contacts_arn = contacts_arn
        self._state_machine_arns = list(state_machine_arns)
        self._mail = mail
        self._recordings_exports = recordings_exports
        self.roles: dict[str, iam.Role] = {}

    def role(self, logical_id: str, capabilities: frozenset[Capability], tables: TableAccess) -> iam.Role:
        """The role of function ``logical_id`` (made and granted on first request)."""
        if logical_id in self.roles:
            return self.roles[logical_id]
        role = iam.Role(
            self,
            logical_id,
            description=f"Runs {logical_id}: {_describe(tables)}"
            + "".join(f"; {capability.value}" for capability in sorted(capabilities, key=lambda c: c.name)),
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        )
        self.roles[logical_id] = role
        self._grant_tables(role, tables)
        wildcards: dict[str, str] = {}
        # in a fixed order: a frozenset's order changes with each process's hash seed, and so would
        # the statements' order and which of them overflow into a managed policy
        for capability in sorted(capabilities, key=lambda c: c.name):
            wildcards.update(self._grant(role, capability))
        for finding, reason in wildcards.items():
            acknowledge(role, f"AwsSolutions-IAM5[{finding}]", reason)
        return role

    def _grant_tables(self, role: iam.Role, access: TableAccess) -> None:
        """Read (tables and their indexes) on every table the function uses, write on those it writes."""
        by_model = {spec.model.__name__: name for name, spec in ALL_TABLES.items()}
        unknown = sorted((access.reads | access.writes) - set(by_model))
        if unknown:
            raise ValueError(f"FUNCTION_TABLES names {', '.join(unknown)}, which no table model declares")
        read, written = [], []
        for model in sorted(access.reads | access.writes):
            name = by_model[model]
            arn = self._tables[name].table_arn  # type: ignore[attr-defined]
            read += [arn, *(f"{arn}/index/{index.name}" for index in ALL_TABLES[name].indexes)]
            if model in access.writes:
                written.append(arn)
        if read:
            role.add_to_policy(iam.PolicyStatement(actions=TABLE_READ_ACTIONS, resources=read))
        if written:
            role.add_to_policy(iam.PolicyStatement(actions=TABLE_WRITE_ACTIONS, resources=written))

    def _grant(self, role: iam.Role, capability: Capability) -> dict[str, str]:
        """Grant one capability; returns the wildcard findings it leaves, with their reasons."""
        if capability is Capability.SEND_SMS:
            # SMS straight to a phone number has no resource ARN to scope to.
            role.add_to_policy(iam.PolicyStatement(actions=SMS_ACTIONS, resources=["*"]))
            return {
                "Resource::*": "SMS publish to a phone number (sns:Publish with PhoneNumber) and "
                "ListPhoneNumbersOptedOut have no resource ARN; the functions publish to no topic."
            }
        if capability in (Capability.PLACE_CALLS, Capability.READ_CONTACTS):
            arn, nag_spelling = self._contacts_arn
            actions = CALL_ACTIONS if capability is Capability.PLACE_CALLS else CONTACT_READ_ACTIONS
            role.add_to_policy(iam.PolicyStatement(actions=actions, resources=[arn]))
            if capability is Capability.PLACE_CALLS:
                role.add_to_policy(
                    iam.PolicyStatement(actions=CALL_SEARCH_ACTIONS, resources=[self._instance_arn])
                )
            return {
                f"Resource::{nag_spelling}": "Contact ids exist only once StartOutboundVoiceContact "
                "returns; the grant is limited to this instance's contacts."
            }
        if capability is Capability.READ_AGENT_STATES:
            arn, nag_spelling = self._contacts_arn
            instance, instance_spelling = (
                arn.rsplit("/contact/", 1)[0],
                nag_spelling.rsplit("/contact/", 1)[0],
            )
            role.add_to_policy(
                iam.PolicyStatement(actions=AGENT_STATE_ACTIONS, resources=[instance, f"{instance}/agent/*"])
            )
            return {
                f"Resource::{instance_spelling}/agent/*": "Asks about the one agent who owns the "
                "caller's ticket, known only at call time; limited to this instance's agents."
            }
        if capability is Capability.READ_LIVE_FLOOR:
            arn, nag_spelling = self._contacts_arn
            instance = arn.rsplit("/contact/", 1)[0]
            instance_spelling = nag_spelling.rsplit("/contact/", 1)[0]
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=LIVE_FLOOR_ACTIONS,
                    resources=[instance, f"{instance}/queue/*", f"{instance}/agent/*"],
                )
            )
            return {
                f"Resource::{instance_spelling}/queue/*": "The floor shows every queue of this "
                "instance; limited to this instance's queues.",
                f"Resource::{instance_spelling}/agent/*": "The floor shows every signed-in agent of "
                "this instance; limited to this instance's agents.",
            }
        if capability is Capability.SCHEDULE_CALLBACKS:
            return self._grant_schedules(role)
        if capability in (Capability.READ_AUDIENCES, Capability.WRITE_AUDIENCES):
            actions = (
                ["s3:GetObject"]
                if capability is Capability.READ_AUDIENCES
                else ["s3:PutObject", "s3:DeleteObject"]
            )
            found = {}
            for bucket, objects_arn, nag_spelling in self._buckets.values():
                role.add_to_policy(
                    iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn])
                )
                role.add_to_policy(iam.PolicyStatement(actions=actions, resources=[objects_arn]))
                found[f"Resource::{nag_spelling}"] = (
                    "Objects are keyed per campaign upload; the grant is limited to this bucket's objects."
                )
            return found
        if capability is Capability.SEND_TO_QUEUES:
            for queue in self._queues:
                queue.grant_send_messages(role)
            return {}
        if capability is Capability.START_BATCH_JOBS:
            role.add_to_policy(
                iam.PolicyStatement(actions=["states:StartExecution"], resources=self._state_machine_arns)
            )
            return {}
        if capability is Capability.READ_RECORDINGS:
            return self._grant_recordings(role)
        if capability in (Capability.READ_MAIL, Capability.SEND_EMAIL):
            return self._grant_mail(role, capability)
        if capability is Capability.START_CHATS:
            return self._grant_chats(role)
        raise AssertionError(capability)

    def _grant_chats(self, role: iam.Role) -> dict[str, str]:
        """A policy of its own: the REST API's default policy is at IAM's size limit (CDK would
        move statements into an overflow managed policy)."""
        arn, nag_spelling = self._contacts_arn
        instance, instance_spelling = arn.rsplit("/contact/", 1)[0], nag_spelling.rsplit("/contact/", 1)[0]
        policy = iam.Policy(
            self,
            f"{role.node.id}Chats",
            roles=[role],
            statements=[
                iam.PolicyStatement(actions=FLOW_LIST_ACTIONS, resources=[instance]),
                iam.PolicyStatement(actions=CHAT_START_ACTIONS, resources=[f"{instance}/contact-flow/*"]),
            ],
        )
        acknowledge(
            policy,
            f"AwsSolutions-IAM5[Resource::{instance_spelling}/contact-flow/*]",
            "The chat flow's id exists only once its stack is deployed (and depends on this "
            "function); the grant is limited to this instance's flows.",
        )
        return {}

    def _grant_recordings(self, role: iam.Role) -> dict[str, str]:
        """GetObject on what Connect writes under the recordings prefix, and Decrypt with its key
        (a pre-signed GET is made with the signer's rights). Nothing for an imported instance."""
        if self._recordings_exports is None:
            return {}
        from infra.recording_layout import PREFIX, RECORDINGS_FOLDER

        bucket_export, key_export = self._recordings_exports
        objects = f"{PREFIX}/{RECORDINGS_FOLDER}/*"
        # A policy of its own, like the chats': the REST API's default policy is at IAM's limit.
        policy = iam.Policy(
            self,
            f"{role.node.id}Recordings",
            roles=[role],
            statements=[
                iam.PolicyStatement(
                    actions=["s3:GetObject"], resources=[f"{Fn.import_value(bucket_export)}/{objects}"]
                ),
                iam.PolicyStatement(actions=["kms:Decrypt"], resources=[Fn.import_value(key_export)]),
            ],
        )
        acknowledge(
            policy,
            f"AwsSolutions-IAM5[Resource::{bucket_export}/{objects}]",
            "Connect names each recording by date and contact id; the grant is limited to the "
            "recordings folder of this instance's bucket.",
        )
        return {}

    def _grant_mail(self, role: iam.Role, capability: Capability) -> dict[str, str]:
        mail = self._mail
        if mail is None:
            raise ValueError(f"{capability.name} needs the stage's mail resources (FunctionRoles(mail=...))")
        if capability is Capability.SEND_EMAIL:
            role.add_to_policy(
                iam.PolicyStatement(actions=["ses:SendEmail"], resources=list(mail.identity_arns))
            )
            return {}
        role.add_to_policy(
            iam.PolicyStatement(actions=["s3:GetObject"], resources=[mail.inbound_objects_arn])
        )
        role.add_to_policy(iam.PolicyStatement(actions=["kms:Decrypt"], resources=[mail.key_arn]))
        return {
            f"Resource::{mail.inbound_objects_nag_spelling}": "One object per received mail, named by SES's "
            "message id; the grant is limited to the prefix SES writes in this stage's mail bucket."
        }

    def _grant_schedules(self, role: iam.Role) -> dict[str, str]:
        group = self._schedule_group
        stack = Stack.of(self)
        role.add_to_policy(
            iam.PolicyStatement(
                actions=SCHEDULE_ACTIONS,
                resources=[
                    stack.format_arn(service="scheduler", resource="schedule", resource_name=f"{group.ref}/*")
                ],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["iam:PassRole"],
                resources=[self._scheduler_role.role_arn],
                conditions={"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}},
            )
        )
        group_id = stack.get_logical_id(group)
        return {
            "Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/"
            f"<{group_id}>/*": "One schedule per booked callback, named at booking time; the grant is "
            "limited to this stage's schedule group."
        }
