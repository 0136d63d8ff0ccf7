"""Entry point: ``callctl <area> <command>``; each area adds its sub-commands here."""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Operate the contact centre.")


@app.callback()
def main() -> None:
    """Talks to a deployed stage (``--api URL``) or to the local stack (``--local``)."""
