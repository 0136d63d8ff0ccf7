"""``make demo``: the local stack started, the product's main paths walked through as a client
would, what happened printed, the stack stopped.

1. customers and tickets over the REST API;
2. an inbound call through the IVR and an outbound reminder, as transcripts; a web chat the
   assistant answers and hands over to an agent;
3. the parcel-arrival campaign over a mixed audience: outcomes, SMS fallbacks;
4. a callback booked through the API, its schedule firing in accelerated time, the call;
5. the quality report (KPIs per queue, agent, campaign) for those calls: HTML and CSV;
6. the agent workspace: a warning-listed VIP calls, the demo agent's console pops the customer
   360, and a screenshot of it is saved next to the report.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlsplit

import requests
from rich.console import Console

from local.stack import LocalStack
from local.staff_directory import DEMO_STAFF, demo_headers

console = Console(width=int(os.environ.get("DEMO_WIDTH", "120")))


def _call(method: str, url: str, body: dict[str, Any] | None = None, role: str = "agent") -> dict[str, Any]:
    """One request as the demo person in ``role`` (the matrix decides what they may do)."""
    parts = urlsplit(url)
    headers = demo_headers(f"{parts.scheme}://{parts.netloc}", role)
    response = requests.request(method, url, json=body, headers=headers, timeout=30)
    console.print(f"[bold]{method} {url.split('/', 3)[3]!s:40}[/] -> {response.status_code}", highlight=False)
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {url} failed: {response.status_code} {response.text}")
    return dict(response.json())


def _customers_and_tickets(api: str) -> None:
    console.rule("Customers and tickets (REST API)")
    _call(
        "PUT", f"{api}/customers/%2B12125550123", {"name": "Ada Example", "tier": "top", "language": "en-US"}
    )
    customer = _call("GET", f"{api}/customers/%2B12125550123")
    console.print_json(json.dumps(customer))
    _call(
        "PUT",
        f"{api}/agents/agent-fault-1",
        {"name": "Lin Agent", "skills": ["fault", "complaint"]},
        role="supervisor",
    )
    ticket = _call(
        "POST",
        f"{api}/tickets",
        {
            "phone": "+12125550123",
            "category": "fault",
            "channel": "phone",
            "subject": "Router keeps rebooting",
        },
    )
    again = _call("GET", f"{api}/tickets/{ticket['id']}")
    console.print(
        f"ticket {again['id']}: {again['category']}, {again['status']}, assigned to {again['assignee']}, "
        f"due {again['due_at']}, history: {[entry['action'] for entry in again['history']]}",
        highlight=False,
    )
    _roles_refused(api)


def _roles_refused(api: str) -> None:
    """What the role matrix refuses, answered by the API itself (not hidden in a page)."""
    for role, method, path in (
        ("agent", "DELETE", "/customers/%2B12125550123"),  # erasure: admins only
        ("agent", "POST", "/campaigns/parcel-arrival/launch"),  # campaigns: marketers
        ("marketer", "GET", "/tickets"),  # tickets: the front line
    ):
        headers = demo_headers(api, role)
        answer = requests.request(method, f"{api}{path}", json={}, headers=headers, timeout=30)
        code = answer.json()["error"]["code"] if answer.status_code >= 400 else "allowed"
        console.print(
            f"[bold]{method} {path:40}[/] as {role:9} -> {answer.status_code} {code}", highlight=False
        )
        if answer.status_code != 403:
            raise RuntimeError(f"{role} was not refused {method} {path}: {answer.status_code} {answer.text}")


def _show_demo_staff() -> None:
    """The seeded staff and their passwords: demo accounts in moto on loopback, nothing else."""
    console.print("Staff directory (moto's Cognito), demo users:")
    for person in DEMO_STAFF:
        team = f", team {person.team}" if person.team else ""
        console.print(
            f"  {person.username:12} {person.password:24} {person.role}{team} ({person.name})",
            highlight=False,
        )
    console.print(
        "  and everyone in staff/dev.yaml under their username, password Demo-<username>-2026!",
        highlight=False,
    )


def run_demo() -> int:
    """Returns the process exit code."""
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # the walkthrough, not the functions' logs
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")  # nor their EMF metric lines
    with LocalStack() as stack:
        api = stack.api_url
        console.rule("Local stack")
        console.print(f"API {api}   AWS (moto) {stack.aws.endpoint}")
        from local.demo_workspace import show_console_address, show_screen_pop

        show_console_address(api, console)
        _show_demo_staff()
        _customers_and_tickets(api)

        from local.connect_simulator import ConnectSimulator
        from local.demo_calls import show_demo_calls
        from local.demo_report import deliver_contact_events

        calls = ConnectSimulator()
        deliver_contact_events(calls)  # the KPI Lambda counts these calls, as EventBridge delivers them
        show_demo_calls(console, calls)

        from local.demo_chat import show_demo_chat

        show_demo_chat(console)

        from local.demo_campaign import show_demo_campaign

        show_demo_campaign(api, console)

        from local.demo_callbacks import show_demo_callbacks

        show_demo_callbacks(api, console)

        from local.demo_report import write_demo_report
        from local.paths import REPO_ROOT

        write_demo_report(api, REPO_ROOT / "reports" / "demo", console)
        show_screen_pop(stack, REPO_ROOT / "reports" / "demo", console)
        console.rule("Done")
    console.print(
        "The demo's stack stops here. To open the console yourself: make local, then\n"
        "  staff console http://127.0.0.1:8000/console/ (supervisor1, marketer1, agent1; passwords above)\n"
        "  help centre   http://127.0.0.1:8000/help-centre/\n"
        "make local starts the same stack with the dev stage's staff and agents signed in; calls you place\n"
        "through the Connect simulator and campaigns you launch appear on the live floor and KPIs pages.",
        highlight=False,
    )
    return 0
