"""A package's public names come from its one ``if TYPE_CHECKING:`` block, imported on first use."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from chalicelib.lazy_exports import declared_exports

if TYPE_CHECKING:
    from collections.abc import Iterator

PACKAGE = """
from typing import TYPE_CHECKING

from chalicelib.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from lazypkg.heavy import load as load
    from lazypkg.light import Light as Light

__getattr__ = lazy_exports(__name__)
"""


@pytest.fixture
def lazypkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    (tmp_path / "lazypkg").mkdir()
    (tmp_path / "lazypkg" / "__init__.py").write_text(PACKAGE)
    (tmp_path / "lazypkg" / "heavy.py").write_text("def load():\n    return 'loaded'\n")
    (tmp_path / "lazypkg" / "light.py").write_text("class Light:\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "lazypkg"
    for name in [name for name in sys.modules if name.split(".")[0] == "lazypkg"]:
        del sys.modules[name]


def test_a_declared_name_is_imported_from_its_module_only_when_first_asked_for(lazypkg: str) -> None:
    package = importlib.import_module(lazypkg)
    assert "lazypkg.heavy" not in sys.modules and "lazypkg.light" not in sys.modules
    assert package.load() == "loaded"
    assert "lazypkg.heavy" in sys.modules and "lazypkg.light" not in sys.modules
    assert vars(package)["load"] is sys.modules["lazypkg.heavy"].load  # later lookups are plain attributes


def test_a_name_the_block_does_not_declare_is_an_attribute_error(lazypkg: str) -> None:
    package = importlib.import_module(lazypkg)
    with pytest.raises(AttributeError, match="has no attribute 'unload'"):
        _ = package.unload


def test_only_absolute_from_imports_under_type_checking_are_exports() -> None:
    source = (
        "import os\nfrom json import dumps\n"
        "if TYPE_CHECKING:\n    from pkg.a import x as x\n    from pkg.b import y as z\n    import pkg.c\n"
        "if other:\n    from pkg.d import w\n"
    )
    assert declared_exports(source) == {"x": ("pkg.a", "x"), "z": ("pkg.b", "y")}


def test_every_lazy_package_of_chalicelib_resolves_each_name_it_declares() -> None:
    for package_name in ("campaigns", "customer_360", "knowledge", "screening", "tables", "tickets"):
        package = importlib.import_module(f"chalicelib.{package_name}")
        declared = declared_exports(Path(str(package.__file__)).read_text())
        assert declared, package_name
        for name in declared:
            assert getattr(package, name) is not None, f"chalicelib.{package_name}.{name}"
