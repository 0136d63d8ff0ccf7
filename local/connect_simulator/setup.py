"""Wires the product's flows, queues, hours and Lambdas into a simulator, as CDK does in AWS."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from infra.flows import FlowResources, build_flows
from infra.flows.resources import CALLBACK_QUEUE, CATEGORIES, FLOW_LAMBDAS, GENERAL_QUEUE, OUTBOUND_QUEUE
from infra.wiring import BOT_FULFILMENT_FUNCTION
from local.connect_simulator.agents import AVAILABLE
from local.connect_simulator.lambdas import LOCAL_ACCOUNT, LOCAL_REGION, local_lambda_arn
from local.connect_simulator.lex import ASSISTANT_BOT, LexBot

if TYPE_CHECKING:
    from infra.staff import Staff
    from local.connect_simulator.simulator import ConnectSimulator

BUSINESS_HOURS = "business-hours"
#: The assistant's alias locally (``LexV2Bot.AliasArn`` in a flow), like CDK's ``live`` alias.
ASSISTANT_ALIAS_ARN = f"arn:aws:lex:{LOCAL_REGION}:{LOCAL_ACCOUNT}:bot-alias/ASSISTANT/LIVE"
INBOUND_NUMBER = "+12125550100"
OUTBOUND_NUMBER = "+12125550199"


def local_flow_resources(sim: ConnectSimulator, owner_wait_s: int = 60) -> FlowResources:
    """Queues (one per category plus general, callbacks, outbound) and hours in ``sim``; fake Lambda
    ARNs; ``owner_wait_s``: how long a caller waits for their ticket's owner (continuity routing)."""
    queues = {
        name: sim.add_queue(name) for name in (*CATEGORIES, GENERAL_QUEUE, CALLBACK_QUEUE, OUTBOUND_QUEUE)
    }
    return FlowResources(
        lambdas={name: local_lambda_arn(name) for name in FLOW_LAMBDAS},
        queues=queues,
        hours_arn=sim.add_hours(BUSINESS_HOURS, True),
        survey_flow_arn=sim.flow_arn("post-call-survey"),
        owner_wait_flow_arn=sim.flow_arn("owner-wait"),
        owner_wait_s=owner_wait_s,
        assistant_bot_alias_arn=ASSISTANT_ALIAS_ARN,
    )


#: Each flow's JSON by the resources it was built for. Building and validating every flow is most
#: of what installing a contact centre costs, and the simulator tests install one per test with
#: the same resources; each gets its own copy of the content.
_built_flows: dict[str, dict[str, str]] = {}


def _flow_contents(resources: FlowResources) -> dict[str, dict[str, Any]]:
    key = json.dumps(dataclasses.asdict(resources), sort_keys=True)
    if key not in _built_flows:
        built = build_flows(resources, associated_lambda_arns=None)
        _built_flows[key] = {name: json.dumps(flow.content) for name, flow in built.items()}
    return {name: json.loads(content) for name, content in _built_flows[key].items()}


def install_contact_centre(
    sim: ConnectSimulator, app: Any | None = None, owner_wait_s: int = 60
) -> FlowResources:
    """Every flow (validated against the Lambdas registered), queues, hours and numbers.

    ``app`` is ``functions/app.py``'s Chalice app: its ``lambda_function`` handlers become the
    flows' Lambdas. Register extra or replacement handlers with ``sim.lambdas.register`` before.
    """
    if app is not None:
        sim.lambdas.register_chalice_app(app)
        handler = app.handler_map.get(BOT_FULFILMENT_FUNCTION)  # the alias's code hook in AWS
        if handler is not None:
            sim.add_lex_bot(
                ASSISTANT_ALIAS_ARN, LexBot.from_file(ASSISTANT_BOT, lambda event: handler(event, None))
            )
    resources = local_flow_resources(sim, owner_wait_s)
    for name, content in _flow_contents(resources).items():
        sim.add_flow(name, content)
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
        # queue name -> id, as CDK sets it (reports and the live floor name queues by it)
        "CONNECT_QUEUE_IDS": json.dumps(
            {name: arn.rsplit("/", 1)[-1] for arn, name in sorted(sim._queues.items())}, sort_keys=True
        ),
        # The chat participant service is the simulator's too (StartChatContact's chats).
        "AWS_ENDPOINT_URL_CONNECTPARTICIPANT": endpoint,
    }


def install_staff(sim: ConnectSimulator, staff: Staff, status: str = AVAILABLE) -> dict[str, str]:
    """The staff file's routing profiles and agents in ``sim`` (every agent signed in with
    ``status``), as CDK creates them in Connect; returns each username's Connect user id.

    Call after ``install_contact_centre`` (the profiles name its queues).
    """
    for profile in staff.routing_profiles.values():
        sim.roster.add_routing_profile(
            profile.name,
            {sim.queue_arn(entry.queue): (entry.priority, entry.delay_s) for entry in profile.queues},
        )
    return {
        agent.username: sim.roster.add_agent(
            agent.username,
            agent.routing_profile,
            after_contact_work_s=agent.after_contact_work_s,
            status=status,
            now=sim.clock.time(),
            hierarchy_group=agent.team,
        )
        for agent in staff.agents.values()
    }
