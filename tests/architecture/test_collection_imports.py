"""Collecting the CDK tests loads neither the CDK nor Node.js.

Every xdist worker collects every test module, but only one runs ``tests/infra`` (its tests share
the synthesized app's worker, ``tests/conftest.py``). Imported at module level, aws_cdk, cdk-nag
and the stacks cost each other worker ~1.2 s of CPU for nothing (0.7 s of Python, 0.5 s of the
Node.js process jsii starts on import), so the CDK tests import them inside the tests and
fixtures that use them. A fresh interpreter, so that nothing an earlier test imported counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The CDK and what starts or drives Node.js: jsii, the construct library, cdk-nag, Chalice's
#: CDK construct; cfn-lint is as heavy (sympy, networkx).
HEAVY = ("aws_cdk", "cdk_nag", "chalice.cdk", "cfnlint", "constructs", "jsii")


def test_importing_every_cdk_test_module_loads_no_cdk() -> None:
    modules = sorted(f"tests.infra.{path.stem}" for path in (ROOT / "tests" / "infra").glob("*.py"))
    assert "tests.infra.conftest" in modules and len(modules) > 20
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "functions")])},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(result.stdout.splitlines()[-1]) == []
