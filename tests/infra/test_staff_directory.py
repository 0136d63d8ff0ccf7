"""The synthesized staff directory: a user pool per stage with the role groups and a console client,
and every staff route of the API bound to it through API Gateway's Cognito authorizer."""

from __future__ import annotations

from chalicelib.api.access import Role
from chalicelib.api.identity import (
    STAFF,
    STAFF_AUTHORIZER_NAME,
    STAFF_CLIENT_ID_VARIABLE,
    STAFF_USER_POOL_ID_VARIABLE,
)
from tests.functional.tickets_support import function_app
from tests.infra.templates import template

USER_POOL = "AWS::Cognito::UserPool"
REST_API = "AWS::Serverless::Api"


def test_each_stage_has_a_pool_staff_cannot_sign_up_to_with_a_strong_password_policy(dev, prod):
    from aws_cdk.assertions import Match

    for stage in (dev, prod):
        data = template(stage, "Data")
        data.resource_count_is(USER_POOL, 1)
        data.has_resource_properties(
            USER_POOL,
            {
                "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
                "MfaConfiguration": "OPTIONAL",
                "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
                "UserPoolTier": "PLUS",
                "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"},
                "Policies": {
                    "PasswordPolicy": Match.object_like(
                        {
                            "MinimumLength": 12,
                            "RequireLowercase": True,
                            "RequireUppercase": True,
                            "RequireNumbers": True,
                            "RequireSymbols": True,
                        }
                    )
                },
            },
        )


def test_the_pool_has_one_group_per_role_and_a_console_client_without_a_secret(dev):
    from aws_cdk.assertions import Match

    data = template(dev, "Data")
    data.resource_count_is("AWS::Cognito::UserPoolGroup", len(Role))
    for role in Role:
        data.has_resource_properties("AWS::Cognito::UserPoolGroup", {"GroupName": role.value})
    data.has_resource_properties(
        "AWS::Cognito::UserPoolClient",
        {
            "GenerateSecret": False,
            "ExplicitAuthFlows": Match.array_with(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
            "PreventUserExistenceErrors": "ENABLED",
            "EnableTokenRevocation": True,
        },
    )


def test_the_prod_pool_is_kept_and_deletion_protected_and_the_dev_pool_is_not(dev, prod):
    template(prod, "Data").has_resource(
        USER_POOL, {"DeletionPolicy": "Retain", "Properties": {"DeletionProtection": "ACTIVE"}}
    )
    (disposable,) = template(dev, "Data").find_resources(USER_POOL).values()
    assert disposable["DeletionPolicy"] == "Delete"
    assert disposable["Properties"].get("DeletionProtection", "INACTIVE") == "INACTIVE"


def test_every_staff_route_is_verified_by_the_stage_pool_at_the_gateway(dev):
    from aws_cdk.assertions import Match

    staff = [
        (method, path)
        for path, methods in function_app().routes.items()
        for method, entry in methods.items()
        if entry.authorizer is STAFF
    ]
    assert staff
    paths: dict[str, dict] = {}
    for method, path in staff:
        paths.setdefault(path, {})[method.lower()] = {"security": Match.exact([{STAFF_AUTHORIZER_NAME: []}])}
    authorizer = {
        "x-amazon-apigateway-authtype": "cognito_user_pools",
        "name": "Authorization",
        # the Data stack's pool, not the placeholder the app is written with (STAFF_POOL_ARN_PLACEHOLDER)
        "x-amazon-apigateway-authorizer": {"providerARNs": [{"Fn::ImportValue": Match.any_value()}]},
    }
    template(dev, "Functions").has_resource_properties(
        REST_API,
        {"DefinitionBody": {"securityDefinitions": {STAFF_AUTHORIZER_NAME: authorizer}, "paths": paths}},
    )


def test_the_api_stage_says_where_staff_sign_in(dev):
    from aws_cdk.assertions import Match

    imported = {"Fn::ImportValue": Match.any_value()}
    template(dev, "Functions").has_resource_properties(
        REST_API, {"Variables": {STAFF_USER_POOL_ID_VARIABLE: imported, STAFF_CLIENT_ID_VARIABLE: imported}}
    )
