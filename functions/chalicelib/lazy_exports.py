"""A package's public names imported on first use: the one lazy-import idiom, a cold-start measure.

Every Lambda imports ``functions/app.py`` at cold start; a package that imported all its modules
up front would make a flow Lambda needing one ticket query (or one table) load the write paths
(or twenty table models) too. Such a package declares each public name once, where it lives, in
its ``if TYPE_CHECKING:`` block (the ``as`` form re-exports it for mypy), and the runtime reads
that same block::

    if TYPE_CHECKING:  # what mypy, tests/architecture/import_graph.py and the runtime read
        from chalicelib.tickets.lifecycle import open_ticket as open_ticket

    __getattr__ = lazy_exports(__name__)

Anywhere else, an import inside a function is for cold start only, never to break a cycle
(``tests/architecture/test_import_cycles.py`` counts those imports too).
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def declared_exports(source: str) -> dict[str, tuple[str, str]]:
    """Public name -> (module, its name there) for each ``from`` import under ``if TYPE_CHECKING:``.

    >>> declared_exports("if TYPE_CHECKING:\\n    from pkg.rules import decide as decide\\n")
    {'decide': ('pkg.rules', 'decide')}
    """
    exports: dict[str, tuple[str, str]] = {}
    for node in ast.parse(source).body:
        if not (
            isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        ):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                for alias in statement.names:
                    exports[alias.asname or alias.name] = (statement.module, alias.name)
    return exports


def lazy_exports(package: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports a declared name from its home on first use."""
    module = sys.modules[package]
    namespace = vars(module)
    homes: dict[str, tuple[str, str]] = {}

    def __getattr__(name: str) -> Any:
        if not homes:  # read on the first lookup: a package nobody asks costs nothing
            homes.update(declared_exports(Path(str(module.__file__)).read_text()))
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        home, original = homes[name]
        value = getattr(importlib.import_module(home), original)
        namespace[name] = value  # the next lookup is an ordinary attribute
        return value

    return __getattr__
