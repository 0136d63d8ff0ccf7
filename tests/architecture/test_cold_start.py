"""Cold start: loading the function app (what every Lambda does first) leaves the heavy libraries
for the first call that needs them.

A fresh interpreter, so that nothing an earlier test imported counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"

#: Each costs tens to hundreds of milliseconds to import, and most invocations never use it.
DEFERRED = ("phonenumbers", "jsonschema", "yaml", "boto3")


def _top_level_modules_after(statement: str) -> set[str]:
    script = (
        f"import json, sys\n{statement}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=FUNCTIONS_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_importing_the_function_app_loads_none_of_the_heavy_libraries() -> None:
    loaded = _top_level_modules_after("import app")
    assert "chalice" in loaded  # the app was really imported
    assert sorted(loaded & set(DEFERRED)) == []
