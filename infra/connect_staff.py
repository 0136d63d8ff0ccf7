"""The staff file (``staff/<stage>.yaml``, read by ``infra.staff``) as Amazon Connect resources.

Security profiles, routing profiles (queues with priority and delay), the agent hierarchy (the
structure's levels and a group per team, under its parent team), a predefined attribute holding
the call categories for skill proficiencies, one user per agent, the two transfer flows quick
connects run, and the quick connects themselves. Property names and limits are those of the
CloudFormation reference: AWS::Connect::User, RoutingProfile, SecurityProfile, QuickConnect,
UserHierarchyStructure, UserHierarchyGroup, PredefinedAttribute.

Passwords: users of an instance this stack creates (identity management CONNECT_MANAGED) need
one ("A password is required if you are using Amazon Connect for identity management",
CreateUser). Each gets a generated one in Secrets Manager, passed to CloudFormation as a dynamic
reference (never in the template); the agent changes it when first signing in. An imported
instance is assumed to manage identities itself (SAML or a directory): no password is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Fn, RemovalPolicy
from aws_cdk import aws_connect as connect
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.flows import ensure_valid
from infra.flows.prompts import PromptCatalogue
from infra.flows.resources import CATEGORIES
from infra.flows.transfers import build_agent_transfer_flow, build_queue_transfer_flow
from infra.nag import acknowledge

if TYPE_CHECKING:
    from collections.abc import Mapping

    from infra.flows.blocks import BuiltFlow
    from infra.staff import Agent, Staff

#: The predefined attribute user proficiencies name (its values: the call categories).
SKILL_ATTRIBUTE = "CallCategory"
#: What each routing profile takes, and how many at once: a call, or one web chat (the
#: workspace shows one contact at a time). A queue serves both channels to the same agents.
MEDIA_CONCURRENCY: dict[str, int] = {"VOICE": 1, "CHAT": 1}
_LEVEL_PROPERTIES = ("level_one", "level_two", "level_three", "level_four", "level_five")


@dataclass(frozen=True)
class StaffHandles:
    """What other stacks need (values are CloudFormation tokens)."""

    user_ids: dict[str, str]  # username -> Connect user id
    routing_profile_arns: dict[str, str]


class ConnectStaff(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        instance_arn: str,
        queue_arns: Mapping[str, str],
        staff: Staff,
        name_prefix: str,
        connect_managed_identities: bool,
        retain: bool,
    ) -> None:
        super().__init__(scope, construct_id)
        self._instance_arn = instance_arn
        self._staff = staff
        self._prefix = name_prefix
        self.security_profiles = {
            key: connect.CfnSecurityProfile(
                self,
                f"security-profile-{key}",
                instance_arn=instance_arn,
                security_profile_name=f"{name_prefix}-{key}",
                description=profile.description,
                permissions=list(profile.permissions),
            )
            for key, profile in staff.security_profiles.items()
        }
        self.routing_profiles = {
            key: connect.CfnRoutingProfile(
                self,
                f"routing-profile-{key}",
                instance_arn=instance_arn,
                name=f"{name_prefix}-{key}",
                description=profile.description,
                default_outbound_queue_arn=queue_arns[profile.outbound_queue],
                media_concurrencies=[
                    connect.CfnRoutingProfile.MediaConcurrencyProperty(
                        channel=channel, concurrency=concurrency
                    )
                    for channel, concurrency in MEDIA_CONCURRENCY.items()
                ],
                queue_configs=[
                    connect.CfnRoutingProfile.RoutingProfileQueueConfigProperty(
                        priority=entry.priority,
                        delay=entry.delay_s,
                        queue_reference=connect.CfnRoutingProfile.RoutingProfileQueueReferenceProperty(
                            channel=channel, queue_arn=queue_arns[entry.queue]
                        ),
                    )
                    for entry in profile.queues
                    for channel in MEDIA_CONCURRENCY
                ],
            )
            for key, profile in staff.routing_profiles.items()
        }
        self.hierarchy_groups = self._hierarchy()
        self.skills = connect.CfnPredefinedAttribute(
            self,
            "skill-attribute",
            instance_arn=instance_arn,
            name=SKILL_ATTRIBUTE,
            values=connect.CfnPredefinedAttribute.ValuesProperty(string_list=list(CATEGORIES)),
        )
        self.users = {
            agent.username: self._user(agent, connect_managed_identities, retain)
            for agent in staff.agents.values()
        }
        self.transfer_flows = {flow.flow_type: self._flow(flow) for flow in _transfer_flows()}
        self.quick_connects = [
            self._quick_connect(index, queue_arns) for index in range(len(staff.quick_connects))
        ]
        self.handles = StaffHandles(
            user_ids={username: _last_segment(user.attr_user_arn) for username, user in self.users.items()},
            routing_profile_arns={
                key: rp.attr_routing_profile_arn for key, rp in self.routing_profiles.items()
            },
        )

    def _hierarchy(self) -> dict[str, connect.CfnUserHierarchyGroup]:
        staff = self._staff
        structure_type = connect.CfnUserHierarchyStructure
        levels = {
            prop: getattr(structure_type, f"Level{prop.split('_')[1].title()}Property")(name=name)
            for prop, name in zip(_LEVEL_PROPERTIES, staff.hierarchy_levels, strict=False)
        }
        structure = connect.CfnUserHierarchyStructure(
            self,
            "hierarchy-structure",
            instance_arn=self._instance_arn,
            user_hierarchy_structure=connect.CfnUserHierarchyStructure.UserHierarchyStructureProperty(
                **levels
            ),
        )
        groups: dict[str, connect.CfnUserHierarchyGroup] = {}
        for key in sorted(staff.teams, key=lambda team: len(staff.team_path(team))):  # parents first
            team = staff.teams[key]
            group = connect.CfnUserHierarchyGroup(
                self,
                f"team-{key}",
                instance_arn=self._instance_arn,
                name=team.name,
                parent_group_arn=groups[team.parent].attr_user_hierarchy_group_arn if team.parent else None,
            )
            group.add_dependency(structure)
            groups[key] = group
        return groups

    def _user(self, agent: Agent, connect_managed: bool, retain: bool) -> connect.CfnUser:
        password = None
        if connect_managed:
            secret = secretsmanager.Secret(
                self,
                f"password-{agent.username}",
                description=f"Initial Amazon Connect password of {agent.username}",
                generate_secret_string=secretsmanager.SecretStringGenerator(
                    password_length=32, exclude_punctuation=True, require_each_included_type=True
                ),
                removal_policy=RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY,
            )
            acknowledge(
                secret,
                "AwsSolutions-SMG4",
                "An agent's initial Connect password: the agent replaces it at first sign-in in "
                "Amazon Connect, where Secrets Manager rotation cannot reach it.",
            )
            password = secret.secret_value.unsafe_unwrap()  # a dynamic reference, resolved by CloudFormation
        user = connect.CfnUser(
            self,
            f"user-{agent.username}",
            instance_arn=self._instance_arn,
            username=agent.username,
            password=password,
            identity_info=connect.CfnUser.UserIdentityInfoProperty(
                first_name=agent.first_name, last_name=agent.last_name, email=agent.email
            ),
            phone_config=connect.CfnUser.UserPhoneConfigProperty(
                phone_type="SOFT_PHONE", after_contact_work_time_limit=agent.after_contact_work_s
            ),
            routing_profile_arn=self.routing_profiles[agent.routing_profile].attr_routing_profile_arn,
            security_profile_arns=[
                self.security_profiles[profile].attr_security_profile_arn
                for profile in agent.security_profiles
            ],
            hierarchy_group_arn=self.hierarchy_groups[agent.team].attr_user_hierarchy_group_arn,
            user_proficiencies=[
                connect.CfnUser.UserProficiencyProperty(
                    attribute_name=SKILL_ATTRIBUTE, attribute_value=skill, level=level
                )
                for skill, level in sorted(agent.skills.items())
            ],
        )
        user.add_dependency(self.skills)
        return user

    def _flow(self, flow: BuiltFlow) -> connect.CfnContactFlow:
        return connect.CfnContactFlow(
            self,
            f"flow-{flow.name}",
            instance_arn=self._instance_arn,
            name=f"{self._prefix}-{flow.name}",
            type=flow.flow_type,
            content=flow.to_json(),
            description=flow.description,
            state="ACTIVE",
        )

    def _quick_connect(self, index: int, queue_arns: Mapping[str, str]) -> connect.CfnQuickConnect:
        quick = self._staff.quick_connects[index]
        if quick.queue is not None:
            config = connect.CfnQuickConnect.QuickConnectConfigProperty(
                quick_connect_type="QUEUE",
                queue_config=connect.CfnQuickConnect.QueueQuickConnectConfigProperty(
                    contact_flow_arn=self.transfer_flows["QUEUE_TRANSFER"].attr_contact_flow_arn,
                    queue_arn=queue_arns[quick.queue],
                ),
            )
            description = f"Transfer to the {quick.queue} queue"
        else:
            assert quick.agent is not None
            config = connect.CfnQuickConnect.QuickConnectConfigProperty(
                quick_connect_type="USER",
                user_config=connect.CfnQuickConnect.UserQuickConnectConfigProperty(
                    contact_flow_arn=self.transfer_flows["AGENT_TRANSFER"].attr_contact_flow_arn,
                    user_arn=self.users[quick.agent].attr_user_arn,
                ),
            )
            description = f"Transfer to {self._staff.agents[quick.agent].display_name}"
        return connect.CfnQuickConnect(
            self,
            f"quick-connect-{index}",
            instance_arn=self._instance_arn,
            name=quick.name,
            description=description,
            quick_connect_config=config,
        )


def _transfer_flows() -> list[BuiltFlow]:
    prompts = PromptCatalogue()
    return [
        ensure_valid(flow, prompts, [])
        for flow in (build_queue_transfer_flow(prompts), build_agent_transfer_flow(prompts))
    ]


def _last_segment(arn: str) -> str:
    """``arn:...:instance/<instance id>/agent/<user id>`` -> the user id (tokens too)."""
    return Fn.select(3, Fn.split("/", arn))
