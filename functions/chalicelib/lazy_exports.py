"""A package's public names imported on first use: the one lazy-import idiom, a cold-start measure.

Every Lambda imports ``functions/app.py`` at cold start; a package that imported all its modules
up front would make a flow Lambda needing one ticket query (or one table) load the write paths
(or twenty table models) too. Such a package declares where each name lives, once for the type
checker and once for the runtime::

    if TYPE_CHECKING:  # what mypy (and tests/architecture/import_graph.py) read
        from chalicelib.tickets.lifecycle import open_ticket

    __getattr__ = lazy_exports(__name__, {"open_ticket": "chalicelib.tickets.lifecycle"})

Anywhere else, an import inside a function is for cold start only, never to break a cycle
(``tests/architecture/test_import_cycles.py`` counts those imports too).
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``homes`` maps a public name to its module."""
    namespace = vars(sys.modules[package])

    def __getattr__(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(homes[name]), name)
        namespace[name] = value  # the next lookup is an ordinary attribute
        return value

    return __getattr__
