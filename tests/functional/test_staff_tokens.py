"""Staff tokens as the gateway checks them: moto's Cognito issues them, the local API verifies them
(signature, expiry, issuer, audience, token use) before the function runs, and the function
refuses roles outside the matrix and writes the signed-in person into histories."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import boto3
import pytest
import requests

from local.staff_directory import demo_person, provision_staff_directory
from local.staff_tokens import InvalidToken, StaffTokenVerifier

if TYPE_CHECKING:
    from collections.abc import Iterator

    from local.api_server import ApiServer


@pytest.fixture
def directory(aws: None) -> dict[str, str]:
    """The local stack's staff directory, in in-process moto."""
    return provision_staff_directory("test-")


def sign_in(client_id: str, role: str) -> dict[str, Any]:
    person = demo_person(role)
    answer = boto3.client("cognito-idp").initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": person.username, "PASSWORD": person.password},
    )
    return dict(answer["AuthenticationResult"])


def id_token(directory: dict[str, str], role: str) -> str:
    return str(sign_in(directory["STAFF_USER_POOL_CLIENT_ID"], role)["IdToken"])


def with_claims(token: str, **changes: Any) -> str:
    """The token with its payload changed and its signature kept (so no longer matching)."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_a_fresh_id_token_of_the_pool_is_accepted_with_its_groups(directory: dict[str, str]) -> None:
    claims = StaffTokenVerifier().verify(id_token(directory, "supervisor"))
    assert claims["cognito:username"] == "supervisor1"
    assert claims["cognito:groups"] == ["supervisor"]


def test_an_expired_token_is_refused(directory: dict[str, str]) -> None:
    token = id_token(directory, "agent")
    verifier = StaffTokenVerifier()
    expires = verifier.verify(token)["exp"]
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token, now=expires + 1)


def test_a_token_for_another_app_client_is_refused(directory: dict[str, str]) -> None:
    other_client = boto3.client("cognito-idp").create_user_pool_client(
        UserPoolId=directory["STAFF_USER_POOL_ID"], ClientName="someone-elses-app"
    )["UserPoolClient"]["ClientId"]
    token = sign_in(other_client, "agent")["IdToken"]
    with pytest.raises(InvalidToken, match="another app client"):
        StaffTokenVerifier().verify(token)


def test_a_token_of_another_pool_is_refused(
    directory: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = dict(directory)
    other = provision_staff_directory("other-")  # exports the other pool's ids; put ours back
    for name, value in theirs.items():
        monkeypatch.setenv(name, value)
    token = sign_in(other["STAFF_USER_POOL_CLIENT_ID"], "agent")["IdToken"]
    with pytest.raises(InvalidToken):
        StaffTokenVerifier().verify(token)


def test_a_token_whose_claims_were_changed_is_refused(directory: dict[str, str]) -> None:
    forged = with_claims(id_token(directory, "agent"), **{"cognito:groups": ["admin"]})
    with pytest.raises(InvalidToken, match="not a token this pool signed"):
        StaffTokenVerifier().verify(forged)


def test_an_access_token_is_not_an_id_token(directory: dict[str, str]) -> None:
    access_token = sign_in(directory["STAFF_USER_POOL_CLIENT_ID"], "agent")["AccessToken"]
    with pytest.raises(InvalidToken):
        StaffTokenVerifier().verify(access_token)


# --- over HTTP, through the local API server ---------------------------------------------------


@pytest.fixture
def api(directory: dict[str, str]) -> Iterator[ApiServer]:
    from local.api_server import ApiServer
    from local.aws import free_port

    server = ApiServer(free_port()).start()
    try:
        yield server
    finally:
        server.stop()


def _as(token: str | None) -> dict[str, str]:
    return {"Authorization": token} if token else {}


def test_the_gateway_answers_401_without_a_valid_token(api: ApiServer, directory: dict[str, str]) -> None:
    token = id_token(directory, "admin")
    for headers in (
        {},
        _as("not-a-token"),
        _as(with_claims(token, exp=1)),
        _as(with_claims(token, aud="someone-elses-app")),
        _as(with_claims(token, **{"cognito:groups": ["admin", "marketer"]})),
    ):
        answer = requests.get(f"{api.url}/tickets/T-1", headers=headers, timeout=10)
        assert answer.status_code == 401, headers
        assert answer.json()["error"]["code"] == "unauthenticated"
    assert requests.get(f"{api.url}/tickets/T-1", headers=_as(token), timeout=10).status_code == 404


def test_an_agent_is_refused_the_marketers_and_supervisors_routes(
    api: ApiServer, directory: dict[str, str]
) -> None:
    headers = _as(id_token(directory, "agent"))
    refused = [
        ("POST", "/campaigns", {"name": "x"}),
        ("POST", "/campaigns/c-1/launch", {}),
        ("GET", "/metrics", None),
        ("PUT", "/quality/reviews/contact-1", {"score": 5}),
        ("DELETE", "/customers/%2B12125550142", None),
        ("DELETE", "/blacklist/%2B12125550142", None),
    ]
    for method, path, body in refused:
        answer = requests.request(method, api.url + path, json=body, headers=headers, timeout=10)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.json()["error"]["code"] == "forbidden"


def test_the_history_records_the_signed_in_person(api: ApiServer, directory: dict[str, str]) -> None:
    headers = _as(id_token(directory, "agent"))
    created = requests.post(
        f"{api.url}/tickets",
        json={"phone": "+12125550142", "category": "fault", "subject": "No dial tone"},
        headers=headers,
        timeout=10,
    )
    assert created.status_code == 201, created.text
    path = f"{api.url}/tickets/{created.json()['id']}"
    requests.post(f"{path}/notes", json={"text": "checked the line"}, headers=headers, timeout=10)
    history = requests.get(path, headers=headers, timeout=10).json()["history"]
    assert {entry["actor"] for entry in history if entry["action"] in ("created", "note")} == {"agent1"}


def test_callctl_signs_in_where_the_api_says(api: ApiServer) -> None:
    from callctl._client import ApiError, sign_in

    person = demo_person("marketer")
    token, lifetime = sign_in(api.url, person.username, person.password)
    assert StaffTokenVerifier().verify(token)["cognito:groups"] == ["marketer"] and lifetime > 0
    with pytest.raises(ApiError) as refused:
        sign_in(api.url, person.username, "Wrong-password-1!")
    assert refused.value.status == 401


def test_the_directory_says_where_to_sign_in(api: ApiServer, directory: dict[str, str]) -> None:
    answer = requests.get(f"{api.url}/staff/directory", timeout=10)
    assert answer.status_code == 200
    assert answer.json()["userPoolId"] == directory["STAFF_USER_POOL_ID"]
    assert answer.json()["clientId"] == directory["STAFF_USER_POOL_CLIENT_ID"]


def test_the_people_of_the_staff_file_sign_in_under_their_username(directory: dict[str, str]) -> None:
    from local.staff_directory import staff_file_people

    people = {person.username: person for person in staff_file_people()}
    supervisor = people["wang.fang"]
    answer = boto3.client("cognito-idp").initiate_auth(
        ClientId=directory["STAFF_USER_POOL_CLIENT_ID"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": supervisor.username, "PASSWORD": supervisor.password},
    )
    claims = StaffTokenVerifier().verify(answer["AuthenticationResult"]["IdToken"])
    assert claims["cognito:groups"] == ["supervisor"] and claims["custom:team"] == "faults"
    assert people["li.na"].role == "agent"
