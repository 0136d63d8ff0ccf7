"""Serves ``functions/app.py`` over HTTP on loopback, the way API Gateway would call it."""

from __future__ import annotations

import threading
from types import ModuleType

from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LocalChalice,
    LocalDevServer,
    ThreadedHTTPServer,
)


def load_function_app() -> ModuleType:
    """Import ``functions/app.py`` (after the environment points at the local stack)."""
    from local.connect_simulator.function_app import load_function_module  # not ``import app``: CDK's too

    return load_function_module()


class _QuietHandler(ChaliceRequestHandler):
    """No per-request access log on stderr: the demo prints what matters."""

    def log_message(self, format: str, *args: object) -> None:
        return


class _Server(ThreadedHTTPServer):
    """A listen backlog for bursts of clients (http.server's default of 5 resets connections
    when, say, 50 customers book at once)."""

    request_queue_size = 128


class ApiServer:
    """The Chalice app on http://127.0.0.1:<port>, in a background thread."""

    def __init__(self, port: int, stage: str = "local") -> None:
        function_app = load_function_app()
        config = Config.create(chalice_stage=stage, app_name=function_app.app.app_name)
        app_object = function_app.app
        if not isinstance(app_object, LocalChalice):
            # What chalice.local.create_local_server does: a thread-local current_request.
            CustomLocalChalice.__bases__ = (LocalChalice, app_object.__class__)
            app_object.__class__ = CustomLocalChalice
        self.server = LocalDevServer(
            app_object, config, "127.0.0.1", port, handler_cls=_QuietHandler, server_cls=_Server
        )
        self.port = port
        self._thread = threading.Thread(target=self.server.server.serve_forever, daemon=True)

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
