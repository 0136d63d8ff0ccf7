"""Cold import cost of the module every Lambda loads (functions/app.py) against a bare boto3.

Each sample is a fresh interpreter, so nothing is cached in memory; the median of several
interleaved samples smooths out the noise of a shared machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from typing import TYPE_CHECKING

from local.paths import FUNCTIONS_DIR

if TYPE_CHECKING:
    from bench.report import BenchReport

_TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def _import_seconds(module: str) -> float:
    output = subprocess.run(
        [sys.executable, "-c", _TIMER.format(module=module)],
        cwd=FUNCTIONS_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(output.strip().splitlines()[-1])


def run(report: BenchReport, samples: int = 9) -> None:
    boto3_times, app_times = [], []
    for _ in range(samples):
        boto3_times.append(_import_seconds("boto3"))
        app_times.append(_import_seconds("app"))
    boto3_median = statistics.median(boto3_times)
    app_median = statistics.median(app_times)
    report.figure("lambda.cold_import_ms", app_median * 1000, "ms")
    report.figure("lambda.boto3_import_ms", boto3_median * 1000, "ms")
    report.figure("lambda.cold_import_ratio", app_median / boto3_median, "ratio")
