"""Synthesizing the stacks leaves one functions/app.py in the process, the one every test uses.

Its blueprints bind to the first Chalice app they are registered on; a second copy of the module
would fail on duplicate routes (the functional tests, run after tests/infra, used to).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING

from local.connect_simulator.function_app import FUNCTIONS_APP_ALIAS, load_chalice_app, load_function_module

if TYPE_CHECKING:
    import pytest

    from tests.infra.conftest import SynthesizedStage


def test_after_synthesis_the_tests_load_the_packaged_app_with_every_function_and_route(
    dev: SynthesizedStage,
) -> None:
    from chalice.test import Client

    from infra.functions_stack import CHALICE_API, logical_id

    app = load_chalice_app()
    handlers = {logical_id(name) for name in app.handler_map}
    assert set(dev.stacks.functions.functions) - {CHALICE_API} <= handlers
    with Client(app) as client:
        response = client.http.get("/health")
    assert (response.status_code, response.json_body) == (200, {"status": "ok"})


def test_packaging_gives_app_back_to_the_module_that_held_it(
    dev: SynthesizedStage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infra.functions_stack import _packaging_chalice_app

    functions_app = load_function_module()
    cdk_entry_point = ModuleType("app")  # e.g. a test imported the CDK app.py first
    monkeypatch.setitem(sys.modules, "app", cdk_entry_point)
    monkeypatch.setitem(sys.modules, FUNCTIONS_APP_ALIAS, functions_app)  # so the loader named it
    with _packaging_chalice_app(dev.stacks.settings):
        assert sys.modules["app"] is functions_app  # what Chalice's ``import app`` must find
    assert sys.modules["app"] is cdk_entry_point
    assert load_function_module() is functions_app
