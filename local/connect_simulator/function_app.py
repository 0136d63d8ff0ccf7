"""Loads ``functions/app.py`` (the Chalice app whose handlers Lambda runs) by its path.

``import app`` is ambiguous in this repository: the CDK entry point is also ``app.py`` and, with
the repository root on ``sys.path`` first, wins. Loading by path always gets the Chalice app.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from local.paths import FUNCTIONS_DIR

FUNCTION_APP_FILE = FUNCTIONS_DIR / "app.py"


def load_function_module() -> ModuleType:
    for name in ("app", "functions_app"):
        module = sys.modules.get(name)
        if module is not None and Path(getattr(module, "__file__", "") or "").resolve() == FUNCTION_APP_FILE:
            return module
    name = "app" if "app" not in sys.modules else "functions_app"
    spec = importlib.util.spec_from_file_location(name, FUNCTION_APP_FILE)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {FUNCTION_APP_FILE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_chalice_app() -> Any:
    """The ``Chalice`` object of ``functions/app.py``."""
    return load_function_module().app
