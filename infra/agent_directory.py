"""Seeds the agent directory table from the staff file when the stack deploys.

One AwsCustomResource runs DynamoDB TransactWriteItems on create and on every change of the staff
file: per agent an UpdateItem of the profile (name, skills, Connect user id, team, supervisor;
``open_tickets`` created at 0 but never reset, the tickets domain owns it) and a PutItem per skill
item. Items are serialized by the PynamoDB model itself (``AgentRecord``), so the seed cannot drift
from what the functions read. A skill removed from the file leaves its old skill item behind until
the agent is saved through ``PUT /agents/{id}`` (which rewrites them): noted in staff/README.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import custom_resources as cr
from constructs import Construct

from chalicelib.tables.agents import PROFILE, SKILL_PREFIX, AgentRecord
from infra.nag import acknowledge
from infra.staff import directory_entries

if TYPE_CHECKING:
    from collections.abc import Mapping

    from aws_cdk import aws_dynamodb as dynamodb

    from infra.staff import Staff

#: The construct id CDK gives the singleton provider function of AwsCustomResource.
PROVIDER_ID = "AWS679f53fac002430cb0da5b7982bd2287"
#: TransactWriteItems takes at most 100 actions.
MAX_ACTIONS = 100
_KEYS = {"agent_id", "entry"}
_PROFILE_FIELDS = ("name", "skills", "connect_user_id", "team", "team_name", "supervisor", "active")


def _in_fixed_order(value: dict[str, Any]) -> dict[str, Any]:
    """A string set sorted: a set's order changes with each process's hash seed, and the template
    (and so every deployment) would change with it."""
    return {"SS": sorted(value["SS"])} if "SS" in value else value


def _profile_update(table_name: str, username: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    record = AgentRecord(
        username,
        PROFILE,
        name=entry["name"],
        skills=set(entry["skills"]) or None,
        connect_user_id=entry["connect_user_id"] or None,
        team=entry["team"],
        team_name=entry["team_name"],
        supervisor=entry["supervisor"] or None,
        active=entry["active"],
    )
    values = {name: _in_fixed_order(value) for name, value in record.serialize().items() if name not in _KEYS}
    names = {f"#{name}": name for name in (*_PROFILE_FIELDS, "open_tickets")}
    assignments = [f"#{name} = :{name}" for name in values]
    assignments.append("#open_tickets = if_not_exists(#open_tickets, :zero)")
    removed = [f"#{name}" for name in _PROFILE_FIELDS if name not in values]
    expression = "SET " + ", ".join(assignments) + (" REMOVE " + ", ".join(removed) if removed else "")
    return {
        "Update": {
            "TableName": table_name,
            "Key": {"agent_id": {"S": username}, "entry": {"S": PROFILE}},
            "UpdateExpression": expression,
            "ExpressionAttributeNames": {key: name for key, name in names.items() if key in expression},
            "ExpressionAttributeValues": {
                **{f":{name}": value for name, value in values.items()},
                ":zero": {"N": "0"},
            },
        }
    }


def seed_actions(table_name: str, staff: Staff, user_ids: Mapping[str, str]) -> list[dict[str, Any]]:
    """The TransactWriteItems actions that write every agent of ``staff`` into the directory."""
    actions: list[dict[str, Any]] = []
    for username, entry in directory_entries(staff, user_ids).items():
        actions.append(_profile_update(table_name, username, entry))
        for skill in entry["skills"]:
            item = AgentRecord(username, SKILL_PREFIX + skill, skill=skill).serialize()
            actions.append({"Put": {"TableName": table_name, "Item": item}})
    return actions


class AgentDirectorySeed(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        table: dynamodb.ITable,
        staff: Staff,
        user_ids: Mapping[str, str],
    ) -> None:
        super().__init__(scope, construct_id)
        actions = seed_actions(table.table_name, staff, user_ids)
        batches = [actions[start : start + MAX_ACTIONS] for start in range(0, len(actions), MAX_ACTIONS)]
        policy = cr.AwsCustomResourcePolicy.from_statements(
            [
                iam.PolicyStatement(
                    actions=["dynamodb:UpdateItem", "dynamodb:PutItem"], resources=[table.table_arn]
                )
            ]
        )
        self.seeds = []
        for index, batch in enumerate(batches):
            call = cr.AwsSdkCall(
                service="DynamoDB",
                action="transactWriteItems",
                parameters={"TransactItems": batch},
                physical_resource_id=cr.PhysicalResourceId.of(f"agent-directory-{index}"),
            )
            self.seeds.append(
                cr.AwsCustomResource(
                    self,
                    f"seed-{index}",
                    on_create=call,
                    on_update=call,
                    policy=policy,
                    install_latest_aws_sdk=False,
                )
            )
        # The one provider function CDK shares among the stack's AwsCustomResources.
        provider = Stack.of(self).node.try_find_child(PROVIDER_ID)
        if provider is not None:
            acknowledge(
                provider,
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AWSLambdaBasicExecutionRole]",
                "CDK's AwsCustomResource provider writes only its own logs with this managed policy; "
                "what it may call is the seed's own statement (UpdateItem/PutItem on the agents table).",
            )
