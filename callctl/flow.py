"""``callctl flow ...``: test a contact flow file offline, before it is deployed.

callctl flow validate exported-flow.json                    # a console / DescribeContactFlow export
callctl flow validate queue-flow.json --type CUSTOMER_QUEUE # a bare Flow-language document

``validate`` exits 0 when the flow keeps every documented rule of the Flow language, 1 with one
line per violation (action identifier, rule, documentation page), 2 when the file is not readable
JSON. Other sub-commands register on ``flow_app`` from their own module (``callctl/flow_run.py``:
``from callctl.flow import flow_app`` then ``@flow_app.command("run")``; import it under that name,
not ``app``, or ``callctl.main`` would also mount it as a group of its own).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer

from infra.flows.language import DEFAULT_FLOW_TYPE, FLOW_TYPES
from infra.flows.language.documents import FlowDocument, FlowFileError, load_flow_document
from infra.flows.language.rules import check_document

app = typer.Typer(no_args_is_help=True, help="Test a contact flow file offline (ours, or a console export).")
flow_app = app

FlowFileArgument = Annotated[
    Path, typer.Argument(dir_okay=False, help="Flow-language JSON, bare or wrapped in Content")
]
FlowTypeOption = Annotated[
    str | None,
    typer.Option(
        "--type",
        "-t",
        help=f"Connect flow type: {', '.join(FLOW_TYPES)} (default: the export's Type, else {DEFAULT_FLOW_TYPE})",
    ),
]


@app.callback()
def flow() -> None:
    """Validate or run one flow file."""


def read_flow_or_exit(file: Path) -> FlowDocument:
    """The flow in ``file``; exits 2 (with the reason) when it is not readable JSON."""
    try:
        return load_flow_document(file)
    except FlowFileError as error:
        typer.echo(f"{file}: {error}", err=True)
        raise typer.Exit(2) from error


def flow_type_or_exit(requested: str | None, document: FlowDocument) -> str:
    """``--type``, else the export's own Type, else CONTACT_FLOW; exits 2 on an unknown type."""
    flow_type = (requested or document.flow_type or DEFAULT_FLOW_TYPE).upper()
    if flow_type not in FLOW_TYPES:
        typer.echo(f"unknown flow type {flow_type!r}; one of {', '.join(FLOW_TYPES)}", err=True)
        raise typer.Exit(2)
    return flow_type


@app.command()
def validate(file: FlowFileArgument, flow_type: FlowTypeOption = None) -> None:
    """Check FILE against the documented Flow-language rules; one line per violation."""
    document = read_flow_or_exit(file)
    kind = flow_type_or_exit(flow_type, document)
    problems = check_document(document.content, kind, document.content_length)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{file}: {len(problems)} violation(s) as a {kind} flow", err=True)
        raise typer.Exit(1)
    actions = document.content.get("Actions") or []
    typer.echo(f"{file}: valid {kind} flow ({len(actions)} actions)")


def _load_sibling_commands() -> None:
    """Mount ``callctl.flow_run`` (the ``run`` command) when it exists, however this module is imported."""
    try:
        importlib.import_module("callctl.flow_run")
    except ModuleNotFoundError as error:
        if error.name != "callctl.flow_run":
            raise


_load_sibling_commands()
