"""Loads ``functions/app.py`` (the Chalice app whose handlers Lambda runs) by its path.

``import app`` is ambiguous in this repository: the CDK entry point is also ``app.py`` and, with
the repository root on ``sys.path`` first, wins. Loading by path always gets the Chalice app.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from local.paths import FUNCTIONS_DIR

if TYPE_CHECKING:
    from types import ModuleType

FUNCTION_APP_FILE = FUNCTIONS_DIR / "app.py"


#: The name used when ``app`` is taken (by the CDK entry point); CDK packaging uses the same.
FUNCTIONS_APP_ALIAS = "functions_app"


def loaded_function_module() -> ModuleType | None:
    """``functions/app.py`` if this process has loaded it, under whichever name.

    CDK packaging imports it as ``app`` and may leave it as ``functions_app``; tests may hold it
    under either. Its blueprints bind to the first app they are registered on, so it is loaded
    once per process and found by its file, not by a name.
    """
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None) or ""
        if file.endswith("app.py") and Path(file).resolve() == FUNCTION_APP_FILE:
            return module
    return None


def load_function_module() -> ModuleType:
    """``functions/app.py``, loaded by path the first time and reused after that."""
    module = loaded_function_module()
    if module is not None:
        return module
    name = "app" if "app" not in sys.modules else FUNCTIONS_APP_ALIAS
    spec = importlib.util.spec_from_file_location(name, FUNCTION_APP_FILE)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {FUNCTION_APP_FILE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]  # a half-loaded module must not be found as the app next time
        raise
    return module


def load_chalice_app() -> Any:
    """The ``Chalice`` object of ``functions/app.py``."""
    return load_function_module().app
