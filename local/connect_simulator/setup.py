"""Wires the product's flows, queues, hours and Lambdas into a simulator, as CDK does in AWS."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from infra.flows import FlowResources, build_flows
from infra.flows.resources import CALLBACK_QUEUE, CATEGORIES, FLOW_LAMBDAS, GENERAL_QUEUE, OUTBOUND_QUEUE
from local.connect_simulator.lambdas import local_lambda_arn

if TYPE_CHECKING:
    from local.connect_simulator.simulator import ConnectSimulator

BUSINESS_HOURS = "business-hours"
INBOUND_NUMBER = "+12125550100"
OUTBOUND_NUMBER = "+12125550199"


def local_flow_resources(sim: ConnectSimulator) -> FlowResources:
    """Queues (one per category plus general, callbacks, outbound) and hours in ``sim``; fake Lambda ARNs."""
    queues = {
        name: sim.add_queue(name) for name in (*CATEGORIES, GENERAL_QUEUE, CALLBACK_QUEUE, OUTBOUND_QUEUE)
    }
    return FlowResources(
        lambdas={name: local_lambda_arn(name) for name in FLOW_LAMBDAS},
        queues=queues,
        hours_arn=sim.add_hours(BUSINESS_HOURS, True),
        survey_flow_arn=sim.flow_arn("post-call-survey"),
    )


def install_contact_centre(sim: ConnectSimulator, app: Any | None = None) -> FlowResources:
    """Every flow (validated against the Lambdas registered), queues, hours and numbers.

    ``app`` is ``functions/app.py``'s Chalice app: its ``lambda_function`` handlers become the
    flows' Lambdas. Register extra or replacement handlers with ``sim.lambdas.register`` before.
    """
    if app is not None:
        sim.lambdas.register_chalice_app(app)
    resources = local_flow_resources(sim)
    for name, flow in build_flows(resources, associated_lambda_arns=None).items():
        sim.add_flow(name, flow.content)
    sim.claim_number(INBOUND_NUMBER, "inbound-main")
    return resources


def connect_environment(sim: ConnectSimulator, endpoint: str) -> dict[str, str]:
    """The variables the functions read to place calls, pointing at ``sim`` served at ``endpoint``.

    ``os.environ.update(connect_environment(sim, server.endpoint))`` after ``ConnectApiServer(sim).start()``.
    """

    def flow_id(name: str) -> str:
        return sim.flow_arn(name).rsplit("/", 1)[-1]

    return {
        "AWS_ENDPOINT_URL_CONNECT": endpoint,
        "CONNECT_INSTANCE_ID": sim.instance_id,
        "OUTBOUND_FLOW_ID": flow_id("outbound-reminder"),
        "CALLBACK_FLOW_ID": flow_id("callback"),
        "OUTBOUND_SOURCE_PHONE_NUMBER": OUTBOUND_NUMBER,
    }
