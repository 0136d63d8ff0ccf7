"""The Step Functions state machines that work through large CSV files (audiences, list
imports): one per ``chalicelib.resources.STATE_MACHINES``, each running the definition of
``infra.batch_definitions`` (the same one the local stack runs) with its Task function from
``infra.wiring.STATE_MACHINE_TASKS``.

Names are fixed (``<prefix>-<logical name>``) so the functions can carry the ARN without a
reference cycle (the state machine invokes the function that starts it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from aws_cdk import ArnFormat, Fn, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from chalicelib.resources import STATE_MACHINES
from infra.batch_definitions import csv_batch_job
from infra.nag import acknowledge
from infra.wiring import STATE_MACHINE_TASKS

if TYPE_CHECKING:
    from collections.abc import Callable


def state_machine_name(prefix: str, logical_name: str) -> str:
    return f"{prefix}-{logical_name}"


def state_machine_arn_prefix(prefix: str) -> str:
    """What every state machine's ARN starts with (the functions append the logical name): from
    the fixed names, so no reference and one short environment variable."""
    return Fn.sub(
        f"arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{prefix}-"
    )


def state_machine_arn(prefix: str, logical_name: str) -> str:
    name = state_machine_name(prefix, logical_name)
    return Fn.sub(f"arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{name}")


class BatchJobs(Construct):
    """The state machines, their roles (invoke their one function, read the bucket's objects,
    run their own map runs) and their logs."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        prefix: str,
        function_arn: Callable[[str], str],
        objects_arn: str,
        objects_nag_spelling: str,
        log_group: logs.ILogGroup,
    ) -> None:
        super().__init__(scope, construct_id)
        self.state_machines: dict[str, sfn.StateMachine] = {}
        stack = Stack.of(self)
        for spec in STATE_MACHINES:
            name = state_machine_name(prefix, spec.logical_name)
            task_arn = function_arn(STATE_MACHINE_TASKS[spec.logical_name])
            role = iam.Role(
                self,
                f"{spec.logical_name}-role",
                description=f"Runs the {name} state machine: {spec.purpose}",
                assumed_by=iam.ServicePrincipal("states.amazonaws.com"),
            )
            executions = stack.format_arn(
                service="states",
                resource="execution",
                resource_name=f"{name}:*",
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            )
            map_runs = stack.format_arn(
                service="states",
                resource="execution",
                resource_name=f"{name}/*:*",
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            )
            role.add_to_policy(iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[task_arn]))
            role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=[objects_arn]))
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=["states:StartExecution"],
                    resources=[state_machine_arn(prefix, spec.logical_name)],
                )
            )
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=["states:DescribeExecution", "states:StopExecution"], resources=[executions]
                )
            )
            role.add_to_policy(iam.PolicyStatement(actions=["states:RedriveExecution"], resources=[map_runs]))
            machine = sfn.StateMachine(
                self,
                spec.logical_name,
                state_machine_name=name,
                definition_body=sfn.DefinitionBody.from_string(
                    json.dumps(csv_batch_job("${TaskFunctionArn}"))
                ),
                definition_substitutions={"TaskFunctionArn": task_arn},
                role=role,
                logs=sfn.LogOptions(destination=log_group, level=sfn.LogLevel.ALL),
                tracing_enabled=True,
            )
            self.state_machines[spec.logical_name] = machine
            executions_spelling = (
                f"arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{name}"
            )
            reasons = {
                f"Resource::{objects_nag_spelling}": "The uploaded file's key is made per upload; the "
                "grant is read-only and limited to this bucket's objects.",
                f"Resource::{executions_spelling}:*": "A Distributed Map starts child executions of its "
                "own state machine, named at run time; limited to this state machine's executions.",
                f"Resource::{executions_spelling}/*:*": "Redriving a Distributed Map run addresses its "
                "child executions, named at run time; limited to this state machine's map runs.",
                "Resource::*": "Step Functions log delivery (logs:CreateLogDelivery and friends) and "
                "X-Ray trace segments have no resource ARN to scope to.",
            }
            for finding, reason in reasons.items():
                acknowledge(role, f"AwsSolutions-IAM5[{finding}]", reason)
