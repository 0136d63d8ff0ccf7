"""Helpers shared by the ticket, customer and flow-Lambda functional tests (moto in-process)."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from chalicelib import agents, tickets

if TYPE_CHECKING:
    from chalice import Chalice
    from chalice.test import Client

JSON = {"Content-Type": "application/json"}
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
    """``functions/app.py``'s Chalice app, loaded once by path (the CDK ``app.py`` shadows it);
    the blueprints are module-level, so a second copy of the app would register them twice."""
    from local.connect_simulator.function_app import load_chalice_app

    app: Chalice = load_chalice_app()
    return app


class Api:
    """The app's HTTP routes through Chalice's test client, JSON in and out."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body)
        response = getattr(self.client.http, method)(path, body=data, headers=JSON)
        return response.status_code, json.loads(response.body) if response.body else None
