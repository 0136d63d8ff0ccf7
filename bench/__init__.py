"""Benchmarks: each prints ``bench <name> <value> <unit>`` lines; all land in bench-results.json."""
