"""TransferParticipantToThirdParty (adminguide participant-actions-transferparticipanttothirdparty).

The caller is connected to ``ThirdPartyPhoneNumber`` (E.164). With ``ContinueFlowExecution``
"False" the flow ends there (``transferred_to_phone``); otherwise the third party talks for
``ConnectionSeconds`` and the flow continues at NextAction once they hang up. A number that is
not E.164 is CallFailed; a third party that does not answer within the connection timeout
(``ConnectionTimeoutSeconds``; the simulator's numbers in ``unanswered_numbers`` never answer) is
ConnectionTimeLimitExceeded. The page names the timeout ``ThirdPartyConnectionTimeoutSeconds``;
console exports write ``ThirdPartyConnectionTimeLimitSeconds``: both are read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import TRANSFERRED_TO_PHONE, Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun

E164 = re.compile(r"^\+[1-9]\d{1,14}$")
CONNECTION_SECONDS = 30.0


def transfer_participant_to_third_party(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    number = run.value(parameters.get("ThirdPartyPhoneNumber", "")).strip()
    timeout_raw = parameters.get(
        "ThirdPartyConnectionTimeoutSeconds", parameters.get("ThirdPartyConnectionTimeLimitSeconds", 30)
    )
    timeout = float(run.value(timeout_raw) or 30)
    continues = str(parameters.get("ContinueFlowExecution", "True")) != "False"
    if not E164.match(number):
        yield 0.0
        return run.error(action, "CallFailed", f"{number!r} is not an E.164 number")
    run.log("network", f"transferring to {'*' * (len(number) - 4)}{number[-4:]}")
    if number in run.sim.unanswered_numbers:
        yield from run.wait(timeout)
        return run.error(action, "ConnectionTimeLimitExceeded", f"no answer within {timeout:g}s")
    if not continues:
        yield 0.0
        return TRANSFERRED_TO_PHONE
    digits = run.value(parameters.get("ThirdPartyDTMFDigits", ""))
    if digits:
        run.log("network", f"sent {digits} to the third party")
    yield from run.wait(CONNECTION_SECONDS)
    run.log("network", "third party hung up")
    return run.next(action)
