"""A Connect integration on a made-up instance, for tests of one construct without the contact
centre stack (the flows, the association hook)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aws_cdk import Stack

    from infra.connect_integration import ConnectIntegration


INSTANCE_ARN = "arn:aws:connect:us-east-1:111122223333:instance/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"


def connect_integration() -> tuple[Stack, ConnectIntegration, dict[str, str]]:
    """A stack holding the integration, the integration, and the environment it publishes."""
    from aws_cdk import App, Stack

    from infra.connect_integration import ConnectIntegration
    from infra.contact_centre_stack import QUEUE_NAMES, ConnectHandles

    stack = Stack(App(), "Flows")
    published: dict[str, str] = {}
    handles = ConnectHandles(
        instance_arn=INSTANCE_ARN,
        instance_id=INSTANCE_ARN.rsplit("/", 1)[1],
        hours_of_operation_arn=f"{INSTANCE_ARN}/operating-hours/h1",
        queue_arns={name: f"{INSTANCE_ARN}/queue/{name}" for name in QUEUE_NAMES},
        queue_ids={name: name for name in QUEUE_NAMES},
        outbound_phone_number_arn=None,
        outbound_phone_number=None,
    )
    integration = ConnectIntegration(
        stack, "connect", connect_handles=handles, set_environment=published.__setitem__
    )
    return stack, integration, published
