"""Hooks that tie functions to the Connect instance: Lambda associations and contact flows.

They live in the functions stack because a flow names the functions it invokes; the contact
centre stack is deployed first and cannot refer to them.

Adding flows (``infra/flows``): define ``add_flows(integration: ConnectIntegration) -> None`` in
``infra/flows/__init__.py``; it is called once the functions exist. Inside, use
``integration.references`` (Lambda and queue ARNs as tokens) to build the Flow-language JSON and
``integration.add_flow(...)`` to create each flow.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aws_cdk import Fn, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from infra.contact_centre_stack import ConnectHandles

FLOWS_PACKAGE = "infra.flows"


@dataclass(frozen=True)
class FlowReferences:
    """Identifiers a flow's JSON may embed (CloudFormation tokens; ``json.dumps`` keeps them)."""

    instance_arn: str
    lambda_arns: Mapping[str, str]  # Chalice function name -> ARN (associated functions only)
    queue_arns: Mapping[str, str]  # Connect queue name (category or "callback") -> ARN
    hours_of_operation_arn: str
    owner_wait_s: int = 60  # continuity routing: how long a caller waits for their ticket's owner
    #: bot name -> the Lex V2 alias ARN a flow's ConnectParticipantWithLexBot names (``LexV2Bot.AliasArn``)
    lex_bot_alias_arns: Mapping[str, str] = field(default_factory=dict)


class ConnectIntegration(Construct):
    """Associates functions with the instance and creates contact flows that may invoke them."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        connect_handles: ConnectHandles,
        set_environment: Callable[[str, str], None],
    ) -> None:
        """``set_environment(name, value)`` sets a variable on the functions that start contacts."""
        super().__init__(scope, construct_id)
        self._handles = connect_handles
        self._set_environment = set_environment
        self._lambda_arns: dict[str, str] = {}
        self._lex_bot_alias_arns: dict[str, str] = {}
        self._associations: list[connect.CfnIntegrationAssociation] = []
        self.flows: dict[str, connect.CfnContactFlow] = {}

    @property
    def references(self) -> FlowReferences:
        return FlowReferences(
            instance_arn=self._handles.instance_arn,
            lambda_arns=dict(self._lambda_arns),
            queue_arns=dict(self._handles.queue_arns),
            hours_of_operation_arn=self._handles.hours_of_operation_arn,
            owner_wait_s=self._handles.owner_wait_s,
            lex_bot_alias_arns=dict(self._lex_bot_alias_arns),
        )

    def associate_lambda(self, name: str, function_arn: str) -> connect.CfnIntegrationAssociation:
        """Let contact flows of this instance (and nobody else) invoke the function."""
        lambda_.CfnPermission(
            self,
            f"{name}-invoke-by-connect",
            action="lambda:InvokeFunction",
            function_name=function_arn,
            principal="connect.amazonaws.com",
            source_account=Stack.of(self).account,
            source_arn=self._handles.instance_arn,
        )
        association = connect.CfnIntegrationAssociation(
            self,
            f"{name}-association",
            instance_id=self._handles.instance_arn,
            integration_type="LAMBDA_FUNCTION",
            integration_arn=function_arn,
        )
        self._lambda_arns[name] = function_arn
        self._associations.append(association)
        return association

    def associate_lex_bot(self, name: str, alias_arn: str) -> connect.CfnIntegrationAssociation:
        """Let contact flows of this instance talk to a Lex V2 bot through its alias."""
        association = connect.CfnIntegrationAssociation(
            self,
            f"{name}-association",
            instance_id=self._handles.instance_arn,
            integration_type="LEX_BOT",
            integration_arn=alias_arn,
        )
        self._lex_bot_alias_arns[name] = alias_arn
        self._associations.append(association)
        return association

    def add_flow(
        self,
        name: str,
        content: str | Mapping[str, Any],
        *,
        flow_type: str = "CONTACT_FLOW",
        description: str = "",
        id_env_var: str | None = None,
    ) -> connect.CfnContactFlow:
        """Create a contact flow from Flow-language JSON (a string, or a dict to be serialised).

        The flow waits for every Lambda association, so the functions it invokes are callable.
        ``id_env_var`` (e.g. ``OUTBOUND_FLOW_ID``) publishes the flow id to the functions that
        start contacts (neither the flow-invoked ones nor the REST API handler: no cycles).
        """
        body = content if isinstance(content, str) else json.dumps(content, separators=(",", ":"))
        flow = connect.CfnContactFlow(
            self,
            f"flow-{name}",
            instance_arn=self._handles.instance_arn,
            name=name,
            type=flow_type,
            content=body,
            description=description or None,
            state="ACTIVE",
        )
        for association in self._associations:
            flow.add_dependency(association)
        if id_env_var:
            # arn:...:instance/<instance id>/contact-flow/<flow id>
            self._set_environment(id_env_var, Fn.select(3, Fn.split("/", flow.attr_contact_flow_arn)))
        self.flows[name] = flow
        return flow

    def install_flows(self) -> None:
        """Let ``infra.flows`` (owned by the flows code) add its flows, if it offers ``add_flows``."""
        try:
            package = importlib.import_module(FLOWS_PACKAGE)
        except ModuleNotFoundError as error:
            if error.name != FLOWS_PACKAGE:
                raise
            return
        add_flows = getattr(package, "add_flows", None)
        if add_flows is not None:
            add_flows(self)
