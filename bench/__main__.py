"""``make bench``: run every benchmark in one process and write bench-results.json."""

from __future__ import annotations

from bench import cold_import
from bench.report import BenchReport


def main() -> None:
    report = BenchReport()
    cold_import.run(report)
    report.write()


if __name__ == "__main__":
    main()
