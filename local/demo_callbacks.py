"""The callbacks part of ``make demo``: a booking over HTTP, its schedule firing in accelerated
time, the callback call's transcript.

Call ``show_demo_callbacks(api_url, console)`` inside a running ``LocalStack``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import requests
from rich.console import Console

from local.callback_driver import CallbackCentre
from local.connect_simulator import Party

DEMO_CUSTOMER = "+12125550177"


def _latest_sms(phone: str) -> str:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    texts = [t for n, t in sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values() if n == phone]
    return texts[-1] if texts else ""


def _call(console: Console, method: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = requests.request(method, url, json=body, timeout=30)
    console.print(f"[bold]{method} {url.split('/', 3)[3]}[/] -> {response.status_code}", highlight=False)
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {url} failed: {response.status_code} {response.text}")
    return dict(response.json())


def show_demo_callbacks(api: str, console: Console | None = None) -> dict[str, Any]:
    """Book the next free slot as a customer would, then run the clock to it and show the call."""
    from local.serial_dynamodb import serialize_dynamodb

    console = console or Console()
    serialize_dynamodb()
    console.rule("Callback booking (API)")
    slots = _call(console, "GET", f"{api}/callbacks/slots?limit=3&tz=Asia/Shanghai&lang=zh-CN")["slots"]
    for slot in slots:
        console.print(
            f"  free: {slot['label']}  ({slot['startsAt']}, {slot['free']} place(s))", highlight=False
        )
    sent = _call(
        console, "POST", f"{api}/callbacks/verifications", {"phone": DEMO_CUSTOMER, "language": "en-US"}
    )
    sms = _latest_sms(DEMO_CUSTOMER)
    console.print(f"  SMS to {sent['phone']}: {re.sub(r'[0-9]{6}', '######', sms)}", highlight=False)
    code = re.search(r"\b(\d{6})\b", sms)
    assert code is not None
    booking = _call(
        console,
        "POST",
        f"{api}/callbacks/bookings",
        {
            "verificationId": sent["verificationId"],
            "code": code.group(1),
            "slot": slots[0]["startsAt"],
            "reason": "fault",
            "timeZone": "Asia/Shanghai",
        },
    )
    console.print_json(json.dumps(booking))

    console.rule("The schedule fires in accelerated time")
    with CallbackCentre.open(api) as centre:
        centre.sim.script_callee(DEMO_CUSTOMER, Party(answer_after_s=4, talk_to_agent_s=90))
        console.print(
            f"  virtual clock: {centre.sim.clock.now():%Y-%m-%d %H:%M} UTC -> {booking['startsAt']}",
            highlight=False,
        )
        centre.at_slot(booking)
        for kind, name in centre.runner.delivered:
            console.print(f"  delivered ({kind}): {name}", highlight=False)
        reminder = _latest_sms(DEMO_CUSTOMER)
        console.print(f"  last SMS: {reminder}", highlight=False)
        console.rule("The callback call")
        for contact in centre.calls_to(DEMO_CUSTOMER):
            for line in contact.transcript.lines:
                console.print(f"  {line.render()}", highlight=False)
            console.print(
                f"  ended: {contact.disconnect_reason}, queue: {contact.queue_name}", highlight=False
            )
        final = _call(console, "GET", f"{api}/callbacks/bookings/{booking['id']}")
        console.print(
            f"  booking {final['reference']}: {final['status']} ({final['outcome']})", highlight=False
        )
        return final
