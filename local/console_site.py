"""The staff console on the local stack's port: what S3 + CloudFront serve in AWS, and the CCP.

- ``/console/`` and its files: the bundle ``make setup`` builds into ``web/dist/console``;
- ``/console/config.json``: the console's runtime config, pointing it at this stack (the
  simulator's softphone, moto's Cognito through ``/local-cognito/``);
- ``/help-centre/`` and its files: the customers' help centre (``web/dist/help``), whose
  ``config.json`` points it at this stack's API;
- ``/local-cognito/``: moto's Cognito API on the same origin (the browser needs no CORS);
- ``/local-softphone/...``: the simulator's agent desk (``connect_simulator.agent_desk``), the
  stand-in for the CCP that Amazon Connect hosts when deployed.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import subprocess
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlparse

import requests

from local.paths import REPO_ROOT

if TYPE_CHECKING:
    from pathlib import Path

    from local.connect_simulator.agent_desk import AgentDesk

CONSOLE_DIR = REPO_ROOT / "web" / "dist" / "console"
HELP_DIR = REPO_ROOT / "web" / "dist" / "help"

_build_lock = threading.Lock()


def _bundle_stale(console_dir: Path) -> bool:
    indexes = [console_dir / "index.html", HELP_DIR / "index.html"]
    if not all(index.is_file() for index in indexes):
        return True
    built = min(index.stat().st_mtime for index in indexes)
    web = REPO_ROOT / "web"
    sources = [web / "build.mjs", *(web / "src").rglob("*"), *(web / "static").rglob("*")]
    sources += [*(web / "static-help").rglob("*")]
    return any(source.is_file() and source.stat().st_mtime > built for source in sources)


def ensure_console_bundle(console_dir: Path = CONSOLE_DIR) -> None:
    """Build the bundle (what ``make setup`` does) when it is missing or older than ``web/``:
    the browser tests, the benchmark and the infra tests must not use a stale console."""
    with _build_lock:
        if _bundle_stale(console_dir):
            subprocess.run(["node", "web/build.mjs"], cwd=REPO_ROOT, check=True, timeout=120)


_AGENT_CONTACTS = re.compile(r"^/local-softphone/agents/([^/]+)/contacts$")
_AGENT_ACTION = re.compile(r"^/local-softphone/agents/([^/]+)/contacts/([^/]+)/([a-z-]+)$")


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, data: Any) -> Answer:
        return cls(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


def _error(status: int, code: str, message: str) -> Answer:
    return Answer.json(status, {"error": {"code": code, "message": message}})


#: The paths the site answers; everything else is the API's.
PREFIXES = ("/console", "/local-cognito/", "/local-softphone/", "/help-centre")


class ConsoleSite:
    """Answers the console's paths (``PREFIXES``) on the API's port."""

    def __init__(self, aws_endpoint: str, console_dir: Path = CONSOLE_DIR, help_dir: Path = HELP_DIR) -> None:
        self.aws_endpoint = aws_endpoint
        self.console_dir = console_dir
        self.help_dir = help_dir
        self.desk: AgentDesk | None = None  # set once the Connect simulator runs

    def config(self) -> dict[str, Any]:
        from local.staff_directory import STAFF_CLIENT_ID_ENV

        return {
            "apiUrl": "",
            "softphone": "simulator",
            "simulatorUrl": "/local-softphone",
            "region": os.environ.get("AWS_REGION", "us-east-1"),
            "cognito": {
                "endpoint": "/local-cognito/",
                "userPoolClientId": os.environ.get(STAFF_CLIENT_ID_ENV, ""),
            },
        }

    @staticmethod
    def handles(raw_path: str) -> bool:
        path = urlparse(raw_path).path
        return path in ("/console", "/help-centre") or path.startswith(("/console/", *PREFIXES[1:]))

    def answer(self, method: str, raw_path: str, headers: Any, body: bytes) -> Answer:
        url = urlparse(raw_path)
        path = url.path
        if path == "/console":
            return Answer(301, b"", {"Location": "/console/"})
        if path.startswith("/console/") and method in ("GET", "HEAD"):
            return self._static(path.removeprefix("/console/"))
        if path == "/help-centre":
            return Answer(301, b"", {"Location": "/help-centre/"})
        if path.startswith("/help-centre/") and method in ("GET", "HEAD"):
            name = path.removeprefix("/help-centre/")
            if name == "config.json":  # the help centre calls the API on this origin
                return Answer.json(200, {"apiUrl": ""})
            return self._static(name, self.help_dir)
        if path == "/local-cognito/" and method == "POST":
            return self._cognito(headers, body)
        if path.startswith("/local-softphone/"):
            return self._softphone(method, path, parse_qs(url.query), body)
        return _error(405, "method_not_allowed", f"{method} {path} is not served")

    def _static(self, name: str, site: Path | None = None) -> Answer:
        root = site or self.console_dir
        if name in ("", "index.html"):
            name = "index.html"
        if name == "config.json" and site is None:
            return Answer.json(200, self.config())
        file = (root / unquote(name)).resolve()
        if not file.is_relative_to(root.resolve()) or not file.is_file():
            if not (root / "index.html").is_file():
                return _error(404, "not_built", "the console is not built: run make setup")
            return _error(404, "not_found", f"no file {name}")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return Answer(200, file.read_bytes(), {"Content-Type": kind, "Cache-Control": "no-cache"})

    def _cognito(self, headers: Any, body: bytes) -> Answer:
        forwarded = {name: headers[name] for name in ("Content-Type", "X-Amz-Target") if headers.get(name)}
        response = requests.post(self.aws_endpoint, data=body, headers=forwarded, timeout=30)
        return Answer(response.status_code, response.content, {"Content-Type": "application/x-amz-json-1.1"})

    def _softphone(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        from local.connect_simulator.agent_desk import ACTIONS, DeskError

        desk = self.desk
        if desk is None:
            return _error(503, "no_simulator", "the local stack runs without the Connect simulator")
        if method == "GET" and path == "/local-softphone/quick-connects":
            return Answer.json(200, {"items": desk.quick_connects()})
        listing = _AGENT_CONTACTS.match(path)
        if method == "GET" and listing:
            since = int((query.get("since") or ["-1"])[0])
            return Answer.json(200, desk.contacts_of(unquote(listing.group(1)), since))
        action = _AGENT_ACTION.match(path)
        if method == "POST" and action and action.group(3) in ACTIONS:
            agent, contact_id, verb = unquote(action.group(1)), unquote(action.group(2)), action.group(3)
            try:
                desk.act(agent, contact_id, verb, json.loads(body or b"{}"))
            except KeyError:
                return _error(404, "not_found", f"{agent} has no contact {contact_id}")
            except DeskError as refused:
                return _error(409, "invalid_state", str(refused))
            return Answer.json(200, {})
        return _error(404, "not_found", f"{method} {path} is not a softphone request")
