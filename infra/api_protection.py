"""What keeps the public API from being flooded or abused, and the calls alive while it is.

- API Gateway stage throttling: a stage-wide default and a tighter rate on each of the public
  (unauthenticated) methods, the ones a stranger can call at will.
- Reserved concurrency: each function Amazon Connect invokes mid-call keeps its own share, and
  the REST API's function is capped, so a flood of requests cannot take the concurrency a
  caller's flow needs.
- The gateway's own answers (no such route, throttled, too large ...) in the API's error shape,
  from ``chalicelib.api.gateway_responses`` (which the local server answers too).
- The stage's signing secret (HMACs of one-time codes, sealed cursors), read by the API's function.
- The one-time SMS settings and an alarm when the stage's hourly SMS budget is spent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import CfnResource, Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from chalice.cdk import Chalice
from constructs import Construct

from chalicelib import signing, sms_budget
from chalicelib.api.gateway_responses import GATEWAY_RESPONSES
from infra.nag import acknowledge
from infra.settings import StageSettings

#: Every method of the stage unless listed below: requests per second and burst.
DEFAULT_THROTTLE = (50.0, 100)
#: Each public method (no authorizer): requests per second and burst, for the whole stage.
PUBLIC_METHOD_THROTTLES: dict[tuple[str, str], tuple[float, int]] = {
    ("GET", "/health"): (5.0, 10),
    ("GET", "/book"): (10.0, 20),
    ("GET", "/callbacks/slots"): (10.0, 20),
    ("POST", "/callbacks/verifications"): (1.0, 5),  # each one may text a code
    ("POST", "/callbacks/bookings"): (5.0, 10),
    ("GET", "/callbacks/bookings/{booking_id}"): (5.0, 10),
    ("PATCH", "/callbacks/bookings/{booking_id}"): (2.0, 5),
    ("DELETE", "/callbacks/bookings/{booking_id}"): (2.0, 5),
    ("POST", "/self-service/tickets"): (2.0, 5),
    ("POST", "/self-service/my-tickets"): (2.0, 5),
    ("POST", "/tickets/{ticket_id}/rating"): (2.0, 5),
    ("GET", "/staff/directory"): (5.0, 10),  # read once per sign-in
    # The help centre: a search per keystroke pause, an article opened, the announcements.
    ("GET", "/help/articles"): (10.0, 20),
    ("GET", "/help/articles/{article_id}/{language}"): (10.0, 20),
    ("GET", "/help/announcements"): (5.0, 10),
    ("POST", "/chat/start"): (2.0, 5),  # each one starts a chat contact
}
SMS_BUDGET_PERIOD = Duration.minutes(5)


def method_setting_path(path: str) -> str:
    """A route as a stage MethodSetting's ResourcePath: each ``/`` spelled ``~1``."""
    return "/" + path.replace("/", "~1")


