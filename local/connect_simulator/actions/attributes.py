"""UpdateContactAttributes: user-defined attributes (``$.Attributes``) the rest of the contact reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun
    from local.connect_simulator.runtime import Steps


def update_contact_attributes(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    updates = {
        run.value(key): run.value(value) for key, value in (parameters.get("Attributes") or {}).items()
    }
    run.contact.attributes.update(updates)
    run.log("flow", f"attributes {updates}")
    yield 0.0
    return run.next(action)
