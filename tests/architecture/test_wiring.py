"""Every function the wiring names (queues, schedules, topics, contact flows) is a function of the app.

``infra/wiring.py`` is the one table of triggers; synth and the local runner refuse a name the app
lacks (``require_wired``), and this test says so before anything is synthesized: rename
``dial_contacts`` and the dialler queue would otherwise have no consumer.
"""

from __future__ import annotations

import pytest

from infra.flows import FLOW_LAMBDAS
from infra.wiring import FLOW_INVOKED_FUNCTIONS, WiringError, require_wired, wired_function_names
from local.connect_simulator.function_app import load_chalice_app


def test_every_wired_function_is_a_function_of_the_chalice_app() -> None:
    app = load_chalice_app()
    missing = [name for name in wired_function_names() if name not in app.handler_map]
    assert missing == [], f"infra/wiring.py names functions functions/app.py does not have: {missing}"


def test_every_function_a_contact_flow_invokes_is_wired_to_connect() -> None:
    assert set(FLOW_LAMBDAS) <= set(FLOW_INVOKED_FUNCTIONS)


def test_a_missing_function_stops_synth_and_the_runner_naming_it() -> None:
    present = set(wired_function_names()) - {"dial_contacts"}
    with pytest.raises(WiringError, match="names dial_contacts, which the app does not have"):
        require_wired(present.__contains__, "the app")
    require_wired(set(wired_function_names()).__contains__, "the app")  # all there: no error
