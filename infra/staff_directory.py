"""The staff directory: a Cognito user pool per stage, its role groups and the console's app client.

Staff routes accept the pool's ID tokens through API Gateway's Cognito user pool authorizer
(``FunctionsStack`` writes the pool's ARN into the API definition); what each group may call is
``chalicelib.api.access``. The same settings build the local stack's pool in moto
(``infra.staff_policy``).

- Staff are created by an admin (no self sign-up), sign in with their user name (case-insensitive),
  recover their account by verified email, and may enrol an authenticator app (MFA optional).
- Threat protection (the Plus feature plan) blocks sign-ins that look compromised and refuses
  leaked passwords.
- The console's client has no secret (it is a single-page app) and signs in with SRP; plain
  USER_PASSWORD_AUTH (over TLS) is allowed too, for callctl. Refresh tokens can be revoked.
- In prod the pool is retained and deletion-protected, like the tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra import staff_policy
from infra.nag import acknowledge

if TYPE_CHECKING:
    from infra.settings import StageSettings


class StaffDirectory(Construct):
    """``user_pool`` and ``console_client`` for the functions stack to bind the API to."""

    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings) -> None:
        super().__init__(scope, construct_id)
        retain = settings.retain_data
        self.user_pool = cognito.UserPool(
            self,
            "pool",
            user_pool_name=f"{settings.resource_prefix()}-staff",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True),
            sign_in_case_sensitive=False,
            standard_attributes=cognito.StandardAttributes(
                fullname=cognito.StandardAttribute(required=False, mutable=True),
                email=cognito.StandardAttribute(required=False, mutable=True),
            ),
            custom_attributes={
                name: cognito.StringAttribute(max_len=length, mutable=True)
                for name, length in staff_policy.CUSTOM_ATTRIBUTES.items()
            },
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            password_policy=cognito.PasswordPolicy(
                min_length=staff_policy.PASSWORD_MIN_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(staff_policy.TEMPORARY_PASSWORD_DAYS),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=retain,
            removal_policy=RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY,
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is optional: every staff member may enrol an authenticator app, and threat "
            "protection challenges risky sign-ins; requiring it is a per-company policy decision.",
        )
        self.groups = {
            name: cognito.CfnUserPoolGroup(
                self,
                f"group-{name}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=name,
                description=description,
            )
            for name, description in staff_policy.GROUPS.items()
        }
        self.console_client = self.user_pool.add_client(
            "console",
            user_pool_client_name=staff_policy.CONSOLE_CLIENT_NAME,
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_srp=True, user_password=True),
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            id_token_validity=Duration.hours(staff_policy.ID_TOKEN_HOURS),
            access_token_validity=Duration.hours(staff_policy.ID_TOKEN_HOURS),
            refresh_token_validity=Duration.hours(staff_policy.REFRESH_TOKEN_HOURS),
        )
