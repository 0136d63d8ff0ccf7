"""Which tables each Lambda function's code can reach, and which of them it can write, read from
source with ``ast``: the code's side of ``infra.function_roles.FUNCTION_TABLES``.

The unit is a definition: a top-level function, a whole class (every method), or a module's
top-level statements (which run when anything of the module is used). A function's code starts
at its handler in ``chalicelib.api`` (``lambda_function``, ``on_cw_event`` or ``schedule``; every
route and the middleware belong to the REST API's function) and reaches every definition a
reached one names: by its own name, imported (``from chalicelib.tickets import open_ticket``,
lazy package exports resolved like ``tests/architecture/import_graph.py``) or as an attribute of
an imported module (``screening.screen_number``). A module named but not as an attribute reaches
all of it. Whatever is named counts, called or not, so the answer errs on the side of what the
code *could* touch.

A model is used where a reached definition names it. A definition that makes a PynamoDB write
(``save``, ``update(actions=...)``, ``delete``, batch writes, transactions, the helpers of
``chalicelib.tables.writes``) writes every model it names, its annotations included; one that
writes without naming a model (it was handed the item) writes every model its module names.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.architecture.import_graph import Module, _absolute, _imports, _lazy_exports, modules_under

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: The function behind every REST route (Chalice's logical id for it).
REST_API_FUNCTION = "APIHandler"
_HANDLER_DECORATORS = ("lambda_function", "on_cw_event", "schedule")
#: Calls that write whatever item or model they are given.
_WRITE_HELPERS = {"save_if", "update_if", "delete_if", "transaction", "LabelledTransaction", "batch_write"}
_BODY = "<module>"  # the unit of a module's top-level statements

Unit = tuple[str, str]  # (module, top-level name or _BODY)


@dataclass
class TableUse:
    """Model class names a function reaches, and those of them it may write."""

    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)

    @property
    def models(self) -> set[str]:
        return self.reads | self.writes


def _is_write(call: ast.Call) -> bool:
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name in _WRITE_HELPERS or name in {"save", "delete"}:
        return True
    if name == "update":  # PynamoDB's takes actions; a dict's takes a mapping or keywords
        return any(k.arg == "actions" for k in call.keywords) or (
            bool(call.args) and isinstance(call.args[-1], ast.List | ast.ListComp)
        )
    if name == "add" and call.args and isinstance(call.args[0], ast.Constant):  # LabelledTransaction
        return call.args[0].value in {"save", "update", "delete"}
    return False


def _writes(node: ast.AST) -> bool:
    return any(isinstance(child, ast.Call) and _is_write(child) for child in ast.walk(node))


class _Program:
    """Every module of ``chalicelib``: its definitions and what each of its names refers to."""

    def __init__(self, functions_dir: Path) -> None:
        self.modules = modules_under(functions_dir, "chalicelib")
        self.lazy = _lazy_exports(self.modules)
        self.trees = {name: ast.parse(module.path.read_text()) for name, module in self.modules.items()}
        self.definitions: dict[str, dict[str, ast.AST]] = {}
        for name, tree in self.trees.items():
            defined: dict[str, ast.AST] = {}
            body: list[ast.stmt] = []
            for node in tree.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    defined[node.name] = node
                    run_at_import = [
                        *node.decorator_list,
                        *(node.bases if isinstance(node, ast.ClassDef) else []),
                    ]
                    body.extend(ast.Expr(value=expression) for expression in run_at_import)
                else:
                    body.append(node)
            defined[_BODY] = ast.Module(body=body, type_ignores=[])
            self.definitions[name] = defined
        self.aliases = {name: self._aliases(self.modules[name], tree) for name, tree in self.trees.items()}
        # Per unit, what it names and whether it writes: each unit is reached by many functions.
        self._named: dict[Unit, set[str]] = {}
        self._unit_writes: dict[Unit, bool] = {}
        self.models = {
            node.name: name
            for name, tree in self.trees.items()
            if name.startswith("chalicelib.tables.")
            for node in tree.body
            if isinstance(node, ast.ClassDef) and any(ast.unparse(b) == "TableModel" for b in node.bases)
        }

    def _aliases(self, module: Module, tree: ast.Module) -> dict[str, set[str]]:
        """Local name -> dotted targets it may stand for (imports anywhere in the module, those
        for the type checker too: an annotation tells which model an item is)."""
        aliases: dict[str, set[str]] = {}
        nodes = [*_imports(tree, type_checking=False), *_imports(tree, type_checking=True)]
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    aliases.setdefault(local, set()).add(alias.name if alias.asname else local)
            else:
                source = _absolute(module, node)
                for alias in node.names:
                    aliases.setdefault(alias.asname or alias.name, set()).add(f"{source}.{alias.name}")
        return aliases

    def resolve(self, dotted: str, depth: int = 0) -> set[Unit]:
        """The units ``dotted`` (``package.module.name`` or a module) may stand for."""
        if dotted in self.modules:
            return {(dotted, name) for name in self.definitions[dotted]}  # a module used whole
        if depth > 10 or "." not in dotted:
            return set()
        owner, name = dotted.rsplit(".", 1)
        if owner not in self.modules:
            return self.resolve(owner, depth + 1)  # e.g. a name inside a third-party package
        found: set[Unit] = {(owner, _BODY)}
        if name in self.definitions[owner]:
            found.add((owner, name))
        elif (owner, name) in self.lazy:
            found |= self.resolve(f"{self.lazy[(owner, name)]}.{name}", depth + 1)
        for target in self.aliases[owner].get(name, ()):  # re-exported
            found |= self.resolve(target, depth + 1)
        return found

    def names(self, unit: Unit) -> set[str]:
        """Dotted targets the definition ``unit`` names (``_names``), worked out once per unit."""
        if unit not in self._named:
            module, name = unit
            self._named[unit] = self._names(module, self.definitions[module][name])
        return self._named[unit]

    def writes(self, unit: Unit) -> bool:
        """Whether the definition ``unit`` makes a PynamoDB write (``_writes``), once per unit."""
        if unit not in self._unit_writes:
            module, name = unit
            self._unit_writes[unit] = _writes(self.definitions[module][name])
        return self._unit_writes[unit]

    def _names(self, module: str, node: ast.AST) -> set[str]:
        """Dotted targets ``node`` names: ``x`` or ``x.attr`` where ``x`` is an import or a
        top-level definition of ``module``."""
        aliases = self.aliases[module]
        named: set[str] = set()
        consumed: set[int] = set()
        children = list(ast.walk(node))  # walked once, read twice
        for child in children:
            if isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name):
                for target in aliases.get(child.value.id, ()):
                    if target in self.modules:  # an attribute of a module
                        named.add(f"{target}.{child.attr}")
                        consumed.add(id(child.value))
        for child in children:
            if (
                isinstance(child, ast.Name)
                and id(child) not in consumed
                and not isinstance(child.ctx, ast.Store)
            ):
                named.update(aliases.get(child.id, ()))
                if child.id in self.definitions[module]:
                    named.add(f"{module}.{child.id}")
        return named

    def references(self, unit: Unit) -> set[Unit]:
        found: set[Unit] = {(unit[0], _BODY)}
        for dotted in self.names(unit):
            found |= self.resolve(dotted)
        return found

    def models_named(self, unit: Unit) -> set[str]:
        found = set()
        for target in self.names(unit):
            owner, _, model = target.rpartition(".")
            if model in self.models and owner.startswith("chalicelib.tables"):
                found.add(model)
        return found

    def handlers(self) -> Iterator[tuple[str, Unit]]:
        """(function name, handler unit) for each handler and route of ``chalicelib.api``."""
        for module, tree in self.trees.items():
            if not module.startswith("chalicelib.api"):
                continue
            for node in tree.body:
                if isinstance(node, ast.FunctionDef) and node.decorator_list:
                    yield _function_of(node), (module, node.name)
        # Every request goes through the middleware ``register`` installs.
        yield REST_API_FUNCTION, ("chalicelib.api", "register")


def _function_of(handler: ast.FunctionDef) -> str:
    for decorator in handler.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        if ast.unparse(call.func if call else decorator).split(".")[-1] in _HANDLER_DECORATORS:
            keyword = next((k for k in call.keywords if k.arg == "name"), None) if call else None
            return str(ast.literal_eval(keyword.value)) if keyword else handler.name
    return REST_API_FUNCTION


def table_use(functions_dir: Path) -> dict[str, TableUse]:
    """Chalice function name (``APIHandler`` for the routes) -> the tables its code reaches."""
    program = _Program(functions_dir)
    roots: dict[str, set[Unit]] = {}
    for function, unit in program.handlers():
        roots.setdefault(function, set()).add(unit)
    uses = {}
    for function, starts in roots.items():
        reached = set(starts)
        pending = list(starts)
        while pending:
            for unit in program.references(pending.pop()):
                if unit not in reached:
                    reached.add(unit)
                    pending.append(unit)
        use = TableUse()
        for unit in reached:
            module = unit[0]
            named = program.models_named(unit)
            if not program.writes(unit):
                use.reads |= named
            elif named:
                use.writes |= named
            else:  # handed the item: any model its module names
                use.writes |= {
                    m for n in program.definitions[module] for m in program.models_named((module, n))
                }
        use.reads -= use.writes
        uses[function] = use
    return uses
