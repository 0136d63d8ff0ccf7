"""ShowView (participant-actions-showview): a step-by-step guide view shown on a chat.

The customer's next typed reply is the action they chose in the view, which is the result the
Conditions compare; no reply within ``InvocationTimeLimitSeconds`` is TimeLimitExceeded. On voice
the page says chat only: NoMatchingError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

DEFAULT_LIMIT_S = 300.0


def show_view(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    if not run.chat:
        yield 0.0
        return run.error(action, "NoMatchingError", "ShowView is chat only")
    view = run.value((parameters.get("ViewResource") or {}).get("Id", ""))
    run.log(run.listener, f"[view {view}]")
    limit = float(run.value(parameters.get("InvocationTimeLimitSeconds", DEFAULT_LIMIT_S)) or DEFAULT_LIMIT_S)
    choice = run.sim.next_utterance(run.contact)
    if choice is None:
        yield from run.wait(limit)
        return run.error(action, "TimeLimitExceeded", f"no answer in the view within {limit:g}s")
    yield from run.wait(min(5.0, limit))
    run.log("caller", f"chose {choice}")
    run.contact.contact_data["ViewResult"] = {"Action": choice}
    target = run.condition(action, choice)
    return target if target is not None else run.error(action, "NoMatchingCondition", choice)
