"""Runs Flow-language JSON for one contact, as a generator that yields how long each step takes.

The simulator resumes the generator when virtual time has passed; the run returns how the flow
ended (``DISCONNECTED``, ``QUEUED`` or ``ENDED``) and raises ``CallerHungUp`` when the
scripted party hangs up mid-flow.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from local.connect_simulator.contacts import Contact
from local.connect_simulator.lambdas import connect_event

if TYPE_CHECKING:
    from local.connect_simulator.simulator import ConnectSimulator

Steps = Generator[float, None, str]
# How a run ends; not valid identifiers, so no action can be mistaken for them.
DISCONNECTED = "\x00disconnected"
QUEUED = "\x00queued"
ENDED = "\x00ended"
MAX_ACTIONS_PER_RUN = 2000
REFERENCE = re.compile(r"\$\.[A-Za-z]\w*(?:\.[\w-]+)*")
CJK = re.compile(r"[\u3400-\u9fff]")


class CallerHungUp(Exception):
    """The party hung up while the flow was running."""


class FlowRuntimeError(Exception):
    """The flow JSON asks for something the simulator (or Connect) cannot do."""


def speech_seconds(text: str) -> float:
    """Roughly how long text-to-speech takes: 2.5 words a second, 4.5 CJK characters a second."""
    cjk = len(CJK.findall(text))
    words = len(CJK.sub(" ", text).split())
    return max(0.5, round(words / 2.5 + cjk / 4.5, 1))


def _compare(operator: str, value: str, operand: str) -> bool:
    if operator == "Equals":
        return value == operand
    if operator == "TextStartsWith":
        return value.startswith(operand)
    if operator == "TextEndsWith":
        return value.endswith(operand)
    if operator == "TextContains":
        return operand in value
    try:
        number, other = float(value), float(operand)
    except ValueError:
        return False
    return {
        "NumberGreaterThan": number > other,
        "NumberGreaterOrEqualTo": number >= other,
        "NumberLessThan": number < other,
        "NumberLessOrEqualTo": number <= other,
    }.get(operator, False)


class FlowRun:
    def __init__(
        self, simulator: ConnectSimulator, contact: Contact, content: dict[str, Any], flow_name: str
    ) -> None:
        self.sim = simulator
        self.contact = contact
        self.flow_name = flow_name
        self.actions = {action["Identifier"]: action for action in content["Actions"]}
        self.start = content["StartAction"]

    # -- data ------------------------------------------------------------------------------------
    def flow_data(self) -> dict[str, Any]:
        contact = self.contact
        return {
            "Attributes": contact.attributes,
            "External": contact.external,
            "ContactId": contact.contact_id,
            "InitialContactId": contact.contact_id,
            "Channel": "VOICE",
            "InitiationMethod": contact.initiation_method,
            "CustomerEndpoint": {"Address": contact.customer_number, "Type": "TELEPHONE_NUMBER"},
            "SystemEndpoint": {"Address": contact.system_number, "Type": "TELEPHONE_NUMBER"},
            "Queue": {"ARN": contact.target_queue, "Name": contact.queue_name}
            if contact.target_queue
            else None,
            "InstanceARN": self.sim.instance_arn,
            "StoredCustomerInput": contact.stored_input,
        }

    def resolve(self, reference: str) -> str:
        value: Any = self.flow_data()
        for part in reference[2:].split("."):
            value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                return ""
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
        data["MediaStreams"] = {"Customer": {"Audio": None}}
        return data

    # -- time ------------------------------------------------------------------------------------
    def wait(self, seconds: float) -> Generator[float, None, None]:
        """Let ``seconds`` pass, unless the party hangs up (or the contact is stopped) first."""
        hang_up_at = self.sim.hang_up_time(self.contact)
        now = self.sim.clock.time()
        if hang_up_at is not None and now + seconds >= hang_up_at:
            yield max(0.0, hang_up_at - now)
            raise CallerHungUp()
        yield seconds
        if self.contact.stop_requested:
            raise CallerHungUp()

    # -- running ---------------------------------------------------------------------------------
    def run(self) -> Steps:
        identifier = self.start
        for _ in range(MAX_ACTIONS_PER_RUN):
            action = self.actions.get(identifier)
            if action is None:
                raise FlowRuntimeError(f"{self.flow_name}: transition to missing action {identifier!r}")
            outcome = yield from self.step(action)
            if outcome in (DISCONNECTED, QUEUED, ENDED):
                return outcome
            identifier = outcome
        raise FlowRuntimeError(
            f"{self.flow_name}: more than {MAX_ACTIONS_PER_RUN} actions, a loop never ends"
        )

    def _next(self, action: dict[str, Any]) -> str:
        next_action = action.get("Transitions", {}).get("NextAction")
        if next_action is None:
            raise FlowRuntimeError(f"{self.flow_name}: action {action['Identifier']!r} has no NextAction")
        return str(next_action)

    def _error(self, action: dict[str, Any], error_type: str, why: str) -> str:
        self.contact.log(self.sim.clock.time(), "flow", f"{action['Identifier']}: {error_type} ({why})")
        for error in action.get("Transitions", {}).get("Errors", []):
            if error.get("ErrorType") == error_type:
                return str(error["NextAction"])
        for error in action.get("Transitions", {}).get("Errors", []):
            if error.get("ErrorType") == "NoMatchingError":
                return str(error["NextAction"])
        raise FlowRuntimeError(
            f"{self.flow_name}: action {action['Identifier']!r} has no {error_type} branch"
        )

    def _condition(self, action: dict[str, Any], result: str) -> str | None:
        for condition in action.get("Transitions", {}).get("Conditions", []):
            spec = condition["Condition"]
            if _compare(spec.get("Operator", "Equals"), result, str(spec["Operands"][0])):
                return str(condition["NextAction"])
        return None

    def step(self, action: dict[str, Any]) -> Generator[float, None, str]:
        kind = action["Type"]
        handler = getattr(self, f"_do_{kind}", None)
        if handler is None:
            raise FlowRuntimeError(f"{self.flow_name}: the simulator does not run {kind}")
        outcome: str = yield from handler(action, action.get("Parameters") or {})
        return outcome

    # -- actions ---------------------------------------------------------------------------------
    def _spoken(self, parameters: dict[str, Any]) -> str:
        text = self.value(parameters.get("Text") or parameters.get("SSML") or "")
        return re.sub(r"<[^>]+>", "", text).strip()

    def _do_MessageParticipant(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        text = self._spoken(parameters)
        if not text:
            return self._error(action, "NoMatchingError", "nothing to say")
        self.contact.log(self.sim.clock.time(), "system", text)
        yield from self.wait(speech_seconds(text))
        return self._next(action)

    def _do_GetParticipantInput(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        text = self._spoken(parameters)
        timeout = float(parameters.get("InputTimeLimitSeconds", 5))
        started = self.sim.clock.time()
        if text:
            self.contact.log(started, "system", text)
        prompt_end = started + speech_seconds(text) if text else started
        window_end = prompt_end + timeout
        press = self.sim.next_key_press(self.contact, started, prompt_end, window_end)
        if press is None:
            yield from self.wait(window_end - started)
            return self._error(action, "InputTimeLimitExceeded", f"no key within {timeout:g}s")
        key, pressed_at = press
        yield from self.wait(pressed_at - started)
        self.contact.log(self.sim.clock.time(), "caller", f"pressed {key}")
        if str(parameters.get("StoreInput", "False")) == "True":
            self.contact.stored_input = key
            return self._next(action)
        target = self._condition(action, key)
        return target if target is not None else self._error(action, "NoMatchingCondition", f"key {key}")

    def _do_InvokeLambdaFunction(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        arn = self.value(parameters.get("LambdaFunctionARN", ""))
        invocation_parameters = {
            self.value(key): self.value(value)
            for key, value in (parameters.get("LambdaInvocationAttributes") or {}).items()
        }
        limit = float(parameters.get("InvocationTimeLimitSeconds", 3))
        invocation = self.sim.lambdas.invoke(
            arn, connect_event(self.contact_data(), invocation_parameters), limit
        )
        yield from self.wait(max(0.1, round(invocation.elapsed_ms / 1000, 1)))
        shown = ", ".join(f"{key}={value}" for key, value in invocation_parameters.items())
        if invocation.error is not None:
            self.contact.log(
                self.sim.clock.time(), "lambda", f"{invocation.function}({shown}) failed: {invocation.error}"
            )
            return self._error(action, "NoMatchingError", invocation.error)
        self.contact.external = dict(invocation.response or {})
        self.contact.log(
            self.sim.clock.time(), "lambda", f"{invocation.function}({shown}) -> {self.contact.external}"
        )
        return self._next(action)

    def _do_UpdateContactAttributes(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        updates = {
            self.value(key): self.value(value) for key, value in (parameters.get("Attributes") or {}).items()
        }
        self.contact.attributes.update(updates)
        self.contact.log(self.sim.clock.time(), "flow", f"attributes {updates}")
        yield 0.0
        return self._next(action)

    def _do_Compare(self, action: dict[str, Any], parameters: dict[str, Any]) -> Generator[float, None, str]:
        value = self.value(parameters.get("ComparisonValue", ""))
        yield 0.0
        target = self._condition(action, value)
        if target is not None:
            return target
        for error in action.get("Transitions", {}).get("Errors", []):
            if error.get("ErrorType") == "NoMatchingCondition":
                return str(error["NextAction"])
        return self._next(action)

    def _do_Loop(self, action: dict[str, Any], parameters: dict[str, Any]) -> Generator[float, None, str]:
        identifier = action["Identifier"]
        count = int(self.value(parameters.get("LoopCount", "0")) or 0)
        done = self.contact.loop_counts.get(identifier, 0)
        if done < count:
            self.contact.loop_counts[identifier] = done + 1
            result = "ContinueLooping"
        else:
            self.contact.loop_counts[identifier] = 0
            result = "DoneLooping"
        yield 0.0
        target = self._condition(action, result)
        return target if target is not None else self._next(action)

    def _do_CheckHoursOfOperation(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        hours = self.value(parameters.get("HoursOfOperationId", ""))
        is_open = self.sim.hours_open(hours)
        yield 0.0
        if is_open is None:
            return self._error(action, "NoMatchingError", f"unknown hours {hours}")
        self.contact.log(self.sim.clock.time(), "flow", f"hours {'open' if is_open else 'closed'}")
        target = self._condition(action, "True" if is_open else "False")
        return target if target is not None else self._error(action, "NoMatchingError", "no condition")

    def _do_UpdateContactTargetQueue(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        yield 0.0
        if "AgentId" in parameters:
            agent = self.value(parameters["AgentId"]).rsplit("/", 1)[-1]
            if not agent:
                return self._error(action, "NoMatchingError", "no agent")
            self.contact.target_queue = f"agent/{agent}"
            self.contact.queue_name = f"agent:{agent}"
        else:
            queue = self.value(parameters.get("QueueId", ""))
            arn = self.sim.resolve_queue(queue)
            if arn is None:
                return self._error(action, "NoMatchingError", f"unknown queue {queue!r}")
            self.contact.target_queue, self.contact.queue_name = arn, self.sim.queue_name(arn)
        self.contact.log(self.sim.clock.time(), "flow", f"target queue {self.contact.queue_name}")
        return self._next(action)

    def _do_UpdateContactRoutingBehavior(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        if "QueuePriority" in parameters:
            self.contact.priority = int(parameters["QueuePriority"])
            self.contact.log(self.sim.clock.time(), "flow", f"queue priority {self.contact.priority}")
        yield 0.0
        return self._next(action)

    def _do_UpdateContactTextToSpeechVoice(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        self.contact.voice = str(parameters.get("TextToSpeechVoice", self.contact.voice))
        yield 0.0
        return self._next(action)

    def _do_UpdateContactEventHooks(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        hooks = {key: self.value(value) for key, value in (parameters.get("EventHooks") or {}).items()}
        self.contact.event_hooks.update(hooks)
        yield 0.0
        return self._next(action)

    def _do_TransferContactToQueue(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        yield 0.0
        if self.contact.target_queue is None:
            return self._error(action, "NoMatchingError", "no target queue")
        if self.sim.queue_full(self.contact.target_queue):
            return self._error(action, "QueueAtCapacity", f"{self.contact.queue_name} is full")
        return QUEUED

    def _do_CreateCallbackContact(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        queue = self.value(parameters.get("QueueId", "")) or self.contact.target_queue or ""
        self.sim.record_queued_callback(
            self.contact, queue, int(parameters.get("InitialCallDelaySeconds", 1))
        )
        yield 0.0
        return self._next(action)

    def _do_DisconnectParticipant(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        yield 0.0
        return DISCONNECTED

    def _do_EndFlowExecution(
        self, action: dict[str, Any], parameters: dict[str, Any]
    ) -> Generator[float, None, str]:
        yield 0.0
        return ENDED
