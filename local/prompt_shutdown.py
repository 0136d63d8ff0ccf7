"""Loopback servers that stop as soon as they are asked to.

``socketserver``'s ``serve_forever`` notices ``shutdown()`` only at its next poll, every 0.5 s by
default, and werkzeug's server (moto's) does the same: every stop of a local stack (moto, the API,
the Connect simulator's API) waited that out, about 40 s of idle workers over the test suite. A
short poll costs nothing measurable (a select() that times out) and stops a server in milliseconds.
"""

from __future__ import annotations

from typing import Any, Protocol

#: How often a serving loop looks for a shutdown request, in seconds.
POLL_INTERVAL_S = 0.02


class _Serving(Protocol):
    def serve_forever(self, poll_interval: float = ...) -> None: ...


def serve_until_shutdown(server: _Serving) -> None:
    """``server.serve_forever()``, looking for ``shutdown()`` every ``POLL_INTERVAL_S``."""
    server.serve_forever(poll_interval=POLL_INTERVAL_S)


def stop_moto_promptly() -> None:
    """Idempotent: moto's ``ThreadedMotoServer`` serves with the short poll too.

    It calls werkzeug's ``serve_forever()`` with no argument; the server class it makes
    (``ThreadedWSGIServer``) gets the short poll as its default instead.
    """
    from werkzeug.serving import BaseWSGIServer

    original: Any = BaseWSGIServer.serve_forever
    if getattr(original, "_polls_promptly", False):
        return

    def serve_forever(self: BaseWSGIServer, poll_interval: float = POLL_INTERVAL_S) -> None:
        original(self, poll_interval)

    serve_forever._polls_promptly = True  # type: ignore[attr-defined]
    BaseWSGIServer.serve_forever = serve_forever  # type: ignore[method-assign]
