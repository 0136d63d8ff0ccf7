"""Liveness probe."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.api.errors import route

blueprint = Blueprint(__name__)


@route(blueprint, "/health", ["GET"])
def health() -> dict[str, Any]:
    return {"status": "ok"}
