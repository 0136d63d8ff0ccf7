"""The import graph of a package as Python runs it, read from source with ``ast``.

Every import that can run counts, those inside functions included (they only defer the cycle to
the first call); imports under ``if TYPE_CHECKING:`` do not. Importing ``a.b.c`` runs ``a`` and
``a.b`` first, so it depends on them too, except on the packages the importer itself lives in
(they are already running). ``from package import name`` where the package re-exports ``name``
lazily (the cold-start idiom, ``chalicelib.lazy_exports``) depends on the submodule that defines it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool


def modules_under(root: Path, package: str) -> dict[str, Module]:
    """Every module of ``package`` (a directory below ``root``), by dotted name."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        found[name] = Module(name, path, is_package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _imports(tree: ast.AST, *, type_checking: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run (or, with ``type_checking``, only those for the type checker)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            if type_checking:
                yield from (n for n in node.body if isinstance(n, ast.Import | ast.ImportFrom))
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), type_checking=type_checking)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            if not type_checking:
                yield node
            continue
        yield from _imports(node, type_checking=type_checking)


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _lazy_exports(modules: dict[str, Module]) -> dict[tuple[str, str], str]:
    """(package, name) -> the submodule that defines a name a package re-exports for the type checker."""
    exports = {}
    for module in modules.values():
        if not module.is_package:
            continue
        tree = ast.parse(module.path.read_text())
        for node in _imports(tree, type_checking=True):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    exports[(module.name, alias.asname or alias.name)] = _absolute(module, node)
    return exports


def import_graph(root: Path, package: str) -> dict[str, dict[str, int]]:
    """module -> {module it imports: line of the first such import}, within ``package``."""
    modules = modules_under(root, package)
    lazy = _lazy_exports(modules)
    graph: dict[str, dict[str, int]] = {name: {} for name in modules}
    for module in modules.values():
        tree = ast.parse(module.path.read_text())
        for node in _imports(tree, type_checking=False):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                source = _absolute(module, node)
                targets = []
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    targets.append(
                        submodule if submodule in modules else lazy.get((source, alias.name), source)
                    )
            for target in targets:
                for needed in [*_ancestors(target), target]:
                    if needed in modules and needed != module.name and needed not in _ancestors(module.name):
                        graph[module.name].setdefault(needed, node.lineno)
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def describe(graph: dict[str, dict[str, int]], component: list[str]) -> str:
    """The imports that close a cycle, one per line (``module:line -> module``)."""
    members = set(component)
    return "\n".join(
        f"  {source}:{line} -> {target}"
        for source in component
        for target, line in sorted(graph[source].items())
        if target in members
    )
