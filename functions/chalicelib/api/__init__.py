"""The HTTP edge: Chalice blueprints that parse requests, call the domain and shape responses.

Every module in this package that defines ``blueprint`` is registered; add an area by adding a
module. Every staff route is refused to roles outside its row of ``chalicelib.api.access``;
every request is checked against its route's contract (``chalicelib.api.contracts``) and
every error answers ``{"error": {"code", "message"}}``: domain errors with their 4xx in
``chalicelib.api.errors.route``, everything Chalice answers itself in ``errors.shape_responses``.
"""

from __future__ import annotations

from chalice import Chalice


def register(app: Chalice) -> None:
    """Attach every area's routes and handlers (flow Lambdas, queue consumers) to the app."""
    # Cold start: imported here, not at the top, since a flow Lambda's handler imports this
    # package (its parent) but never registers anything.
    import importlib
    import pkgutil

    from chalicelib.api.access import enforce_roles
    from chalicelib.api.errors import shape_responses

    app.register_middleware(shape_responses, "http")
    app.register_middleware(enforce_roles(app), "http")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        blueprint = getattr(module, "blueprint", None)
        if blueprint is not None:
            app.register_blueprint(blueprint)
