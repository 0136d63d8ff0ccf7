"""One stage of the product: three stacks, stateful first.

ContactCentre-<stage>-Data            tables, buckets (retained in prod)
ContactCentre-<stage>-ContactCentre   Connect instance, hours, queues, routing profile, numbers
ContactCentre-<stage>-Functions       Chalice app, SQS, Scheduler, EventBridge, flows, alarms
ContactCentre-<stage>-Console         the staff console: private bucket, CloudFront, security headers
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import App, Environment, Tags

from infra.console_stack import ConsoleStack
from infra.contact_centre_stack import ContactCentreStack
from infra.data_stack import DataStack
from infra.functions_stack import API_STAGE, FunctionsStack
from infra.settings import StageSettings, load_stage_settings


@dataclass(frozen=True)
class StageStacks:
    settings: StageSettings
    data: DataStack
    contact_centre: ContactCentreStack
    functions: FunctionsStack
    console: ConsoleStack


def stack_name(settings: StageSettings, part: str) -> str:
    return f"ContactCentre-{settings.stage}-{part}"


def build_stage(app: App) -> StageStacks:
    """Instantiate the stage chosen by ``-c stage=...`` (default dev) from cdk.json's context."""
    settings = load_stage_settings(app.node)
    env = Environment(account=settings.account, region=settings.region)
    data = DataStack(
        app,
        stack_name(settings, "Data"),
        settings=settings,
        env=env,
        termination_protection=settings.retain_data,
        description=f"Contact centre ({settings.stage}): tables and buckets",
    )
    contact_centre = ContactCentreStack(
        app,
        stack_name(settings, "ContactCentre"),
        settings=settings,
        env=env,
        termination_protection=settings.retain_data,
        description=f"Contact centre ({settings.stage}): Amazon Connect instance, hours, queues, routing",
    )
    functions = FunctionsStack(
        app,
        stack_name(settings, "Functions"),
        settings=settings,
        data=data,
        connect_handles=contact_centre.handles,
        env=env,
        description=f"Contact centre ({settings.stage}): functions, queues, schedules, flows, alarms",
    )
    console = ConsoleStack(
        app,
        stack_name(settings, "Console"),
        settings=settings,
        rest_api_id=functions.chalice.get_resource("RestAPI").ref,
        api_stage=API_STAGE,
        connect_instance_arn=contact_centre.handles.instance_arn,
        user_pool_client_id=data.staff_directory.console_client.user_pool_client_id,
        env=env,
        description=f"Contact centre ({settings.stage}): the staff console (S3 + CloudFront)",
    )
    Tags.of(app).add("application", "contact-centre")
    Tags.of(app).add("stage", settings.stage)
    return StageStacks(
        settings=settings, data=data, contact_centre=contact_centre, functions=functions, console=console
    )
