"""A local Amazon Connect: runs the deployed flow JSON against scripted callers and callees.

- ``ConnectSimulator``: flows, queues, hours, Lambdas, contacts on a virtual clock, contact events.
- ``ConnectApiServer``: its Connect API over HTTP for boto3 (``AWS_ENDPOINT_URL_CONNECT``).
- ``Party`` / ``Press``: scripts for the person on the other end.
- ``install_contact_centre``: the product's flows, queues and hours, with the Chalice app's Lambdas.
"""

from local.connect_simulator.clock import VirtualClock
from local.connect_simulator.contacts import Contact, Transcript
from local.connect_simulator.lambdas import LambdaRegistry, local_lambda_arn
from local.connect_simulator.parties import Party, Press
from local.connect_simulator.server import ConnectApiServer
from local.connect_simulator.setup import (
    INBOUND_NUMBER,
    OUTBOUND_NUMBER,
    connect_environment,
    install_contact_centre,
    local_flow_resources,
)
from local.connect_simulator.simulator import ConnectError, ConnectSimulator

__all__ = [
    "INBOUND_NUMBER",
    "OUTBOUND_NUMBER",
    "ConnectApiServer",
    "ConnectError",
    "ConnectSimulator",
    "Contact",
    "LambdaRegistry",
    "Party",
    "Press",
    "Transcript",
    "VirtualClock",
    "connect_environment",
    "install_contact_centre",
    "local_flow_resources",
    "local_lambda_arn",
]
