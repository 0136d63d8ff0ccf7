"""``callctl flow run FILE``: one simulated contact through any flow file, offline.

    callctl flow run exported-flow.json --keys 1,4711# --lambda-response '{"tier": "gold"}' --json
    callctl flow run queue-flow.json --type CUSTOMER_QUEUE
    callctl flow run chat-flow.json --channel CHAT --say "where is my parcel"

References the file makes to things it does not hold (queues, hours, Lambda functions, prompts,
other flows, Lex bots, modules) are stubbed and listed. Exits 0 when the run reached an end
with nothing unsupported, 1 otherwise, 2 when the file or an option cannot be read. Runs on the
simulator's virtual clock: a flow that waits minutes finishes at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from callctl.flow import flow_app, flow_type_or_exit, read_flow_or_exit
from local.connect_simulator.offline import RunOptions, RunReport, run_flow

CHANNELS = ("VOICE", "CHAT")


def _keys(raw: str | None) -> list[str]:
    return [key.strip() for key in (raw or "").split(",") if key.strip()]


def _attributes(pairs: list[str]) -> dict[str, str]:
    attributes = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key:
            typer.echo(f"--attribute {pair!r}: write it as key=value", err=True)
            raise typer.Exit(2)
        attributes[key] = value
    return attributes


def _lambda_response(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        typer.echo(f"--lambda-response is not JSON: {error}", err=True)
        raise typer.Exit(2) from error


def _print(report: RunReport) -> None:
    for line in report.transcript:
        typer.echo(line)
    typer.echo(f"ended: {report.ended}" + (f" ({report.error})" if report.error else ""))
    for entry in report.stubbed:
        typer.echo(f"stubbed {entry['kind']}: {entry['reference']}")
    for what in report.unsupported:
        typer.echo(f"unsupported: {what}")


@flow_app.command("run")
def run(
    file: Annotated[
        Path, typer.Argument(dir_okay=False, help="Flow-language JSON, bare or wrapped in Content")
    ],
    flow_type: Annotated[
        str | None, typer.Option("--type", "-t", help="Connect flow type (default CONTACT_FLOW)")
    ] = None,
    keys: Annotated[str | None, typer.Option(help="the caller's key presses in order, e.g. 1,4711#")] = None,
    say: Annotated[
        list[str] | None, typer.Option(help="what the caller says to a bot or types on a chat (repeatable)")
    ] = None,
    lambda_response: Annotated[
        str | None, typer.Option(help="JSON every stubbed Lambda function returns")
    ] = None,
    attribute: Annotated[
        list[str] | None, typer.Option(help="a contact attribute key=value (repeatable)")
    ] = None,
    channel: Annotated[str, typer.Option(help="VOICE or CHAT")] = "VOICE",
    hours_open: Annotated[
        bool, typer.Option("--open/--closed", help="how stubbed hours of operation answer")
    ] = True,
    flows: Annotated[
        Path | None,
        typer.Option(file_okay=False, help="folder of flows TransferToFlow / InvokeFlowModule name"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Simulate one contact through FILE and show what the caller heard and how it ended."""
    document = read_flow_or_exit(file)
    kind = flow_type_or_exit(flow_type, document)
    if channel.upper() not in CHANNELS:
        typer.echo(f"--channel {channel!r}: one of {', '.join(CHANNELS)}", err=True)
        raise typer.Exit(2)
    options = RunOptions(
        flow_type=kind,
        keys=_keys(keys),
        says=list(say or []),
        lambda_response=_lambda_response(lambda_response),
        attributes=_attributes(list(attribute or [])),
        channel=channel.upper(),
        hours_open=hours_open,
        flows_dir=flows,
    )
    if not isinstance(document.content, dict):
        typer.echo(f"{file}: the flow is not a JSON object", err=True)
        raise typer.Exit(2)
    report = run_flow(document.content, options, document.name or file.stem)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print(report)
    raise typer.Exit(0 if report.ok else 1)
