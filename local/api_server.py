"""Serves ``functions/app.py`` over HTTP on loopback, the way API Gateway would call it.

What API Gateway answers without calling the function (an unknown path, a method the path does
not have, a staff route without a valid staff token) is answered here as the deployed gateway
answers it: the gateway responses CDK installs from ``chalicelib.api.gateway_responses``, in the
API's error shape. A staff route's token is verified as the Cognito authorizer verifies it
(``local.staff_tokens``), and its claims reach the function where API Gateway puts them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from chalice.app import CognitoUserPoolAuthorizer
from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LocalChalice,
    LocalDevServer,
    LocalGatewayAuthorizer,
    RouteMatcher,
    ThreadedHTTPServer,
)

from chalicelib.api.gateway_responses import GatewayAnswer
from local.prompt_shutdown import serve_until_shutdown
from local.staff_directory import stage_variables
from local.staff_tokens import InvalidToken, StaffTokenVerifier, gateway_claims

if TYPE_CHECKING:
    from local.console_site import ConsoleSite


def load_function_app() -> ModuleType:
    """Import ``functions/app.py`` (after the environment points at the local stack)."""
    from local.connect_simulator.function_app import load_function_module  # not ``import app``: CDK's too

    return load_function_module()


class _GatewayHandler(ChaliceRequestHandler):
    """API Gateway's own answers before the function is called; no per-request access log on
    stderr (the demo prints what matters)."""

    def __init__(
        self, request: Any, client_address: Any, server: Any, app_object: Any, config: Config
    ) -> None:
        self._routes = app_object.routes
        super().__init__(request, client_address, server, app_object, config)

    def log_message(self, format: str, *args: object) -> None:
        return

    def _generic_handle(self) -> None:
        site = getattr(self.server, "console_site", None)
        if site is not None and site.handles(self.path):
            _, body = self._parse_payload()
            page = site.answer(self.command, self.path, self.headers, body or b"")
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a long poll the page left
                self._send_http_response(page.status, dict(page.headers), page.body)
            return
        answer = gateway_answer(self._routes, self.command, self.path)
        if answer is None:
            authorized = authorize(
                self._routes, self.command, self.path, self.headers, self.server.staff_tokens
            )
            if not isinstance(authorized, GatewayAnswer):
                self.local_gateway._authorizer = _GatewayContext(self.local_gateway._app_object, authorized)
                super()._generic_handle()
                return
            answer = authorized
        self._parse_payload()  # read the body so the connection stays usable
        assert answer.status is not None
        self._send_http_response(answer.status, {"Content-Type": "application/json"}, answer.body())

    # The base class binds each verb to its own _generic_handle: bind them to this one.
    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle


def gateway_answer(routes: Mapping[str, Mapping[str, Any]], method: str, path: str) -> GatewayAnswer | None:
    """What API Gateway answers itself for this request (None: it calls the function).

    A path no route matches, or a method its route does not have, is the gateway's
    MISSING_AUTHENTICATION_TOKEN response; OPTIONS is answered by Chalice's CORS handling.
    """
    from chalicelib.api.gateway_responses import GATEWAY_RESPONSES

    try:
        matched = RouteMatcher(list(routes)).match_route(path)
    except ValueError:
        return GATEWAY_RESPONSES["MISSING_AUTHENTICATION_TOKEN"]
    if method == "OPTIONS" or method in routes[matched.route]:
        return None
    return GATEWAY_RESPONSES["MISSING_AUTHENTICATION_TOKEN"]


def authorize(
    routes: Mapping[str, Mapping[str, Any]],
    method: str,
    path: str,
    headers: Mapping[str, str],
    verifier: StaffTokenVerifier,
) -> GatewayAnswer | dict[str, str] | None:
    """What the route's authorizer decides: None (no authorizer), the claims to hand over, or
    the gateway's UNAUTHORIZED answer (no token, or one the Cognito authorizer would refuse)."""
    from chalicelib.api.gateway_responses import GATEWAY_RESPONSES

    if method == "OPTIONS":
        return None
    matched = RouteMatcher(list(routes)).match_route(path)
    authorizer = routes[matched.route][method].authorizer
    if not isinstance(authorizer, CognitoUserPoolAuthorizer):
        return None
    token = headers.get("Authorization") or ""
    try:
        return gateway_claims(verifier.verify(token))
    except InvalidToken:
        return GATEWAY_RESPONSES["UNAUTHORIZED"]


class _GatewayContext(LocalGatewayAuthorizer):
    """Puts the verified claims where API Gateway's Cognito authorizer does (chalice local would
    decode the token again, unverified, and keep the claims' JSON types), and the stage's
    variables where the deployed stage does."""

    def __init__(self, app_object: Any, claims: dict[str, str] | None) -> None:
        super().__init__(app_object)
        self._claims = claims

    def authorize(self, raw_path: str, lambda_event: Any, lambda_context: Any) -> Any:
        if self._claims is not None:
            lambda_event["requestContext"]["authorizer"] = {"claims": dict(self._claims)}
        lambda_event["stageVariables"] = stage_variables()
        return lambda_event, lambda_context


class _Server(ThreadedHTTPServer):
    """A listen backlog for bursts of clients (http.server's default of 5 resets connections
    when, say, 50 customers book at once)."""

    request_queue_size = 128
    staff_tokens: StaffTokenVerifier


class ApiServer:
    """The Chalice app on http://127.0.0.1:<port>, in a background thread."""

    def __init__(self, port: int, stage: str = "local", console_site: ConsoleSite | None = None) -> None:
        function_app = load_function_app()
        config = Config.create(chalice_stage=stage, app_name=function_app.app.app_name)
        app_object = function_app.app
        if not isinstance(app_object, LocalChalice):
            # What chalice.local.create_local_server does: a thread-local current_request.
            CustomLocalChalice.__bases__ = (LocalChalice, app_object.__class__)
            app_object.__class__ = CustomLocalChalice
        self.server = LocalDevServer(
            app_object, config, "127.0.0.1", port, handler_cls=_GatewayHandler, server_cls=_Server
        )
        self.server.server.staff_tokens = StaffTokenVerifier()
        # The staff console and the local softphone share the API's origin (``local.console_site``).
        self.server.server.console_site = console_site
        self.port = port
        self._thread = threading.Thread(target=serve_until_shutdown, args=(self.server.server,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server.server_close()
        self._thread.join(timeout=5)
