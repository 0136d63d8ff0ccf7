"""The HTTP edge: Chalice blueprints that parse requests, call the domain and shape responses.

Domain errors become ``{"error": {"code", "message"}}`` with their 4xx status in one place
(``chalicelib.api.errors.route``).
"""

from __future__ import annotations

from chalice import Chalice


def register(app: Chalice) -> None:
    """Attach every area's routes and handlers to the app."""
    from chalicelib.api import customers, health, tickets

    for blueprint in (health.blueprint, customers.blueprint, tickets.blueprint):
        app.register_blueprint(blueprint)
