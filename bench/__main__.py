"""``make bench``: run every benchmark in one process and write bench-results.json.

Every module in ``bench/`` with a ``run(report)`` function is a benchmark; ``make bench
ONLY=name`` (env ``BENCH_ONLY``) runs one.
"""

from __future__ import annotations

import importlib
import os
import pkgutil

import bench
from bench.report import BenchReport


def main() -> None:
    only = os.environ.get("BENCH_ONLY", "")
    report = BenchReport()
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if info.name in {"report", "__main__"} or (only and info.name != only):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if hasattr(module, "run"):
            module.run(report)
    report.write()


if __name__ == "__main__":
    main()
