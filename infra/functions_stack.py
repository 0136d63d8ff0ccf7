"""The stateless stack: the Chalice app (every Lambda and the REST API), its queues, schedules,
event rule, inbound SMS topic, Connect integrations and monitoring. Safe to redeploy or replace at
any time."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from aws_cdk import CfnOutput, CfnResource, Fn, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib.mail.intake import INBOUND_PREFIX
from chalicelib.notifications import ALERTS_TOPIC_ENV
from chalicelib.resources import (
    BUCKETS,
    MAIL_BUCKET,
    QUEUES,
    SCHEDULE_GROUP_ENV,
    STATE_MACHINE_ARN_PREFIX_ENV,
    STATE_MACHINES,
    SUPPORT_EMAIL_ADDRESS_ENV,
    schedule_dead_letter_queue_name,
)
from chalicelib.tables.base import TABLE_NAME_PREFIX_ENV
from infra.agent_directory import AgentDirectorySeed
from infra.api_protection import ApiProtection
from infra.assistant_bot import AssistantBot
from infra.batch_jobs import BatchJobs, state_machine_arn, state_machine_arn_prefix
from infra.connect_integration import ConnectIntegration
from infra.contact_centre_stack import CALLBACK_QUEUE, ConnectHandles
from infra.data_stack import DataStack
from infra.function_roles import FunctionRoles, MailGrants, capabilities_of, tables_of
from infra.function_tables import REST_API_FUNCTION
from infra.inbound_sms import InboundSmsTopic
from infra.lambda_package import LambdaPackage
from infra.monitoring import PERIOD, Monitoring
from infra.nag import acknowledge
from infra.queues import DEAD_LETTER_RETENTION, QueueWithDeadLetters, dead_letter_queue, queue_from_spec
from infra.settings import StageSettings
from infra.staff import load_staff
from infra.support_mail import SupportMailReceiving, mail_bucket_name, rule_set_name
from infra.tables import table_name_prefix
from infra.wiring import (
    ASYNC_FUNCTIONS,
    BOT_FULFILMENT_FUNCTION,
    FLOW_INVOKED_FUNCTIONS,
    QUEUE_CONSUMERS,
    SCHEDULED_FUNCTIONS,
    TOPIC_SUBSCRIBERS,
    require_wired,
)

FUNCTIONS_DIR = Path(__file__).resolve().parent.parent / "functions"
SERVICE_NAME = "contact-centre"
SAM_FUNCTION = "AWS::Serverless::Function"
CHALICE_API = REST_API_FUNCTION  # the function behind every REST route
API_STAGE = "api"  # Chalice's default api_gateway_stage
INBOUND_SMS_TOPIC = "inbound-sms"
#: Lambda's own retries of an asynchronous event (SNS invokes asynchronously) before it is given up.
ASYNC_RETRY_ATTEMPTS = 2


def logical_id(function_name: str) -> str:
    """The SAM resource id Chalice gives a function (``screen_caller`` -> ``ScreenCaller``)."""
    from chalice.utils import to_cfn_resource_name

    return str(to_cfn_resource_name(function_name))


#: The name ``functions/app.py`` keeps in ``sys.modules`` after packaging when ``app`` belongs to
#: another module (the CDK entry point); loaders find it by its file, this name only avoids clashes.
FUNCTIONS_APP_ALIAS = "functions_app"


def _loaded_functions_app() -> ModuleType | None:
    """``functions/app.py`` if this process has loaded it, under whichever name.

    Its blueprints are module-level singletons of ``chalicelib.api`` that bind to the first app
    they are registered on (a second registration fails on duplicate routes), so the module must
    be loaded once per process: packaging, the functional tests and the local stack share it.
    """
    target = FUNCTIONS_DIR / "app.py"
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None) or ""
        if file.endswith("app.py") and Path(file).resolve() == target:
            return module
    return None


@contextmanager
def _prompts_packaged_with_functions() -> Iterator[None]:
    """Put prompts/ inside chalicelib/ while Chalice packages (it zips only app.py and chalicelib/).

    The copy lives only as long as the packaging and is gitignored, so prompts/ stays the one
    committed copy. It appears and disappears by rename: a reader in another process sees all of
    it or none. A lock on prompts/ keeps two syntheses of this tree (tests, ``make synth``) from
    removing the copy the other one is zipping.
    """
    import fcntl
    import shutil

    from chalicelib.prompts import PACKAGED_DIR, REPOSITORY_DIR

    scratch = PACKAGED_DIR.with_name(f".{PACKAGED_DIR.name}.scratch")
    lock = os.open(REPOSITORY_DIR, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for leftover in (scratch, PACKAGED_DIR):  # left by a synthesis that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(REPOSITORY_DIR, scratch)
        scratch.rename(PACKAGED_DIR)
        try:
            yield
        finally:
            PACKAGED_DIR.rename(scratch)
            shutil.rmtree(scratch)
    finally:
        os.close(lock)  # releases the lock


@contextmanager
def _packaging_chalice_app(settings: StageSettings) -> Iterator[None]:
    """Let ``chalice package`` run in this process without leaving traces in it.

    Chalice imports the Chalice app as module ``app`` (which must be functions/app.py, not this CDK
    app.py), copies the stage's environment variables into ``os.environ`` while it loads it, and
    needs a region only to spell service principals (no AWS call is made). The environment and
    ``sys.path`` are restored, and ``app`` in ``sys.modules`` goes back to the module that held it.
    functions/app.py is imported once per process (``_loaded_functions_app``): reused if loaded,
    else kept loaded as an ``import app`` would leave it (as ``functions_app`` if ``app`` is taken).
    The prompts the functions read are packaged with them (``_prompts_packaged_with_functions``).
    """
    saved_environ = dict(os.environ)
    saved_path = list(sys.path)
    loaded = _loaded_functions_app()
    saved_app = sys.modules.pop("app", None)
    if loaded is not None:
        sys.modules["app"] = loaded
    sys.path.insert(0, str(FUNCTIONS_DIR))
    if not (os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")):
        os.environ["AWS_DEFAULT_REGION"] = (
            settings.region or os.environ.get("CDK_DEFAULT_REGION") or "us-east-1"
        )
    try:
        with _prompts_packaged_with_functions():
            yield
    finally:
        packaged = sys.modules.pop("app", None)
        os.environ.clear()
        os.environ.update(saved_environ)
        sys.path[:] = saved_path
        if saved_app is not None:
            sys.modules["app"] = saved_app
        if loaded is None and packaged is not None:
            sys.modules[FUNCTIONS_APP_ALIAS if saved_app is not None else "app"] = packaged


class FunctionsStack(Stack):
    """Packages ``functions/`` with Chalice and wires each function by ``infra.wiring``.

    ``function_names`` maps every packaged function's SAM logical id to its deployed name
    (``contact-centre-<stage>-<LogicalId>``, fixed so ARNs are known before deployment).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StageSettings,
        data: DataStack,
        connect_handles: ConnectHandles,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.settings = settings
        prefix = settings.resource_prefix()

        self.queues: dict[str, QueueWithDeadLetters] = {
            spec.logical_name: queue_from_spec(self, spec, name_prefix=prefix) for spec in QUEUES
        }
        inbound_sms = InboundSmsTopic(self, INBOUND_SMS_TOPIC, topic_name=f"{prefix}-{INBOUND_SMS_TOPIC}")
        self.topics: dict[str, sns.Topic] = {INBOUND_SMS_TOPIC: inbound_sms.topic}
        CfnOutput(
            self,
            "InboundSmsTopicArn",
            value=inbound_sms.topic.topic_arn,
            description="Two-way channel for End User Messaging SMS numbers: aws pinpoint-sms-voice-v2 "
            "update-phone-number --two-way-enabled --two-way-channel-arn <this>",
        )
        self.schedule_group = scheduler.CfnScheduleGroup(self, "schedule-group", name=prefix)
        self.scheduler_role = iam.Role(
            self,
            "scheduler-role",
            description="Assumed by EventBridge Scheduler to invoke scheduled functions",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com",
                conditions={"StringEquals": {"aws:SourceAccount": self.account}},
            ),
        )
        # What EventBridge Scheduler and the event rules cannot hand over lands here (and alarms).
        self.schedule_dead_letters = dead_letter_queue(
            self,
            "schedules-dlq",
            queue_name=schedule_dead_letter_queue_name(prefix),  # the schedule group is named prefix
            holds="the runtime schedules",
        )
        self.schedule_dead_letters.add_to_resource_policy(  # the Scheduler sends as its role
            iam.PolicyStatement(
                principals=[iam.ArnPrincipal(self.scheduler_role.role_arn)],
                actions=["sqs:SendMessage"],
                resources=[self.schedule_dead_letters.queue_arn],
            )
        )
        self.rule_dead_letters = dead_letter_queue(
            self, "event-rules-dlq", queue_name=f"{prefix}-event-rules-dlq", holds="the event rules"
        )
        instance_arn, instance_nag_spelling = connect_handles.instance_arn_import()
        self.roles = FunctionRoles(
            self,
            "function-roles",
            tables=data.tables,
            queues=[self.queues[spec.logical_name].queue for spec in QUEUES if spec.sent_by_functions],
            buckets={name: (bucket, *data.bucket_objects_arn(name)) for name, bucket in data.buckets.items()},
            schedule_group=self.schedule_group,
            scheduler_role=self.scheduler_role,
            instance_arn=instance_arn,
            contacts_arn=(f"{instance_arn}/contact/*", f"{instance_nag_spelling}/contact/*"),
            state_machine_arns=[
                state_machine_arn(prefix, machine.logical_name) for machine in STATE_MACHINES
            ],
            mail=self._mail_grants(data),
            recordings_exports=connect_handles.recordings_exports,
        )
        # Chalice names one role for every function; each gets its own below (infra.function_roles).
        api_role = self.roles.role(CHALICE_API, capabilities_of(CHALICE_API), tables_of(CHALICE_API))

        with _packaging_chalice_app(settings):
            self.chalice = LambdaPackage(
                self,
                "app",
                source_dir=str(FUNCTIONS_DIR),
                stage_config={
                    "manage_iam_role": False,
                    "iam_role_arn": api_role.role_arn,
                    "lambda_memory_size": settings.lambda_memory_mb,
                    "lambda_timeout": settings.lambda_timeout_s,
                    "environment_variables": self._environment(data, connect_handles),
                },
            )
        self.functions: dict[str, CfnResource] = {
            child.node.id: child
            for child in self.chalice.sam_template.node.children
            if isinstance(child, CfnResource) and child.cfn_resource_type == SAM_FUNCTION
        }
        self.function_names = {lid: f"{prefix}-{lid}" for lid in self.functions}
        require_wired(lambda name: logical_id(name) in self.functions, "the packaged Chalice app")
        self.function_roles: dict[str, iam.Role] = {}
        for lid, function in self.functions.items():
            self.function_roles[lid] = self.roles.role(lid, capabilities_of(lid), tables_of(lid))
            function.add_property_override("Role", self.function_roles[lid].role_arn)

        self.alerts_topic = sns.Topic(
            self, "supervisor-alerts", topic_name=f"{prefix}-supervisor-alerts", enforce_ssl=True
        )
        # The API and the sweep raise ticket alerts; the KPI function warning-listed callers in queue.
        raisers = (CHALICE_API, logical_id("sweep_supervisor_alerts"), logical_id("track_contact_quality"))
        for raiser in raisers:
            if raiser in self.function_roles:
                self.alerts_topic.grant_publish(self.function_roles[raiser])
                self.chalice.add_environment_variable(ALERTS_TOPIC_ENV, self.alerts_topic.topic_arn, raiser)
        CfnOutput(
            self,
            "SupervisorAlertsTopicArn",
            value=self.alerts_topic.topic_arn,
            description="Complaints, overdue tickets and low scores for supervisors: subscribe an "
            "address with aws sns subscribe --topic-arn <this> --protocol email --notification-endpoint <address>",
        )

        self.monitoring = Monitoring(
            self, "monitoring", dashboard_name=prefix, alarm_email=settings.alarm_email
        )
        for queue in self.queues.values():
            self.monitoring.watch_queue(queue)
        for lid, function in self.functions.items():
            self._name_and_log(lid, function)
            self.monitoring.watch_function(lid, self.function_names[lid])
        self.monitoring.watch_quality(
            settings.stage, self.function_names.get(logical_id("track_contact_quality"))
        )

        objects_arn, objects_nag_spelling = data.bucket_objects_arn(BUCKETS[0].logical_name)
        self.batch_jobs = BatchJobs(
            self,
            "batch-jobs",
            prefix=prefix,
            function_arn=self._deterministic_arn,
            objects_arn=objects_arn,
            objects_nag_spelling=objects_nag_spelling,
            log_group=data.batch_job_logs,
        )
        self._publish_api_url()
        self._bind_staff_directory(data)
        self.api_protection = self._protect_api()
        self._route_contact_events(connect_handles)
        self._scope_connect_event_handlers(connect_handles)
        self._wire_queue_consumers()
        self._wire_topic_subscribers()
        self._wire_async_failures()
        self._wire_schedule_targets()
        # Only where used: every variable counts against each function's 4 KB of environment.
        self.chalice.add_environment_variable(
            MAIL_BUCKET.env_var, mail_bucket_name(settings), logical_id("receive_support_email")
        )
        self.chalice.add_environment_variable(
            SUPPORT_EMAIL_ADDRESS_ENV, settings.support_email_address, CHALICE_API
        )
        self.support_mail = SupportMailReceiving(
            self,
            "support-mail",
            settings=settings,
            bucket_name=mail_bucket_name(settings),
            function_arn=self._deterministic_arn("receive_support_email"),
        )
        self.support_mail.node.add_dependency(self.functions[logical_id("receive_support_email")])
        CfnOutput(
            self,
            "SupportMailRuleSet",
            value=rule_set_name(settings),
            description="Receives mail for the support address once active (one active set per region): "
            "aws ses set-active-receipt-rule-set --rule-set-name <this>",
        )
        self.connect = ConnectIntegration(
            self, "connect", connect_handles=connect_handles, set_environment=self._set_on_contact_starters
        )
        for name in FLOW_INVOKED_FUNCTIONS:
            self.connect.associate_lambda(name, self.function_arn(name))
        self.assistant = AssistantBot(
            self,
            "assistant",
            bot_name=f"{prefix}-assistant",
            fulfilment_function_arn=self.function_arn(BOT_FULFILMENT_FUNCTION),
        )
        self.connect.associate_lex_bot("assistant", self.assistant.alias_arn)
        self.connect.install_flows()
        if connect_handles.agent_user_ids is not None:
            AgentDirectorySeed(
                self,
                "agent-directory",
                table=data.tables["agents"],
                staff=load_staff(settings.stage),
                user_ids=connect_handles.agent_user_ids,
            )

    def _bind_staff_directory(self, data: DataStack) -> None:
        """Staff routes accept the stage's user pool tokens: its ARN goes into the API definition
        in place of the placeholder the Chalice app carries (the pool's id is only known once it
        is deployed). Where staff sign in reaches ``GET /staff/directory`` as stage variables
        (the API function's environment is close to Lambda's 4 KB)."""
        from chalicelib.api.identity import (
            STAFF_AUTHORIZER_NAME,
            STAFF_CLIENT_ID_VARIABLE,
            STAFF_USER_POOL_ID_VARIABLE,
        )

        if CHALICE_API not in self.functions:
            return
        directory = data.staff_directory
        rest_api = self.chalice.get_resource("RestAPI")
        rest_api.add_property_override(
            f"DefinitionBody.securityDefinitions.{STAFF_AUTHORIZER_NAME}.x-amazon-apigateway-authorizer.providerARNs",
            [directory.user_pool.user_pool_arn],
        )
        rest_api.add_property_override(
            "Variables",
            {
                STAFF_USER_POOL_ID_VARIABLE: directory.user_pool.user_pool_id,
                STAFF_CLIENT_ID_VARIABLE: directory.console_client.user_pool_client_id,
            },
        )

    def _protect_api(self) -> ApiProtection | None:
        """Throttling, reserved concurrency, gateway answers, the signing secret (infra.api_protection)."""
        app_module = _loaded_functions_app()
        if CHALICE_API not in self.functions or app_module is None:
            return None
        routes = app_module.app.routes
        public = [
            (method, path)
            for path, methods in routes.items()
            for method, entry in methods.items()
            if entry.authorizer is None
        ]
        return ApiProtection(
            self,
            "api-protection",
            settings=self.settings,
            chalice=self.chalice,
            functions=self.functions,
            api_function=CHALICE_API,
            flow_functions=[
                logical_id(name) for name in FLOW_INVOKED_FUNCTIONS if logical_id(name) in self.functions
            ],
            public_routes=public,
            role=self.function_roles[CHALICE_API],
            alarm_topic=self.monitoring.topic,
        )

    def _mail_grants(self, data: DataStack) -> MailGrants:
        address = self.settings.support_email_address
        inbound_arn, inbound_nag = data.bucket_objects_arn(MAIL_BUCKET.logical_name, INBOUND_PREFIX)
        return MailGrants(
            inbound_objects_arn=inbound_arn,
            inbound_objects_nag_spelling=inbound_nag,
            key_arn=data.mail.key.key_arn,
            identity_arns=tuple(
                self.format_arn(service="ses", resource="identity", resource_name=identity)
                for identity in (address, address.split("@", 1)[1])
            ),
        )

    # --- lookups -------------------------------------------------------------------------------

    def function_arn(self, function_name: str) -> str:
        """ARN of a packaged function by its Chalice name (a GetAtt token: implies a dependency)."""
        return self.functions[logical_id(function_name)].get_att("Arn").to_string()

    def _deterministic_arn(self, function_name: str) -> str:
        """ARN from the fixed function name: no reference, so any function may carry it."""
        name = f"{self.settings.resource_prefix()}-{logical_id(function_name)}"
        return Fn.sub(f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{name}")

    # --- environment and permissions -----------------------------------------------------------

    def _environment(self, data: DataStack, handles: ConnectHandles) -> dict[str, str]:
        settings = self.settings
        env: dict[str, str] = {
            "STAGE": settings.stage,
            "POWERTOOLS_SERVICE_NAME": SERVICE_NAME,
            "LOG_LEVEL": settings.log_level,
            "BUSINESS_TIME_ZONE": settings.business_time_zone,
            # chalicelib.callbacks.settings reads the opening hours in the same shape as cdk.json
            "CALLBACK_HOURS": json.dumps(
                {day: list(span) for day, span in settings.business_hours.items()}, separators=(",", ":")
            ),
            "DIALLER_MAX_CONCURRENT_CALLS": str(settings.max_concurrent_calls),
            "DIALLER_CALLS_PER_SECOND": str(settings.calls_per_second),
            "CONNECT_INSTANCE_ID": handles.instance_id,
            "CONNECT_QUEUE_IDS": Stack.of(self).to_json_string(handles.queue_ids),
            "OUTBOUND_QUEUE_ID": handles.queue_ids[CALLBACK_QUEUE],
            # the group's fixed name, not its Ref: a literal costs the 4 KB of environment far less
            SCHEDULE_GROUP_ENV: settings.resource_prefix(),
            "SCHEDULER_ROLE_ARN": self.scheduler_role.role_arn,
        }
        if handles.outbound_phone_number:
            env["OUTBOUND_SOURCE_PHONE_NUMBER"] = handles.outbound_phone_number
        # One variable for every table (chalicelib.tables.base.table_name); a literal: no export.
        env[TABLE_NAME_PREFIX_ENV] = table_name_prefix(settings.resource_prefix())
        for queue in self.queues.values():
            env[queue.spec.env_var] = queue.queue.queue_url
        for bucket_spec in BUCKETS:
            env[bucket_spec.env_var] = data.buckets[bucket_spec.logical_name].bucket_name
        for function_name, env_var in SCHEDULED_FUNCTIONS.items():
            env[env_var] = self._deterministic_arn(function_name)
        env[STATE_MACHINE_ARN_PREFIX_ENV] = state_machine_arn_prefix(settings.resource_prefix())
        return env

    # --- per-function wiring -------------------------------------------------------------------

    def _name_and_log(self, lid: str, function: CfnResource) -> None:
        """Fix the function's name and pre-create its log group with the stage's retention."""
        name = self.function_names[lid]
        function.add_property_override("FunctionName", name)
        log_group = logs.LogGroup(
            self,
            f"{lid}-logs",
            log_group_name=f"/aws/lambda/{name}",
            removal_policy=RemovalPolicy.RETAIN if self.settings.retain_data else RemovalPolicy.DESTROY,
        )
        retention = log_group.node.default_child
        assert isinstance(retention, logs.CfnLogGroup)
        retention.retention_in_days = self.settings.log_retention_days
        log_group.grant_write(self.function_roles[lid])
        function.add_resource_dependency(retention)

    def _set_on_contact_starters(self, name: str, value: str) -> None:
        """Set a flow's id on the functions that may start contacts: all but the flow-invoked ones
        (a flow refers to them), the REST API handler (flow-invoked functions carry the API's
        URL, and the API refers to its handler) and the bot's fulfilment (flows wait for the bot,
        whose alias refers to it). Any of them would close a dependency cycle."""
        excluded = {logical_id(n) for n in (*FLOW_INVOKED_FUNCTIONS, BOT_FULFILMENT_FUNCTION)} | {CHALICE_API}
        for lid in self.functions:
            if lid not in excluded:
                self.chalice.add_environment_variable(name, value, lid)

    def _route_contact_events(self, handles: ConnectHandles) -> None:
        events.Rule(
            self,
            "contact-events-rule",
            description="Amazon Connect contact events of this instance -> contact-events queue",
            event_pattern=events.EventPattern(
                source=["aws.connect"],
                detail_type=["Amazon Connect Contact Event"],
                detail={"instanceArn": [handles.instance_arn]},
            ),
            targets=[
                targets.SqsQueue(
                    self.queues["contact-events"].queue, dead_letter_queue=self.rule_dead_letters
                )
            ],
        )

    def _publish_api_url(self) -> None:
        """``PUBLIC_API_URL`` (links in SMS, e.g. the booking page) for every function.

        Without a configured ``public_api_url`` it is the API Gateway endpoint, which the API
        handler itself cannot carry (the API refers to the handler: a cycle); there it is left
        unset and the handler's links stay relative, which a browser resolves against the API.
        """
        if self.settings.public_api_url:
            for lid in self.functions:
                self.chalice.add_environment_variable("PUBLIC_API_URL", self.settings.public_api_url, lid)
            return
        if CHALICE_API not in self.functions:
            return
        rest_api = self.chalice.get_resource("RestAPI").ref
        url = Fn.sub(
            f"https://${{Api}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{API_STAGE}",
            {"Api": rest_api},
        )
        for lid in self.functions:
            if lid != CHALICE_API:
                self.chalice.add_environment_variable("PUBLIC_API_URL", url, lid)

    def _scope_connect_event_handlers(self, handles: ConnectHandles) -> None:
        """Filter every ``on_cw_event`` pattern on ``aws.connect`` to this stage's instance.

        Chalice decorators cannot know the instance, and without the filter a handler of one
        stage would also receive the contact events of every other instance in the account.
        """
        # The Chalice construct keeps no parsed copy of the packaged template (chalice==1.34.0).
        sam = json.loads((Path(self.chalice._sam_package_dir) / "sam.json").read_text())
        for lid, resource in sam["Resources"].items():
            if resource["Type"] != SAM_FUNCTION:
                continue
            for event_id, event in resource["Properties"].get("Events", {}).items():
                pattern = event.get("Properties", {}).get("Pattern", {})
                if event["Type"] == "CloudWatchEvent" and "aws.connect" in pattern.get("source", []):
                    self.functions[lid].add_property_override(
                        f"Events.{event_id}.Properties.Pattern.detail.instanceArn", [handles.instance_arn]
                    )

    def _wire_queue_consumers(self) -> None:
        for function_name, consumer in QUEUE_CONSUMERS.items():
            queue = self.queues[consumer.queue].queue
            queue.grant_consume_messages(self.function_roles[logical_id(function_name)])
            lambda_.CfnEventSourceMapping(
                self,
                f"{function_name}-drains-{consumer.queue}",
                function_name=self.functions[logical_id(function_name)].ref,
                event_source_arn=queue.queue_arn,
                batch_size=consumer.batch_size,
                maximum_batching_window_in_seconds=consumer.max_batching_window_s,
                function_response_types=["ReportBatchItemFailures"],
                scaling_config=(
                    lambda_.CfnEventSourceMapping.ScalingConfigProperty(
                        maximum_concurrency=consumer.max_concurrency
                    )
                    if consumer.max_concurrency
                    else None
                ),
            )

    def _wire_topic_subscribers(self) -> None:
        """Subscribe each function to its topic, invocable by SNS for that topic only.

        A message SNS cannot hand over, or an event the function still fails on after Lambda's
        retries, is kept whole in the function's dead-letter queue, which alarms: an opt-out must
        not be lost, and the logs hold masked numbers only.
        """
        for function_name, topic_name in TOPIC_SUBSCRIBERS.items():
            topic = self.topics[topic_name]
            dead_letters_name = f"{self.settings.resource_prefix()}-{function_name.replace('_', '-')}-dlq"
            dead_letters = sqs.Queue(
                self,
                f"{function_name}-dlq",
                queue_name=dead_letters_name,
                encryption=sqs.QueueEncryption.SQS_MANAGED,
                enforce_ssl=True,
                retention_period=DEAD_LETTER_RETENTION,
            )
            acknowledge(
                dead_letters,
                "AwsSolutions-SQS3",
                f"This queue is itself the dead-letter queue of {function_name}'s SNS subscription "
                "and of its asynchronous invocations; cdk-nag recognises only SQS redrive policies.",
            )
            invocable = lambda_.CfnPermission(
                self,
                f"{function_name}-invoked-by-{topic_name}",
                action="lambda:InvokeFunction",
                function_name=self.function_arn(function_name),
                principal="sns.amazonaws.com",
                source_arn=topic.topic_arn,
            )
            subscription = sns.Subscription(
                self,
                f"{function_name}-subscribes-to-{topic_name}",
                topic=topic,
                protocol=sns.SubscriptionProtocol.LAMBDA,
                # By name, not GetAtt: CDK's template validator does not know a SAM function is a
                # Lambda function (W3694).
                endpoint=self._deterministic_arn(function_name),
                dead_letter_queue=dead_letters,
            )
            subscription.node.add_dependency(invocable)  # the permission references the function
            role = self.function_roles[logical_id(function_name)]
            dead_letters.grant_send_messages(role)  # Lambda sends failed events with the function's role
            on_failure = lambda_.CfnEventInvokeConfig(
                self,
                f"{function_name}-on-failure",
                function_name=self.functions[logical_id(function_name)].ref,
                qualifier="$LATEST",
                maximum_retry_attempts=ASYNC_RETRY_ATTEMPTS,
                destination_config=lambda_.CfnEventInvokeConfig.DestinationConfigProperty(
                    on_failure=lambda_.CfnEventInvokeConfig.OnFailureProperty(
                        destination=dead_letters.queue_arn
                    )
                ),
            )
            on_failure.node.add_dependency(role)  # Lambda checks the role may send to the queue
            alarm = cloudwatch.Alarm(
                self,
                f"{function_name}-dead-letters",
                metric=dead_letters.metric_approximate_number_of_messages_visible(
                    period=PERIOD, statistic="Maximum"
                ),
                threshold=0,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                evaluation_periods=1,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                alarm_description=f"Messages of the {topic_name} topic that {function_name} did not "
                f"handle after {ASYNC_RETRY_ATTEMPTS} retries are in {dead_letters_name}. Fix the "
                "cause, then republish each message to the topic.",
            )
            alarm.add_alarm_action(cloudwatch_actions.SnsAction(self.monitoring.topic))

    def _wire_async_failures(self) -> None:
        """Every asynchronous function, schedule and rule keeps what it could not deliver, in a
        dead-letter queue that alarms (``infra.wiring.ASYNC_FUNCTIONS``; SNS subscribers have theirs)."""
        prefix = self.settings.resource_prefix()
        self.monitoring.watch_dead_letters(
            "schedules",
            self.schedule_dead_letters,
            "EventBridge Scheduler could not invoke a booked callback or reminder: replay each message's "
            "input to its function.",
        )
        self.monitoring.watch_dead_letters(
            "event-rules",
            self.rule_dead_letters,
            "An event rule could not deliver Amazon Connect contact events to its target: fix the "
            "target, then replay the events.",
        )
        # The rules Chalice declares for on_cw_event handlers: EventBridge may send to the queue.
        self.rule_dead_letters.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("events.amazonaws.com")],
                actions=["sqs:SendMessage"],
                resources=[self.rule_dead_letters.queue_arn],
                conditions={
                    "ArnLike": {
                        "aws:SourceArn": self.format_arn(service="events", resource="rule", resource_name="*")
                    }
                },
            )
        )
        sam = json.loads((Path(self.chalice._sam_package_dir) / "sam.json").read_text())
        for lid, resource in sam["Resources"].items():
            for event_id, event in resource.get("Properties", {}).get("Events", {}).items():
                if event["Type"] == "CloudWatchEvent" and lid in self.functions:
                    self.functions[lid].add_property_override(
                        f"Events.{event_id}.Properties.DeadLetterConfig",
                        {"Arn": self.rule_dead_letters.queue_arn},
                    )
        for function_name, receives in ASYNC_FUNCTIONS.items():
            queue_name = f"{prefix}-{function_name.replace('_', '-')}-dlq"
            failures = dead_letter_queue(
                self, f"{function_name}-dlq", queue_name=queue_name, holds=f"{function_name}'s invocations"
            )
            role = self.function_roles[logical_id(function_name)]
            failures.grant_send_messages(role)  # Lambda sends failed events with the function's role
            # SAM's EventInvokeConfig of the function (SAM makes the AWS::Lambda::EventInvokeConfig).
            self.functions[logical_id(function_name)].add_property_override(
                "EventInvokeConfig",
                {
                    "MaximumRetryAttempts": ASYNC_RETRY_ATTEMPTS,
                    "DestinationConfig": {"OnFailure": {"Type": "SQS", "Destination": failures.queue_arn}},
                },
            )
            # Lambda checks at deploy time that the role may send to the queue.
            self.functions[logical_id(function_name)].node.add_dependency(role)
            self.monitoring.watch_dead_letters(
                function_name,
                failures,
                f"{receives.capitalize()} that {function_name} still failed on after {ASYNC_RETRY_ATTEMPTS} "
                f"retries are in {queue_name}. Fix the cause, then replay each message's requestPayload.",
            )

    def _wire_schedule_targets(self) -> None:
        arns = [self.function_arn(name) for name in SCHEDULED_FUNCTIONS]
        if arns:
            self.scheduler_role.add_to_policy(
                iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=arns)
            )
