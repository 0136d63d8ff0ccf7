"""The HTTP client every callctl command shares: the local stack or a deployed stage, signed in.

Commands take the two options below and call ``connect(local, api)``::

    @app.command()
    def show(number: str, local: LocalOption = False, api: ApiOption = None) -> None:
        body = connect(local, api).request("GET", f"/blacklist/{phone_path(number)}").json()

Staff routes take a staff member's Cognito ID token (API Gateway's Cognito authorizer), and what
the person may do is their group's row of the role matrix. callctl signs in as
``$CALLCTL_USER`` (password from ``$CALLCTL_PASSWORD`` or asked for), or sends
``$CALLCTL_TOKEN`` as it is; with ``--local`` (or an API on loopback) and neither, as the local stack's demo admin.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn
from urllib.parse import quote, urlencode, urlsplit

import requests
import typer

API_ENV = "CALLCTL_API"
USER_ENV = "CALLCTL_USER"
PASSWORD_ENV = "CALLCTL_PASSWORD"
TOKEN_ENV = "CALLCTL_TOKEN"
#: Who ``--local`` signs in as unless told otherwise: the demo admin may call every route.
LOCAL_DEFAULT_ROLE = "admin"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}

LocalOption = Annotated[
    bool,
    typer.Option("--local", help="Talk to the local stack (make local) on http://127.0.0.1:$PORT (8000)."),
]
ApiOption = Annotated[
    str | None,
    typer.Option(
        "--api",
        envvar=API_ENV,
        help=(
            "Base URL of a deployed stage's API: the EndpointURL output of its stack "
            "ContactCentre-<stage>-Functions (aws cloudformation describe-stacks --stack-name "
            "ContactCentre-dev-Functions --query \"Stacks[0].Outputs[?OutputKey=='EndpointURL']"
            f'.OutputValue" --output text). Signs in as ${USER_ENV} (or sends ${TOKEN_ENV}).'
        ),
    ),
]


def local_url() -> str:
    return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


class ApiError(Exception):
    """The API answered with an error: its status, code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message

    @classmethod
    def from_response(cls, response: requests.Response) -> ApiError:
        try:
            error = response.json()["error"]
            return cls(response.status_code, str(error["code"]), str(error["message"]))
        except (ValueError, KeyError, TypeError):
            return cls(response.status_code, "http_error", response.text[:300] or response.reason)


@dataclass(frozen=True)
class ApiClient:
    base_url: str
    token: str | None = None
    timeout_s: float = 120.0

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: Any = None,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> requests.Response:
        """Send one request; raises ApiError for any 4xx/5xx answer."""
        query = {key: value for key, value in (params or {}).items() if value not in (None, "")}
        url = self.base_url.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")
        headers: dict[str, str] = {}
        data = body
        if json_body is not None:
            data = json.dumps(json_body).encode()
            content_type = "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = self.token
        response = requests.request(method, url, data=data, headers=headers, timeout=self.timeout_s)
        if response.status_code >= 400:
            raise ApiError.from_response(response)
        return response


def connect(local: bool, api: str | None) -> ApiClient:
    """The signed-in client for ``--local`` or ``--api URL`` (or ``$CALLCTL_API``); exits with a
    hint when it cannot sign in."""
    if local and api:
        fail("use either --local or --api, not both")
    if not local and not api:
        fail(
            "say where the API is: --local for the local stack, or --api URL (or set "
            f"{API_ENV}): the EndpointURL output of the stage's stack ContactCentre-<stage>-Functions"
        )
    base_url = local_url() if local else str(api)
    on_loopback = local or urlsplit(base_url).hostname in _LOOPBACK
    return ApiClient(base_url, token=_token_for(base_url, on_loopback))


def _token_for(base_url: str, on_loopback: bool) -> str:
    token = os.environ.get(TOKEN_ENV)
    if token:
        return token
    user = os.environ.get(USER_ENV)
    if not user and on_loopback:
        from local.staff_directory import demo_person  # the repository's local stack

        person = demo_person(LOCAL_DEFAULT_ROLE)
        user, password = person.username, person.password
    elif not user:
        fail(f"sign in: set {USER_ENV} (and {PASSWORD_ENV}, or be asked), or {TOKEN_ENV} to an ID token")
    else:
        password = os.environ.get(PASSWORD_ENV) or typer.prompt(f"password for {user}", hide_input=True)
    try:
        return sign_in(base_url, user, password)[0]
    except ApiError as error:
        fail_with(error)


def sign_in(base_url: str, username: str, password: str) -> tuple[str, int]:
    """Sign in to the stage's staff directory (``GET /staff/directory`` says where): the person's
    ID token and its lifetime in seconds. ApiError 401 for a wrong name or password."""
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config
    from botocore.exceptions import ClientError

    answer = requests.get(base_url.rstrip("/") + "/staff/directory", timeout=30)
    if answer.status_code >= 400:
        raise ApiError.from_response(answer)
    directory = answer.json()
    if not directory.get("clientId"):
        raise ApiError(answer.status_code, "no_staff_directory", "this API has no staff directory configured")
    cognito = boto3.client(
        "cognito-idp",
        region_name=directory["region"],
        endpoint_url=directory["endpoint"],
        config=Config(signature_version=UNSIGNED),  # InitiateAuth takes no AWS credentials
    )
    try:
        result = cognito.initiate_auth(
            ClientId=directory["clientId"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
    except ClientError as error:
        raise ApiError(
            401, "sign_in_failed", error.response["Error"].get("Message", "sign-in refused")
        ) from None
    if "AuthenticationResult" not in result:
        raise ApiError(
            401,
            "sign_in_challenge",
            f"Cognito asks for {result.get('ChallengeName')}: finish signing in at the staff console first",
        )
    authenticated = result["AuthenticationResult"]
    return str(authenticated["IdToken"]), int(authenticated.get("ExpiresIn", 3600))


def phone_path(number: str) -> str:
    """A phone number as one URL path segment (``+`` encoded)."""
    return quote(number.strip(), safe="")


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def fail_with(error: ApiError) -> NoReturn:
    fail(f"{error.code}: {error.message}" if error.status else error.message)
