"""The staff directory's settings, in plain Python: the CDK user pool (``infra.staff_directory``)
and the local stack's pool in moto (``local.staff_directory``) are both built from them.

No CDK import here: the local stack reads this module without starting jsii.
"""

from __future__ import annotations

from chalicelib.api.access import Role

#: Cognito groups, one per role of the matrix in ``chalicelib.api.access``, with a description.
GROUPS: dict[str, str] = {
    Role.AGENT.value: "Works tickets, customers and callbacks; reads their own quality reviews",
    Role.SUPERVISOR.value: "Everything agents do, plus quality review, metrics, screening lists, reassigning",
    Role.MARKETER.value: "Campaigns, their audiences and metrics; no tickets or customers",
    Role.ADMIN.value: "Everything, including erasing a customer and taking a number off a list",
}

PASSWORD_MIN_LENGTH = 12
TEMPORARY_PASSWORD_DAYS = 3
#: Custom attributes every staff member may carry (``custom:<name>`` in tokens).
CUSTOM_ATTRIBUTES: dict[str, int] = {"team": 64}  # name -> maximum length
#: Tokens the console holds: an hour; the refresh token keeps a shift signed in.
ID_TOKEN_HOURS = 1
REFRESH_TOKEN_HOURS = 12
CONSOLE_CLIENT_NAME = "staff-console"


def password_policy() -> dict[str, object]:
    """The policy in Cognito's API shape (``Policies.PasswordPolicy``)."""
    return {
        "MinimumLength": PASSWORD_MIN_LENGTH,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": TEMPORARY_PASSWORD_DAYS,
    }
