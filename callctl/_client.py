"""The HTTP client every callctl command shares: the local stack, or a deployed stage signed with SigV4.

Commands take the two options below and call ``connect(local, api)``::

    @app.command()
    def show(number: str, local: LocalOption = False, api: ApiOption = None) -> None:
        body = connect(local, api).request("GET", f"/blacklist/{phone_path(number)}").json()

A deployed stage's staff API uses IAM authorisation, so requests to anything but loopback are
signed (service ``execute-api``) with the caller's usual AWS credentials.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn
from urllib.parse import quote, urlencode, urlsplit

import requests
import typer

API_ENV = "CALLCTL_API"
_REGION_IN_URL = re.compile(r"\.execute-api\.([a-z0-9-]+)\.amazonaws\.com")
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
        help="Base URL of a deployed stage's API; requests are signed with your AWS credentials.",
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
    sign: bool = False
    region: str | None = None
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
        if self.sign:
            headers = self._signed_headers(method, url, data, headers)
        response = requests.request(method, url, data=data, headers=headers, timeout=self.timeout_s)
        if response.status_code >= 400:
            raise ApiError.from_response(response)
        return response

    def _signed_headers(
        self, method: str, url: str, data: bytes | None, headers: dict[str, str]
    ) -> dict[str, str]:
        import botocore.session
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        session = botocore.session.Session()
        credentials = session.get_credentials()
        if credentials is None:
            raise ApiError(
                0, "no_credentials", "no AWS credentials found to sign the request (aws configure)"
            )
        region = self.region or session.get_config_variable("region") or "us-east-1"
        signed = AWSRequest(method=method, url=url, data=data or b"", headers=headers)
        SigV4Auth(credentials.get_frozen_credentials(), "execute-api", region).add_auth(signed)
        return dict(signed.headers.items())


def connect(local: bool, api: str | None) -> ApiClient:
    """The client for ``--local`` or ``--api URL`` (or ``$CALLCTL_API``); exits with a hint otherwise."""
    if local and api:
        fail("use either --local or --api, not both")
    if local:
        return ApiClient(local_url())
    if not api:
        fail(f"say where the API is: --local for the local stack, or --api URL (or set {API_ENV})")
    host = urlsplit(api).hostname or ""
    found = _REGION_IN_URL.search(api)
    region = found.group(1) if found else os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    return ApiClient(api, sign=host not in _LOOPBACK, region=region)


def phone_path(number: str) -> str:
    """A phone number as one URL path segment (``+`` encoded)."""
    return quote(number.strip(), safe="")


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def fail_with(error: ApiError) -> NoReturn:
    fail(f"{error.code}: {error.message}" if error.status else error.message)
