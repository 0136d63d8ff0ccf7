"""Regenerate ``schemas/campaign.schema.json`` from ``chalicelib.campaigns.schema``.

Run from the repository root: ``PYTHONPATH=functions python -m chalicelib.campaigns.publish_schema``.
"""

from __future__ import annotations

from pathlib import Path

from chalicelib.campaigns.schema import write_published_schema

PUBLISHED_SCHEMA = Path(__file__).resolve().parents[3] / "schemas" / "campaign.schema.json"

if __name__ == "__main__":
    write_published_schema(PUBLISHED_SCHEMA)
    print(f"wrote {PUBLISHED_SCHEMA}")
