"""Helpers shared by the ticket, customer and flow-Lambda functional tests (moto in-process)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from typing import Any

from chalice import Chalice

from chalicelib import agents, tickets
from local.paths import FUNCTIONS_DIR

CALLER = "+12125550142"
OTHER_CALLER = "+12125550143"


def hire(agent_id: str, *skills: str, connect_user_id: str | None = None, active: bool = True) -> None:
    agents.put_agent(
        agent_id,
        {
            "name": agent_id.title(),
            "skills": list(skills),
            "connect_user_id": connect_user_id or f"user-{agent_id}",
            "active": active,
        },
    )


def open_count(agent_id: str) -> int:
    return int(agents.get_agent(agent_id)["open_tickets"])


def new_ticket(phone: str = CALLER, category: str = "fault", **extra: Any) -> dict[str, Any]:
    return tickets.create_ticket({"phone": phone, "category": category, **extra}, actor="tester")


def connect_event(
    phone: str | None = CALLER, contact_id: str = "contact-1", **parameters: str
) -> dict[str, Any]:
    """An Amazon Connect 'Invoke AWS Lambda function' event, as Connect sends it."""
    return {
        "Name": "ContactFlowEvent",
        "Details": {
            "ContactData": {
                "Attributes": {},
                "Channel": "VOICE",
                "ContactId": contact_id,
                "CustomerEndpoint": {"Address": phone, "Type": "TELEPHONE_NUMBER"} if phone else None,
                "InitialContactId": contact_id,
                "InitiationMethod": "INBOUND",
                "InstanceARN": "arn:aws:connect:us-east-1:000000000000:instance/11111111-2222-3333-4444-555555555555",
                "PreviousContactId": contact_id,
                "Queue": None,
                "SystemEndpoint": {"Address": "+12125550100", "Type": "TELEPHONE_NUMBER"},
                "MediaStreams": {"Customer": {"Audio": None}},
            },
            "Parameters": parameters,
        },
    }


@cache
def function_app() -> Chalice:
    """``functions/app.py``'s Chalice app, loaded by path: the CDK ``app.py`` at the root shadows it."""
    spec = importlib.util.spec_from_file_location("function_app", FUNCTIONS_DIR / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["function_app"] = module
    spec.loader.exec_module(module)
    app: Chalice = module.app
    return app
