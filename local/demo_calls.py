"""The calls part of ``make demo``: an inbound call and an outbound reminder, printed as transcripts.

Call ``show_demo_calls(console)`` inside a running ``LocalStack`` (boto3 already points at moto).
It builds a Connect simulator with the product's flows and the real flow Lambdas, places the two
calls in accelerated time and prints what was said, pressed, looked up and decided.
"""

from __future__ import annotations

from rich.console import Console

from local.connect_simulator import (
    INBOUND_NUMBER,
    OUTBOUND_NUMBER,
    ConnectSimulator,
    Party,
    Transcript,
    install_contact_centre,
)
from local.connect_simulator.function_app import load_chalice_app

DEMO_CALLER = "+12125550123"
DEMO_CALLEE = "+12125550142"


def _print(console: Console, title: str, transcript: Transcript) -> None:
    console.rule(title)
    for line in transcript.lines:
        style = {"system": "cyan", "caller": "bold yellow", "lambda": "magenta", "agent": "green"}.get(
            line.who, "dim"
        )
        console.print(f"[{style}]{line.render()}[/]", highlight=False)
    contact = transcript.contact
    console.print(
        f"ended: [bold]{contact.disconnect_reason}[/]  queue: {contact.queue_name or '-'}  "
        f"priority: {contact.priority if contact.priority is not None else '-'}",
        highlight=False,
    )
    shown = {k: v for k, v in contact.attributes.items() if v}
    console.print(f"contact attributes: {shown}", highlight=False)


def show_demo_calls(
    console: Console | None = None, simulator: ConnectSimulator | None = None
) -> list[Transcript]:
    """Place one inbound call (menu → queue → agent → survey) and one outbound parcel reminder."""
    from chalicelib import customers

    console = console or Console()
    sim = simulator or ConnectSimulator()
    install_contact_centre(sim, load_chalice_app())
    customers.put_customer(DEMO_CALLER, {"name": "Ada Example", "tier": "top", "language": "en-US"})

    inbound = sim.place_inbound_call(
        DEMO_CALLER,
        Party(answer_after_s=0, presses=("2", "1", "5"), talk_to_agent_s=45),
        to_number=INBOUND_NUMBER,
    )
    sim.run_until_idle()

    sim.script_callee(DEMO_CALLEE, Party.answers(after_s=4, presses=["2"]))
    outbound = sim.start_outbound_voice_contact(
        DestinationPhoneNumber=DEMO_CALLEE,
        ContactFlowId=sim.flow_arn("outbound-reminder"),
        InstanceId=sim.instance_id,
        SourcePhoneNumber=OUTBOUND_NUMBER,
        Attributes={
            "messageText": "Hello Grace, your parcel is waiting in locker 12 at Main Street until Friday.",
            "menuPrompt": "Press 1 if you cannot collect it, 2 if you will come down, 3 for the courier.",
            "menuKeys": "123",
            "agentKey": "",
            "language": "en-US",
            "voice": "Joanna",
        },
    )
    sim.run_until_idle()

    transcripts = [sim.transcript(inbound), sim.transcript(outbound)]
    _print(
        console, "Inbound call: a top-tier customer orders, talks to an agent, rates the call", transcripts[0]
    )
    _print(console, "Outbound reminder: parcel arrival, the callee presses 2", transcripts[1])
    return transcripts
