"""Acknowledging a cdk-nag finding: always with the rule id and the reason it does not apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Acknowledgment, Validations

if TYPE_CHECKING:
    from constructs import IConstruct

NAG_PACK = "AwsSolutions"


def acknowledge(construct: IConstruct, finding: str, reason: str) -> None:
    """Acknowledge ``finding`` (e.g. ``AwsSolutions-S1`` or ``AwsSolutions-IAM5[Resource::*]``)
    on ``construct`` and its children, recording ``reason`` in the cloud assembly."""
    Validations.of(construct).acknowledge(Acknowledgment(id=f"{NAG_PACK}::{finding}", reason=reason))
