"""No import cycles in the domain, imports inside functions included.

A cycle closed by an import inside a function works only in some import orders and hides from
every linter; the graph here is read from the source (``import_graph``), so it sees them.
"""

from __future__ import annotations

from pathlib import Path

from tests.architecture.import_graph import cycles, describe, import_graph

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"


def test_chalicelib_has_no_import_cycle() -> None:
    graph = import_graph(FUNCTIONS_DIR, "chalicelib")
    found = cycles(graph)
    assert not found, "import cycles (module:line -> module):\n" + "\n\n".join(
        describe(graph, component) for component in found
    )


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root


def test_a_cycle_closed_inside_a_function_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "lib/__init__.py": "",
            "lib/a.py": "from lib.b import helper\n",
            "lib/b.py": "def helper():\n    from lib import a\n    return a\n",
            "lib/c.py": "import lib.a\n",
        },
    )
    graph = import_graph(root, "lib")
    assert cycles(graph) == [["lib.a", "lib.b"]]
    assert describe(graph, ["lib.a", "lib.b"]) == "  lib.a:1 -> lib.b\n  lib.b:2 -> lib.a"


def test_a_cycle_through_a_lazily_re_exported_name_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "lib/__init__.py": "",
            "lib/pkg/__init__.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from lib.pkg.inner import thing\n"
            ),
            "lib/pkg/inner.py": "from lib import user\n",
            "lib/user.py": "def use():\n    from lib.pkg import thing\n",
        },
    )
    assert cycles(import_graph(root, "lib")) == [["lib.pkg.inner", "lib.user"]]


def test_type_checking_imports_and_a_package_imported_by_its_own_modules_are_no_cycle(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "lib/__init__.py": "from lib.pkg import store\n",
            "lib/pkg/__init__.py": "from lib.pkg import store\n",
            "lib/pkg/store.py": "from lib.pkg import rules\n",
            "lib/pkg/rules.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from lib.pkg.store import Record\n"
            ),
        },
    )
    assert cycles(import_graph(root, "lib")) == []
