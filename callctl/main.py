"""Entry point: ``callctl <area> <command>``.

Every module in this package that defines ``app`` (a ``typer.Typer``) becomes the sub-command
named after the module (``callctl/blacklist.py`` -> ``callctl blacklist ...``).
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

import callctl

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Operate the contact centre.")

for _info in sorted(pkgutil.iter_modules(callctl.__path__), key=lambda i: i.name):
    if _info.name in {"main", "__main__"} or _info.name.startswith("_"):
        continue
    _area = importlib.import_module(f"callctl.{_info.name}")
    if isinstance(getattr(_area, "app", None), typer.Typer):
        app.add_typer(_area.app, name=_info.name.replace("_", "-"))


@app.callback()
def main() -> None:
    """Talks to a deployed stage (``--api URL``) or to the local stack (``--local``)."""
