"""Runs Flow-language JSON for one contact, as a generator that yields how long each step takes.

The simulator resumes the generator when virtual time has passed; the run returns how the flow
ended (``DISCONNECTED``, ``QUEUED``, ``ENDED``, ...) and raises ``CallerHungUp`` when the scripted
party hangs up mid-flow. Each action type has its handler in ``actions/`` (one table, ``HANDLERS``);
this module holds what they share: the flow data ``$.…`` references read, transitions and time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from local.connect_simulator.actions import HANDLERS
from local.connect_simulator.contacts import Contact
from local.connect_simulator.runtime import (
    DISCONNECTED,
    ENDED,
    ENDINGS,
    QUEUED,
    CallerHungUp,
    FlowRuntimeError,
    Interrupted,
    Steps,
    compare,
    speech_seconds,
)

if TYPE_CHECKING:
    from local.connect_simulator.simulator import ConnectSimulator

MAX_ACTIONS_PER_RUN = 2000
REFERENCE = re.compile(r"\$\.[A-Za-z]\w*(?:\.[\w-]+)*")

__all__ = [
    "DISCONNECTED",
    "ENDED",
    "QUEUED",
    "CallerHungUp",
    "FlowRun",
    "FlowRuntimeError",
    "Interrupted",
    "speech_seconds",
]


class FlowRun:
    """One flow running for one contact.

    ``flow_type`` is the Connect flow type it runs as; ``listener`` is who hears what it says
    (``system`` lines reach the customer, ``whisper`` lines the agent); ``deadline`` is when the
    run is cut short (a queue flow stops when an agent answers), raising ``Interrupted``.
    """

    def __init__(
        self,
        simulator: ConnectSimulator,
        contact: Contact,
        content: dict[str, Any],
        flow_name: str,
        flow_type: str = "CONTACT_FLOW",
        listener: str = "system",
        deadline: float | None = None,
    ) -> None:
        self.sim = simulator
        self.contact = contact
        self.flow_type = flow_type
        self.listener = listener
        self.deadline = deadline
        #: Set on a queue flow while routing looks for an agent: true once one is found.
        self.interrupted: Callable[[], bool] | None = None
        self.flow_attributes: dict[str, str] = {}
        self.switch_to(flow_name, content)

    def switch_to(self, flow_name: str, content: dict[str, Any]) -> str:
        """Continue in another flow (TransferToFlow); its flow attributes start empty. Returns its start."""
        self.flow_name = flow_name
        self.actions = {action["Identifier"]: action for action in content["Actions"]}
        self.start = str(content["StartAction"])
        self.flow_attributes = {}
        return self.start

    @property
    def chat(self) -> bool:
        return self.contact.channel == "CHAT"

    # -- data ------------------------------------------------------------------------------------
    def flow_data(self) -> dict[str, Any]:
        contact = self.contact
        return {
            "Attributes": contact.attributes,
            "External": contact.external,
            "ContactId": contact.contact_id,
            "InitialContactId": contact.contact_id,
            "Channel": contact.channel,
            "InitiationMethod": contact.initiation_method,
            "CustomerEndpoint": {"Address": contact.customer_number, "Type": "TELEPHONE_NUMBER"},
            "SystemEndpoint": {"Address": contact.system_number, "Type": "TELEPHONE_NUMBER"},
            "Queue": {"ARN": contact.target_queue, "Name": contact.queue_name}
            if contact.target_queue
            else None,
            "InstanceARN": self.sim.instance_arn,
            "StoredCustomerInput": contact.stored_input,
            "CustomerCallbackNumber": contact.callback_number or contact.customer_number,
            "TextToSpeechVoice": contact.voice,
            "FlowAttributes": self.flow_attributes,
            "Lex": contact.lex,
            "Metrics": contact.metrics,
            "Customer": contact.customer,
            "Case": contact.case,
            "Tags": contact.tags,
            "MediaStreams": contact.media_streams,
            **contact.contact_data,
        }

    def resolve(self, reference: str) -> str:
        value: Any = self.flow_data()
        for part in reference[2:].split("."):
            value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                return ""
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False)
        return value if isinstance(value, str) else str(value)

    def value(self, raw: Any) -> str:
        """A parameter value: a single reference, static text, or text with references inside."""
        text = str(raw)
        if REFERENCE.fullmatch(text):
            return self.resolve(text)
        return REFERENCE.sub(lambda match: self.resolve(match.group()), text)

    def contact_data(self) -> dict[str, Any]:
        data = self.flow_data()
        data.pop("External")
        data.pop("StoredCustomerInput")
        data["Attributes"] = dict(self.contact.attributes)
        data["PreviousContactId"] = self.contact.contact_id
        data["MediaStreams"] = self.contact.media_streams or {"Customer": {"Audio": None}}
        for internal in ("FlowAttributes", "Lex", "Metrics", "Customer", "Case", "CustomerCallbackNumber"):
            data.pop(internal, None)
        return data

    def log(self, who: str, text: str) -> None:
        self.contact.log(self.sim.clock.time(), who, text)

    def say(self, text: str, bot: bool = False) -> Generator[float, None, None]:
        """Speak (voice: text-to-speech time by words) or send (chat: at once) ``text`` to the
        listener; on a chat the customer's transcript gets it (as the Lex bot's when ``bot``)."""
        self.log(self.listener, text)
        if self.chat and self.listener == "system":
            self.sim.chat.system_says(self.contact.contact_id, text, bot=bot)
        yield from self.wait(0.0 if self.chat else speech_seconds(text))

    def stub(self, kind: str, reference: str) -> None:
        """Note a reference the flow makes that the simulator stood in for (``callctl flow run``)."""
        self.sim.note_stub(kind, reference)

    def unsupported(self, what: str) -> None:
        """Note an action type or parameter the simulator cannot honour (``callctl flow run`` reports it)."""
        if what not in self.contact.unsupported:
            self.contact.unsupported.append(what)
        self.log("flow", f"unsupported: {what}")

    # -- time ------------------------------------------------------------------------------------
    def wait(self, seconds: float) -> Generator[float, None, None]:
        """Let ``seconds`` pass, unless the party hangs up (or the contact is stopped) first."""
        hang_up_at = self.sim.hang_up_time(self.contact)
        now = self.sim.clock.time()
        if (
            self.deadline is not None
            and now + seconds >= self.deadline
            and (hang_up_at is None or self.deadline < hang_up_at)
        ):
            yield max(0.0, self.deadline - now)
            raise Interrupted()
        if hang_up_at is not None and now + seconds >= hang_up_at:
            yield max(0.0, hang_up_at - now)
            raise CallerHungUp()
        yield seconds
        if self.contact.stop_requested:
            raise CallerHungUp()
        if self.interrupted is not None and self.interrupted():
            raise Interrupted()

    # -- running ---------------------------------------------------------------------------------
    def run(self) -> Steps:
        identifier = self.start
        for _ in range(MAX_ACTIONS_PER_RUN):
            action = self.actions.get(identifier)
            if action is None:
                raise FlowRuntimeError(f"{self.flow_name}: transition to missing action {identifier!r}")
            outcome = yield from self.step(action)
            if outcome in ENDINGS:
                return outcome
            identifier = outcome
        raise FlowRuntimeError(
            f"{self.flow_name}: more than {MAX_ACTIONS_PER_RUN} actions, a loop never ends"
        )

    def step(self, action: dict[str, Any]) -> Steps:
        kind = action["Type"]
        self.contact.path.append(str(action["Identifier"]))
        handler = HANDLERS.get(kind)
        if handler is None:
            self.unsupported(kind)
            raise FlowRuntimeError(f"{self.flow_name}: the simulator does not run {kind}")
        if self.contact.flow_logging:
            self._write_flow_log(action)
        outcome: str = yield from handler(self, action, action.get("Parameters") or {})
        return outcome

    def _write_flow_log(self, action: dict[str, Any]) -> None:
        self.contact.flow_log.append(
            {
                "ContactId": self.contact.contact_id,
                "ContactFlowName": self.flow_name,
                "ContactFlowModuleType": action["Type"],
                "Identifier": action["Identifier"],
                "Timestamp": self.sim.clock.time(),
                "Parameters": action.get("Parameters") or {},
            }
        )

    # -- transitions -----------------------------------------------------------------------------
    def next(self, action: dict[str, Any]) -> str:
        """The action's NextAction (its success branch)."""
        next_action = action.get("Transitions", {}).get("NextAction")
        if next_action is None:
            raise FlowRuntimeError(f"{self.flow_name}: action {action['Identifier']!r} has no NextAction")
        return str(next_action)

    def error(self, action: dict[str, Any], error_type: str, why: str) -> str:
        """The branch for ``error_type``, else NoMatchingError's; a flow without either is broken."""
        self.log("flow", f"{action['Identifier']}: {error_type} ({why})")
        for error in action.get("Transitions", {}).get("Errors", []):
            if error.get("ErrorType") == error_type:
                return str(error["NextAction"])
        for error in action.get("Transitions", {}).get("Errors", []):
            if error.get("ErrorType") == "NoMatchingError":
                return str(error["NextAction"])
        raise FlowRuntimeError(
            f"{self.flow_name}: action {action['Identifier']!r} has no {error_type} branch"
        )

    def condition(self, action: dict[str, Any], result: str) -> str | None:
        """The first Condition the result satisfies, or None."""
        for condition in action.get("Transitions", {}).get("Conditions", []):
            spec = condition["Condition"]
            if compare(spec.get("Operator", "Equals"), result, str(spec["Operands"][0])):
                return str(condition["NextAction"])
        return None
