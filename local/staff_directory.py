"""The staff directory on the local stack: a user pool in moto built like the stage's
(``infra.staff_policy``), with a demo person per role and everyone ``staff/dev.yaml`` declares
(under the same username, as the README of ``staff/`` asks), and signing in as one of them.

The demo passwords are printed by ``make demo``: they open a pool on loopback and nothing else.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import boto3
import requests

from chalicelib.api.identity import STAFF_CLIENT_ID_VARIABLE, STAFF_USER_POOL_ID_VARIABLE
from infra import staff_policy

#: The local stack's pool and console client, for the local gateway (``local.staff_tokens``).
STAFF_USER_POOL_ID_ENV = "STAFF_USER_POOL_ID"
STAFF_CLIENT_ID_ENV = "STAFF_USER_POOL_CLIENT_ID"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    name: str
    role: str
    team: str = ""

    @property
    def password(self) -> str:
        """Fits the pool's policy; the same on every machine, so the demo can print it."""
        return f"Demo-{self.username}-2026!"


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("agent1", "Agent One", "agent", team="fault"),
    DemoStaff("agent2", "Agent Two", "agent", team="order"),
    DemoStaff("supervisor1", "Supervisor One", "supervisor", team="fault"),
    DemoStaff("marketer1", "Marketer One", "marketer"),
    DemoStaff("admin1", "Admin One", "admin"),
)


def stage_variables() -> dict[str, str]:
    """The API stage's variables CDK sets in AWS (where staff sign in), from the local pool."""
    return {
        STAFF_USER_POOL_ID_VARIABLE: os.environ.get(STAFF_USER_POOL_ID_ENV, ""),
        STAFF_CLIENT_ID_VARIABLE: os.environ.get(STAFF_CLIENT_ID_ENV, ""),
    }


def staff_file_people(stage: str = "dev") -> tuple[DemoStaff, ...]:
    """The agents of ``staff/<stage>.yaml`` as staff who sign in: those with the ``supervisor``
    security profile in the supervisor group, the others agents; their name and team as declared."""
    from infra.staff import load_staff

    return tuple(
        DemoStaff(
            agent.username,
            agent.display_name,
            "supervisor" if "supervisor" in agent.security_profiles else "agent",
            team=agent.team,
        )
        for agent in load_staff(stage).agents.values()
    )


def everyone() -> tuple[DemoStaff, ...]:
    """Who the local pool holds: the demo staff, then the staff file's people."""
    known = {person.username for person in DEMO_STAFF}
    return DEMO_STAFF + tuple(person for person in staff_file_people() if person.username not in known)


def demo_person(role: str) -> DemoStaff:
    """The first demo person in ``role``."""
    return next(person for person in DEMO_STAFF if person.role == role)


def provision_staff_directory(prefix: str) -> dict[str, str]:
    """Create the pool, its groups, the console's app client and the demo staff in (moto's)
    Cognito; export the pool and client ids for the local gateway (``stage_variables``)."""
    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(
        PoolName=f"{prefix}staff",
        Policies={"PasswordPolicy": staff_policy.password_policy()},
        MfaConfiguration="OPTIONAL",
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        Schema=[
            {
                "Name": name,
                "AttributeDataType": "String",
                "Mutable": True,
                "StringAttributeConstraints": {"MaxLength": str(length)},
            }
            for name, length in staff_policy.CUSTOM_ATTRIBUTES.items()
        ],
    )["UserPool"]["Id"]
    for group, description in staff_policy.GROUPS.items():
        cognito.create_group(UserPoolId=pool_id, GroupName=group, Description=description)
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=staff_policy.CONSOLE_CLIENT_NAME,
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
    )["UserPoolClient"]["ClientId"]
    for person in everyone():
        add_person(cognito, pool_id, person)
    exported = {STAFF_USER_POOL_ID_ENV: pool_id, STAFF_CLIENT_ID_ENV: client_id}
    os.environ.update(exported)
    return exported


def add_person(cognito: Any, pool_id: str, person: DemoStaff) -> None:
    attributes = [{"Name": "name", "Value": person.name}]
    if person.team:
        attributes.append({"Name": "custom:team", "Value": person.team})
    cognito.admin_create_user(
        UserPoolId=pool_id, Username=person.username, UserAttributes=attributes, MessageAction="SUPPRESS"
    )
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username=person.username, Password=person.password, Permanent=True
    )
    cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=person.username, GroupName=person.role)


_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}


def demo_token(api_url: str, role: str) -> str:
    """An ID token of the demo person in ``role``, signed in through the stack at ``api_url``
    (kept until five minutes before it expires)."""
    from callctl._client import sign_in

    person = demo_person(role)
    key = (api_url, os.environ.get(STAFF_USER_POOL_ID_ENV, ""), person.username)
    cached = _tokens.get(key)
    if cached and cached[1] > time.time():
        return cached[0]
    token, expires_in = sign_in(api_url, person.username, person.password)
    _tokens[key] = (token, time.time() + expires_in - 300)
    return token


def demo_headers(api_url: str, role: str) -> dict[str, str]:
    return {"Authorization": demo_token(api_url, role)}


def staff_session(api_url: str, role: str) -> requests.Session:
    """A requests session signed in as the demo person in ``role`` (their token on every request)."""
    session = requests.Session()
    session.headers.update(demo_headers(api_url, role))
    return session