class ApiProtection(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StageSettings,
        chalice: Chalice,
        functions: Mapping[str, CfnResource],
        api_function: str,
        flow_functions: list[str],
        public_routes: list[tuple[str, str]],
        role: iam.IRole,
        alarm_topic: sns.ITopic,
    ) -> None:
        super().__init__(scope, construct_id)
        missing = sorted(set(public_routes) - set(PUBLIC_METHOD_THROTTLES))
        if missing:
            raise ValueError(f"public routes without a throttle in infra/api_protection.py: {missing}")
        self._throttle_stage(chalice, public_routes)
        self._reserve_concurrency(settings, functions, api_function, flow_functions)
        self._shape_gateway_answers(chalice)
        self.secret_name = f"{settings.resource_prefix()}-signing-key"
        self.secret = self._signing_secret(self.secret_name, role)
        environment = {
            # The name, a literal, not the ARN: the functions' environment is near Lambda's 4 KB.
            signing.SECRET_ID_ENV: self.secret_name,
            "CALLBACK_SMS_COUNTRIES": ",".join(settings.sms_country_codes),
            "CALLBACK_SMS_BUDGET_PER_HOUR": str(settings.sms_budget_per_hour),
        }
        for name, value in environment.items():  # only the REST API signs cursors and texts codes
            chalice.add_environment_variable(name, value, api_function)
        self._alarm_on_spent_budget(settings, alarm_topic)

    def _throttle_stage(self, chalice: Chalice, public_routes: list[tuple[str, str]]) -> None:
        rate, burst = DEFAULT_THROTTLE
        method_settings: list[dict[str, Any]] = [
            {
                "ResourcePath": "/*",
                "HttpMethod": "*",
                "ThrottlingRateLimit": rate,
                "ThrottlingBurstLimit": burst,
            }
        ]
        for method, path in sorted(public_routes):
            rate, burst = PUBLIC_METHOD_THROTTLES[(method, path)]
            method_settings.append(
                {
                    "ResourcePath": method_setting_path(path),
                    "HttpMethod": method,
                    "ThrottlingRateLimit": rate,
                    "ThrottlingBurstLimit": burst,
                }
            )
        chalice.get_resource("RestAPI").add_property_override("MethodSettings", method_settings)

    def _reserve_concurrency(
        self,
        settings: StageSettings,
        functions: Mapping[str, CfnResource],
        api_function: str,
        flow_functions: list[str],
    ) -> None:
        if settings.flow_reserved_concurrency:
            for lid in flow_functions:
                functions[lid].add_property_override(
                    "ReservedConcurrentExecutions", settings.flow_reserved_concurrency
                )
        if settings.api_reserved_concurrency and api_function in functions:
            functions[api_function].add_property_override(
                "ReservedConcurrentExecutions", settings.api_reserved_concurrency
            )

    def _shape_gateway_answers(self, chalice: Chalice) -> None:
        rest_api = chalice.get_resource("RestAPI").ref
        for response_type, answer in GATEWAY_RESPONSES.items():
            apigateway.CfnGatewayResponse(
                self,
                f"gateway-{response_type.lower().replace('_', '-')}",
                rest_api_id=rest_api,
                response_type=response_type,
                status_code=None if answer.status is None else str(answer.status),
                response_templates={"application/json": answer.body()},
                response_parameters={
                    "gatewayresponse.header.Content-Type": "'application/json'",
                    "gatewayresponse.header.X-Content-Type-Options": "'nosniff'",
                },
            )

    def _signing_secret(self, name: str, role: iam.IRole) -> secretsmanager.Secret:
        secret = secretsmanager.Secret(
            self,
            "signing-secret",
            secret_name=name,
            description="HMAC key of one-time SMS codes and API pagination cursors; read by the functions",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                exclude_punctuation=True, password_length=64
            ),
            removal_policy=RemovalPolicy.DESTROY,  # codes live minutes, cursors a page: nothing to keep
        )
        secret.grant_read(role)
        acknowledge(
            secret,
            "AwsSolutions-SMG4",
            "The key signs one-time codes that expire in minutes and pagination cursors; it is "
            "replaced by redeploying the stack, and no credential of another system depends on it.",
        )
        return secret

    def _alarm_on_spent_budget(self, settings: StageSettings, alarm_topic: sns.ITopic) -> None:
        spent = cloudwatch.Metric(
            namespace=sms_budget.NAMESPACE,
            metric_name=sms_budget.EXHAUSTED_METRIC,
            dimensions_map={"Stage": settings.stage},
            statistic="Sum",
            period=SMS_BUDGET_PERIOD,
        )
        alarm = cloudwatch.Alarm(
            self,
            "sms-budget-spent",
            metric=spent,
            threshold=0,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=f"The stage's hourly budget of {settings.sms_budget_per_hour} one-time SMS "
            "codes is spent: customers cannot verify their numbers until the hour ends. A flood of "
            "code requests (SMS pumping) or a budget too small for the traffic.",
        )
        alarm.add_alarm_action(cloudwatch_actions.SnsAction(alarm_topic))
