"""The synthesized API protection: throttled public methods, reserved concurrency for the flow
functions, gateway answers in the error shape, the signing secret and the SMS budget alarm."""

from __future__ import annotations

import json

from chalicelib.api.gateway_responses import GATEWAY_RESPONSES
from infra.wiring import FLOW_INVOKED_FUNCTIONS
from tests.functional.tickets_support import function_app
from tests.infra.templates import properties, template


def _public_routes() -> set[tuple[str, str]]:
    routes = function_app().routes
    return {
        (method, path)
        for path, methods in routes.items()
        for method, e in methods.items()
        if e.authorizer is None
    }


def test_every_public_method_has_its_own_stage_throttle_below_the_default(dev):
    from aws_cdk.assertions import Match

    from infra.api_protection import PUBLIC_METHOD_THROTTLES, method_setting_path

    assert set(PUBLIC_METHOD_THROTTLES) == _public_routes()
    functions = template(dev, "Functions")
    expected = [
        Match.object_like(
            {"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 100}
        )
    ] + [
        Match.object_like(
            {
                "ResourcePath": method_setting_path(path),
                "HttpMethod": method,
                "ThrottlingRateLimit": rate,
                "ThrottlingBurstLimit": burst,
            }
        )
        for (method, path), (rate, burst) in sorted(PUBLIC_METHOD_THROTTLES.items())
    ]
    functions.has_resource_properties("AWS::Serverless::Api", {"MethodSettings": Match.array_with(expected)})
    assert method_setting_path("/callbacks/verifications") == "/~1callbacks~1verifications"
    sends_codes = PUBLIC_METHOD_THROTTLES[("POST", "/callbacks/verifications")]
    assert sends_codes[0] <= 1


def test_flow_functions_keep_reserved_concurrency_and_the_api_is_capped_in_prod(prod):
    from aws_cdk.assertions import Match

    from infra.functions_stack import CHALICE_API, logical_id

    functions = template(prod, "Functions")
    settings = prod.stacks.settings
    assert settings.flow_reserved_concurrency > 0 and settings.api_reserved_concurrency > 0
    reserved = {
        **{logical_id(name): settings.flow_reserved_concurrency for name in FLOW_INVOKED_FUNCTIONS},
        CHALICE_API: settings.api_reserved_concurrency,
    }
    capped = functions.find_resources(
        "AWS::Serverless::Function", {"Properties": {"ReservedConcurrentExecutions": Match.any_value()}}
    )
    # exactly these functions are capped, at these values; every other one is left uncapped
    assert {lid: f["Properties"]["ReservedConcurrentExecutions"] for lid, f in capped.items()} == reserved


def test_the_gateway_answers_in_the_api_error_shape(dev):
    functions = template(dev, "Functions")
    functions.resource_count_is("AWS::ApiGateway::GatewayResponse", len(GATEWAY_RESPONSES))
    functions.all_resources_properties("AWS::ApiGateway::GatewayResponse", {"RestApiId": {"Ref": "RestAPI"}})
    for response_type in GATEWAY_RESPONSES:
        (response,) = functions.find_resources(
            "AWS::ApiGateway::GatewayResponse", {"Properties": {"ResponseType": response_type}}
        ).values()
        body = json.loads(response["Properties"]["ResponseTemplates"]["application/json"])
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    functions.has_resource_properties(
        "AWS::ApiGateway::GatewayResponse",
        {"ResponseType": "MISSING_AUTHENTICATION_TOKEN", "StatusCode": "404"},
    )


def test_the_api_function_reads_a_generated_signing_secret_and_the_sms_settings(dev):
    from aws_cdk.assertions import Match

    from infra.functions_stack import CHALICE_API

    functions = template(dev, "Functions")
    ((secret_id, secret),) = functions.find_resources("AWS::SecretsManager::Secret").items()
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    assert secret["Properties"]["Name"] == "contact-centre-dev-signing-key"
    variables = {
        "SIGNING_SECRET_ID": "contact-centre-dev-signing-key",
        "CALLBACK_SMS_COUNTRIES": "US",
        "CALLBACK_SMS_BUDGET_PER_HOUR": str(dev.stacks.settings.sms_budget_per_hour),
    }
    reading_them = functions.find_resources(
        "AWS::Serverless::Function",
        {"Properties": {"Environment": {"Variables": Match.object_like(variables)}}},
    )
    assert CHALICE_API in reading_them
    statements = [
        s
        for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
        for p in properties(functions.find_resources(kind))
        for s in p["PolicyDocument"]["Statement"]
    ]
    reads = [s for s in statements if "secretsmanager:GetSecretValue" in json.dumps(s["Action"])]
    assert reads and all(s["Resource"] == {"Ref": secret_id} for s in reads)


def test_a_spent_sms_budget_alarms(dev):
    from aws_cdk.assertions import Match

    template(dev, "Functions").has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "Namespace": "ContactCentre/Sms",
            "MetricName": "SmsBudgetExhausted",
            "Dimensions": [{"Name": "Stage", "Value": "dev"}],
            "Threshold": 0,
            "ComparisonOperator": "GreaterThanThreshold",
            "AlarmActions": Match.any_value(),
        },
    )
