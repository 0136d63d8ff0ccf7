"""The benchmark output format shared by every benchmark (DESIGN.md, stable surfaces)."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS_FILE = Path("bench-results.json")


class BenchReport:
    """Collects figures, prints each as it arrives, writes them all at the end."""

    def __init__(self) -> None:
        self.figures: dict[str, dict[str, float | str]] = {}

    def figure(self, name: str, value: float, unit: str) -> None:
        rounded = round(value, 4)
        self.figures[name] = {"value": rounded, "unit": unit}
        print(f"bench {name} {rounded} {unit}", flush=True)

    def write(self, path: Path = RESULTS_FILE) -> None:
        path.write_text(json.dumps(self.figures, indent=2, sort_keys=True) + "\n")
