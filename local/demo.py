"""The scripted demo: drives the local stack over HTTP like a client would and prints the results."""

from __future__ import annotations

import json
from typing import Any

import requests
from rich.console import Console

from local.stack import LocalStack

console = Console()


def _call(method: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = requests.request(method, url, json=body, timeout=10)
    console.print(
        f"[bold]{method} {url.split('127.0.0.1')[1].split('/', 1)[1]!s:40}[/] -> {response.status_code}"
    )
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {url} failed: {response.status_code} {response.text}")
    return dict(response.json())


def run_demo() -> int:
    """Returns the process exit code."""
    with LocalStack() as stack:
        api = stack.api_url
        console.rule("Local stack")
        console.print(f"API {api}   moto {stack.aws.endpoint}")
        console.rule("Customers and tickets")
        phone = "+12125550123"
        _call(
            "PUT",
            f"{api}/customers/%2B12125550123",
            {"name": "Ada Example", "tier": "top", "language": "en-US"},
        )
        customer = _call("GET", f"{api}/customers/%2B12125550123")
        console.print_json(json.dumps(customer))
        ticket = _call(
            "POST",
            f"{api}/tickets",
            {"phone": phone, "category": "fault", "channel": "phone", "subject": "Router keeps rebooting"},
        )
        again = _call("GET", f"{api}/tickets/{ticket['id']}")
        console.print_json(json.dumps(again))
        from local.demo_callbacks import show_demo_callbacks

        show_demo_callbacks(api, console)
        console.rule("Done")
    return 0
