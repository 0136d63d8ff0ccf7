"""The Amazon Connect instance: hours of operation, one queue per call category, numbers, where
call recordings are stored (``infra.call_recordings``), and the staff: users, routing and security
profiles, quick connects and the agent hierarchy, from ``staff/<stage>.yaml`` (``infra.connect_staff``).

Contact flows and Lambda associations live in the functions stack (``infra.connect_integration``):
flows invoke the functions, so putting them here would make the two stacks depend on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_cdk import Fn, RemovalPolicy, Stack
from aws_cdk import aws_connect as connect
from constructs import Construct

from chalicelib.tickets.rules import CATEGORIES
from infra.call_recordings import CallRecordingStorage
from infra.connect_staff import ConnectStaff
from infra.settings import StageSettings
from infra.staff import load_staff

CALLBACK_QUEUE = "callback"
#: Every Connect queue the stack creates: one per ticket category, plus booked callbacks.
QUEUE_NAMES: tuple[str, ...] = (*CATEGORIES, CALLBACK_QUEUE)


@dataclass(frozen=True)
class ConnectHandles:
    """What other stacks need to address the instance (values are CloudFormation tokens)."""

    instance_arn: str
    instance_id: str
    hours_of_operation_arn: str
    queue_arns: dict[str, str]
    queue_ids: dict[str, str]
    outbound_phone_number_arn: str | None
    outbound_phone_number: str | None  # E.164, when the stack claimed it
    #: Export name of the created instance's ARN (None when imported by ARN): IAM statements that
    #: need ``<instance ARN>/contact/*`` import it by this name, so a cdk-nag finding can name it.
    instance_arn_export: str | None = None
    #: Continuity routing: how long a caller waits for their ticket's owner (staff file).
    owner_wait_s: int = 60
    #: Username -> Connect user id of every agent of the staff file (seeds the agent directory).
    agent_user_ids: dict[str, str] | None = None
    #: Export names of the call recordings bucket's ARN and its KMS key's ARN (None: an imported
    #: instance, whose recordings are its owner's): the QA review signs links to recordings.
    recordings_exports: tuple[str, str] | None = None

    def instance_arn_import(self) -> tuple[str, str]:
        """(value for an IAM resource, how cdk-nag spells it in a finding id)."""
        if self.instance_arn_export is None:
            return self.instance_arn, self.instance_arn
        return Fn.import_value(self.instance_arn_export), self.instance_arn_export


def _arn_segment(arn: str, index: int) -> str:
    """``arn:...:instance/<id>/queue/<queue id>`` split on "/"; works for tokens and literals."""
    return Fn.select(index, Fn.split("/", arn))


class ContactCentreStack(Stack):
    """Creates (or imports by ARN) the Connect instance and everything agents are routed by."""

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: StageSettings, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        prefix = settings.resource_prefix()
        instance_arn, instance_id = self._instance(settings)
        #: None for an imported instance: its storage configs are its owner's (Connect keeps one
        #: CALL_RECORDINGS config per instance, so adding ours could clash with theirs).
        self.recordings = (
            None
            if settings.imports_connect_instance
            else CallRecordingStorage(self, "call-recordings", instance_arn=instance_arn, settings=settings)
        )

        hours = connect.CfnHoursOfOperation(
            self,
            "business-hours",
            instance_arn=instance_arn,
            name=f"{prefix} business hours",
            description=f"Opening hours in {settings.business_time_zone}",
            time_zone=settings.business_time_zone,
            config=[
                connect.CfnHoursOfOperation.HoursOfOperationConfigProperty(
                    day=day,
                    start_time=_time_slice(start),
                    end_time=_time_slice(end),
                )
                for day, (start, end) in settings.business_hours.items()
            ],
        )

        number_arn, number_address = self._phone_number(settings, instance_arn)
        outbound_caller = (
            connect.CfnQueue.OutboundCallerConfigProperty(outbound_caller_id_number_arn=number_arn)
            if number_arn
            else None
        )
        self.queues: dict[str, connect.CfnQueue] = {
            name: connect.CfnQueue(
                self,
                f"queue-{name}",
                instance_arn=instance_arn,
                hours_of_operation_arn=hours.attr_hours_of_operation_arn,
                name=f"{prefix}-{name}",
                description=f"Calls about: {name}",
                outbound_caller_config=outbound_caller,
            )
            for name in QUEUE_NAMES
        }

        staff = load_staff(settings.stage)
        self.staff = ConnectStaff(
            self,
            "staff",
            instance_arn=instance_arn,
            queue_arns={name: queue.attr_queue_arn for name, queue in self.queues.items()},
            staff=staff,
            name_prefix=prefix,
            connect_managed_identities=not settings.imports_connect_instance,
            retain=settings.retain_data,
        )

        self.handles = ConnectHandles(
            instance_arn=instance_arn,
            instance_id=instance_id,
            hours_of_operation_arn=hours.attr_hours_of_operation_arn,
            queue_arns={name: queue.attr_queue_arn for name, queue in self.queues.items()},
            queue_ids={name: _arn_segment(queue.attr_queue_arn, 3) for name, queue in self.queues.items()},
            outbound_phone_number_arn=number_arn,
            outbound_phone_number=number_address,
            instance_arn_export=self._export_instance_arn(settings, instance_arn),
            owner_wait_s=staff.owner_wait_s,
            agent_user_ids=dict(self.staff.handles.user_ids),
            recordings_exports=self._export_recordings(),
        )

    def _export_recordings(self) -> tuple[str, str] | None:
        if self.recordings is None:
            return None
        bucket, key = f"{self.stack_name}-RecordingsBucketArn", f"{self.stack_name}-RecordingsKeyArn"
        self.export_value(self.recordings.bucket.bucket_arn, name=bucket)
        self.export_value(self.recordings.key.key_arn, name=key)
        return bucket, key

    def _export_instance_arn(self, settings: StageSettings, instance_arn: str) -> str | None:
        if settings.connect_instance_arn:
            return None
        name = f"{self.stack_name}-InstanceArn"
        self.export_value(instance_arn, name=name)
        return name

    def _instance(self, settings: StageSettings) -> tuple[str, str]:
        if settings.connect_instance_arn:  # imported: the ARN's last segment is the instance id
            return settings.connect_instance_arn, settings.connect_instance_arn.rsplit("/", 1)[1]
        instance = connect.CfnInstance(
            self,
            "instance",
            identity_management_type="CONNECT_MANAGED",
            instance_alias=settings.connect_instance_alias,
            attributes=connect.CfnInstance.AttributesProperty(
                inbound_calls=True,
                outbound_calls=True,
                contactflow_logs=True,  # flow execution logs in CloudWatch, for support cases
                auto_resolve_best_voices=True,
                early_media=True,
            ),
        )
        # The instance holds users, numbers and contact history: prod keeps it.
        instance.apply_removal_policy(RemovalPolicy.RETAIN if settings.retain_data else RemovalPolicy.DESTROY)
        return instance.attr_arn, instance.attr_id

    def _phone_number(self, settings: StageSettings, instance_arn: str) -> tuple[str | None, str | None]:
        """Claim the configured numbers; the first is the outbound caller ID. Returns (ARN, E.164)."""
        first: tuple[str | None, str | None] = (None, None)
        for index, number in enumerate(settings.phone_numbers):
            if number.arn:
                claimed: tuple[str | None, str | None] = (number.arn, None)
            else:
                resource = connect.CfnPhoneNumber(
                    self,
                    f"phone-number-{index}",
                    target_arn=instance_arn,
                    country_code=number.country_code,
                    type=number.type,
                    prefix=number.prefix,
                    description=number.description,
                )
                resource.apply_removal_policy(
                    RemovalPolicy.RETAIN if settings.retain_data else RemovalPolicy.DESTROY
                )
                claimed = (resource.attr_phone_number_arn, resource.attr_address)
            if index == 0:
                first = claimed
        return first


def _time_slice(hh_mm: str) -> connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty:
    hours, minutes = hh_mm.split(":")
    return connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(
        hours=int(hours), minutes=int(minutes)
    )
