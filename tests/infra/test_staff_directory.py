"""The synthesized staff directory: a user pool per stage with the role groups and a console client,
and every staff route of the API bound to it through API Gateway's Cognito authorizer."""

from __future__ import annotations

from aws_cdk.assertions import Match

from chalicelib.api.access import Role
from chalicelib.api.identity import (
    STAFF,
    STAFF_AUTHORIZER_NAME,
    STAFF_CLIENT_ID_VARIABLE,
    STAFF_POOL_ARN_PLACEHOLDER,
    STAFF_USER_POOL_ID_VARIABLE,
)
from tests.functional.tickets_support import function_app
from tests.infra.conftest import resources_of_type


def _rest_api(raw: dict) -> dict:
    (api,) = resources_of_type(raw, "AWS::Serverless::Api").values()
    return dict(api["Properties"]["DefinitionBody"])


def test_each_stage_has_a_pool_staff_cannot_sign_up_to_with_a_strong_password_policy(dev, prod):
    for stage in (dev, prod):
        template = stage.template("Data")
        template.resource_count_is("AWS::Cognito::UserPool", 1)
        template.has_resource_properties(
            "AWS::Cognito::UserPool",
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
    template = dev.template("Data")
    groups = resources_of_type(dev.raw("Data"), "AWS::Cognito::UserPoolGroup").values()
    assert sorted(group["Properties"]["GroupName"] for group in groups) == sorted(role.value for role in Role)
    template.has_resource_properties(
        "AWS::Cognito::UserPoolClient",
        {
            "GenerateSecret": False,
            "ExplicitAuthFlows": Match.array_with(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
            "PreventUserExistenceErrors": "ENABLED",
            "EnableTokenRevocation": True,
        },
    )


def test_the_prod_pool_is_kept_and_deletion_protected_and_the_dev_pool_is_not(dev, prod):
    (kept,) = resources_of_type(prod.raw("Data"), "AWS::Cognito::UserPool").values()
    assert kept["DeletionPolicy"] == "Retain" and kept["Properties"]["DeletionProtection"] == "ACTIVE"
    (disposable,) = resources_of_type(dev.raw("Data"), "AWS::Cognito::UserPool").values()
    assert disposable["DeletionPolicy"] == "Delete"
    assert disposable["Properties"].get("DeletionProtection", "INACTIVE") == "INACTIVE"


def test_every_staff_route_is_verified_by_the_stage_pool_at_the_gateway(dev):
    definition = _rest_api(dev.raw("Functions"))
    authorizer = definition["securityDefinitions"][STAFF_AUTHORIZER_NAME]
    assert authorizer["x-amazon-apigateway-authtype"] == "cognito_user_pools"
    assert authorizer["name"] == "Authorization"
    (provider,) = authorizer["x-amazon-apigateway-authorizer"]["providerARNs"]
    assert provider != STAFF_POOL_ARN_PLACEHOLDER
    assert "Fn::ImportValue" in provider  # the Data stack's pool
    staff = [
        (method, path)
        for path, methods in function_app().routes.items()
        for method, entry in methods.items()
        if entry.authorizer is STAFF
    ]
    assert staff
    for method, path in staff:
        operation = definition["paths"][path][method.lower()]
        assert operation["security"] == [{STAFF_AUTHORIZER_NAME: []}], (method, path)


def test_the_api_stage_says_where_staff_sign_in(dev):
    (api,) = resources_of_type(dev.raw("Functions"), "AWS::Serverless::Api").values()
    variables = api["Properties"]["Variables"]
    assert "Fn::ImportValue" in variables[STAFF_USER_POOL_ID_VARIABLE]
    assert "Fn::ImportValue" in variables[STAFF_CLIENT_ID_VARIABLE]
