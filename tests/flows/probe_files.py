"""The probe flows under tests/flows/probes/ and what each is expected to show (manifest.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROBES = Path(__file__).parent / "probes"
MANIFEST: dict[str, Any] = json.loads((PROBES / "manifest.json").read_text(encoding="utf-8"))
#: Valid flows by path, with the Connect flow type each is written for.
VALID: dict[Path, str] = {PROBES / "valid" / name: flow_type for name, flow_type in MANIFEST["valid"].items()}
#: Broken flows by path: the flow type, the action at fault and the rule it breaks.
BROKEN: dict[Path, dict[str, str]] = {
    PROBES / "broken" / name: expected for name, expected in MANIFEST["broken"].items()
}
