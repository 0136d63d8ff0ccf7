"""Small reusable blocks that emit Amazon Connect Flow-language actions (Version 2019-10-30).

Each block adds one or a few actions under an identifier you choose and names the identifiers it
continues to, so a flow reads top to bottom like the call it describes::

    flow = FlowBuilder("post-call-survey", prompts)
    flow.say("thanks", "survey_thanks", next="hang-up")
    flow.disconnect("hang-up")
    built = flow.build(start="thanks")

Spoken blocks (``say``, ``ask``) take a prompt key, not text: they branch on the contact's
``language`` attribute to one action per language, with the wording read from ``prompts/``.
Action types and parameters follow the Flow-language reference (MessageParticipant,
GetParticipantInput, InvokeLambdaFunction, ...); numbers are written as strings, as Connect
exports them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# NOT_SET ("none") is what an attribute holds when it has no value: flows never Compare against "".
from chalicelib.telephony import NOT_SET as NOT_SET
from infra.flows.prompts import PromptCatalogue

FLOW_LANGUAGE_VERSION = "2019-10-30"
LANGUAGE_ATTRIBUTE = "language"
MAX_IDENTIFIER_LENGTH = 50
DTMF_KEYS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")

# Amazon Polly voices per language (UpdateContactTextToSpeechVoice takes a static voice).
DEFAULT_VOICES: Mapping[str, str] = {"en-US": "Joanna", "zh-CN": "Zhiyu"}
#: The first action of every flow: Connect writes flow logs only for flows that turn them on.
FLOW_LOGGING_ACTION = "flow-logging"
#: Who is recorded once ``record_call`` runs (UpdateContactRecordingBehavior).
RECORDED_PARTICIPANTS: tuple[str, ...] = ("Agent", "Customer")


@dataclass(frozen=True)
class PromptUse:
    """A prompt key an action speaks in a language (the validator checks it exists)."""

    action: str
    key: str
    language: str


@dataclass
class BuiltFlow:
    """A flow's Flow-language content plus what the validator needs to know about how it was built."""

    name: str
    description: str
    content: dict[str, Any]
    prompt_uses: list[PromptUse] = field(default_factory=list)
    flow_type: str = "CONTACT_FLOW"

    def to_json(self) -> str:
        return json.dumps(self.content, ensure_ascii=False, separators=(",", ":"))

    @property
    def actions(self) -> dict[str, dict[str, Any]]:
        return {action["Identifier"]: action for action in self.content["Actions"]}

    def lambda_arns(self) -> list[str]:
        return [
            action["Parameters"]["LambdaFunctionARN"]
            for action in self.content["Actions"]
            if action["Type"] == "InvokeLambdaFunction"
        ]


def _conditions(cases: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [
        {"NextAction": target, "Condition": {"Operator": operator, "Operands": [operand]}}
        for operator, operand, target in cases
    ]


def _errors(errors: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"NextAction": target, "ErrorType": error_type} for error_type, target in errors.items()]


class FlowBuilder:
    """Collects actions for one flow; ``build`` returns the Flow-language document."""

    def __init__(
        self,
        name: str,
        prompts: PromptCatalogue,
        description: str = "",
        languages: Sequence[str] | None = None,
        default_language: str = "en-US",
    ) -> None:
        self.name = name
        self.description = description
        self.prompts = prompts
        self.languages = tuple(languages or prompts.languages)
        self.default_language = default_language
        self._actions: dict[str, dict[str, Any]] = {}
        self._prompt_uses: list[PromptUse] = []

    # -- the raw action -------------------------------------------------------------------------
    def action(
        self,
        identifier: str,
        action_type: str,
        parameters: Mapping[str, Any] | None = None,
        next: str | None = None,
        conditions: Sequence[tuple[str, str, str]] = (),
        errors: Mapping[str, str] | None = None,
    ) -> str:
        """Add one action; ``conditions`` are ``(operator, operand, target)``, ``errors`` map type → target."""
        if identifier in self._actions:
            raise ValueError(f"flow {self.name!r} already has an action {identifier!r}")
        transitions: dict[str, Any] = {}
        if next is not None:
            transitions["NextAction"] = next
        if conditions:
            transitions["Conditions"] = _conditions(conditions)
        if errors:
            transitions["Errors"] = _errors(errors)
        self._actions[identifier] = {
            "Identifier": identifier,
            "Type": action_type,
            "Parameters": dict(parameters or {}),
            "Transitions": transitions,
        }
        return identifier

    # -- speaking -------------------------------------------------------------------------------
    def _prompt_parameters(self, identifier: str, key: str, language: str) -> dict[str, str]:
        self._prompt_uses.append(PromptUse(identifier, key, language))
        prompt = self.prompts.get(language, key)
        if prompt is None:
            return {"Text": ""}
        return {"SSML": prompt.text} if prompt.is_ssml else {"Text": prompt.text}

    def _per_language(self, identifier: str, build_variant: Any) -> str:
        """A Compare on the language attribute leading to one variant action per language."""
        variants = {language: f"{identifier}-{language}" for language in self.languages}
        self.action(
            identifier,
            "Compare",
            {"ComparisonValue": f"$.Attributes.{LANGUAGE_ATTRIBUTE}"},
            next=variants[self.default_language],
            conditions=[("Equals", language, target) for language, target in variants.items()],
            errors={"NoMatchingCondition": variants[self.default_language]},
        )
        for language, variant in variants.items():
            build_variant(variant, language)
        return identifier

    def say(self, identifier: str, key: str, next: str, on_error: str | None = None) -> str:
        """Speak the prompt ``key`` in the contact's language (MessageParticipant)."""

        def variant(variant_id: str, language: str) -> None:
            self.action(
                variant_id,
                "MessageParticipant",
                self._prompt_parameters(variant_id, key, language),
                next=next,
                errors={"NoMatchingError": on_error or next},
            )

        return self._per_language(identifier, variant)

    def say_text(
        self, identifier: str, text: str, next: str, on_error: str | None = None, ssml: bool = False
    ) -> str:
        """Speak text that is not a prompt, usually a reference such as ``$.Attributes.messageText``;
        ``ssml`` sends it as SSML (a ``<speak>`` document) rather than plain text."""
        return self.action(
            identifier,
            "MessageParticipant",
            {"SSML" if ssml else "Text": text},
            next=next,
            errors={"NoMatchingError": on_error or next},
        )

    def ask(
        self,
        identifier: str,
        options: Mapping[str, str],
        on_timeout: str,
        on_invalid: str,
        on_error: str | None = None,
        key: str | None = None,
        text: str | None = None,
        timeout_s: int = 5,
        ssml: bool = False,
    ) -> str:
        """Speak a prompt (``key``) or text (as SSML when ``ssml``) and branch on one key press
        (GetParticipantInput). Keys pressed while it speaks count: the prompt can be interrupted."""
        for pressed in options:
            if pressed not in DTMF_KEYS:
                raise ValueError(f"{identifier}: {pressed!r} is not a single DTMF key")

        def parameters(variant_id: str, language: str | None) -> dict[str, Any]:
            spoken = (
                self._prompt_parameters(variant_id, key, language)
                if key is not None and language is not None
                else {"SSML" if ssml else "Text": text or ""}
            )
            return {**spoken, "InputTimeLimitSeconds": str(timeout_s), "StoreInput": "False"}

        def variant(variant_id: str, language: str | None) -> None:
            self.action(
                variant_id,
                "GetParticipantInput",
                parameters(variant_id, language),
                next=on_invalid,
                conditions=[("Equals", pressed, target) for pressed, target in options.items()],
                errors={
                    "InputTimeLimitExceeded": on_timeout,
                    "NoMatchingCondition": on_invalid,
                    "NoMatchingError": on_error or on_timeout,
                },
            )

        if key is None:
            variant(identifier, None)
            return identifier
        return self._per_language(identifier, variant)

    def talk_to_bot(
        self,
        identifier: str,
        alias_arn: str,
        key: str,
        next: str,
        intents: Mapping[str, str],
        on_timeout: str,
        on_error: str,
        chat_timeout_s: int = 3600,
    ) -> str:
        """Say the prompt ``key`` and let a Lex V2 bot (its alias ARN) take the customer's next
        message (ConnectParticipantWithLexBot). ``intents`` branch on the recognised intent; any
        other intent continues to ``next`` (the bot has answered). ``$.Lex.SessionAttributes``
        then holds what its fulfilment set. ``chat_timeout_s``: how long a chat customer may take
        to write (``LexTimeoutSeconds.Text``)."""

        def variant(variant_id: str, language: str) -> None:
            self.action(
                variant_id,
                "ConnectParticipantWithLexBot",
                {
                    **self._prompt_parameters(variant_id, key, language),
                    "LexV2Bot": {"AliasArn": alias_arn},
                    "LexTimeoutSeconds": {"Text": str(chat_timeout_s)},
                },
                next=next,
                conditions=[("Equals", intent, target) for intent, target in intents.items()],
                errors={
                    "InputTimeLimitExceeded": on_timeout,
                    "NoMatchingCondition": next,
                    "NoMatchingError": on_error,
                },
            )

        return self._per_language(identifier, variant)

    # -- contact data ---------------------------------------------------------------------------
    def set_attributes(
        self, identifier: str, attributes: Mapping[str, str], next: str, on_error: str | None = None
    ) -> str:
        """Set user-defined contact attributes (UpdateContactAttributes); values may be references."""
        return self.action(
            identifier,
            "UpdateContactAttributes",
            {"Attributes": dict(attributes)},
            next=next,
            errors={"NoMatchingError": on_error or next},
        )

    def invoke(
        self,
        identifier: str,
        function_arn: str,
        next: str,
        on_error: str,
        parameters: Mapping[str, str] | None = None,
        time_limit_s: int = 3,
    ) -> str:
        """Invoke a Lambda synchronously; its flat string map lands under ``$.External``."""
        if not 1 <= time_limit_s <= 8:
            raise ValueError(f"{identifier}: InvocationTimeLimitSeconds must be 1..8")
        params: dict[str, Any] = {
            "LambdaFunctionARN": function_arn,
            "InvocationTimeLimitSeconds": str(time_limit_s),
            "ResponseValidation": {"ResponseType": "STRING_MAP"},
        }
        if parameters:
            params["LambdaInvocationAttributes"] = dict(parameters)
        return self.action(
            identifier, "InvokeLambdaFunction", params, next=next, errors={"NoMatchingError": on_error}
        )

    def branch(
        self,
        identifier: str,
        value: str,
        cases: Mapping[str, str] | Sequence[tuple[str, str, str]],
        otherwise: str,
    ) -> str:
        """Compare one value (a JSONPath reference) against static operands, first match wins."""
        if isinstance(cases, Mapping):
            conditions = [("Equals", operand, target) for operand, target in cases.items()]
        else:
            conditions = list(cases)
        return self.action(
            identifier,
            "Compare",
            {"ComparisonValue": value},
            next=otherwise,
            conditions=conditions,
            errors={"NoMatchingCondition": otherwise},
        )

    def loop(self, identifier: str, count: int, again: str, done: str) -> str:
        """Go to ``again`` ``count`` times, then to ``done`` (the counter resets afterwards)."""
        return self.action(
            identifier,
            "Loop",
            {"LoopCount": str(count)},
            next=done,
            conditions=[("Equals", "ContinueLooping", again), ("Equals", "DoneLooping", done)],
        )

    # -- voice ----------------------------------------------------------------------------------
    def set_voice(
        self, identifier: str, voice: str, next: str, engine: str = "Neural", on_error: str | None = None
    ) -> str:
        """UpdateContactTextToSpeechVoice. Its current page says an invalid voice or engine is an
        error and NoMatchingError "must always be defined" (the 2023 page listed no errors): a
        voice Polly refuses continues to ``on_error`` (default ``next``, the previous voice)."""
        return self.action(
            identifier,
            "UpdateContactTextToSpeechVoice",
            {"TextToSpeechVoice": voice, "TextToSpeechEngine": engine},
            next=next,
            errors={"NoMatchingError": on_error or next},
        )

    def set_voice_for_language(self, identifier: str, next: str) -> str:
        """The Polly voice of the contact's language (the voice must be static, hence the branch)."""
        return self._per_language(
            identifier,
            lambda variant_id, language: self.set_voice(variant_id, DEFAULT_VOICES[language], next),
        )

    # -- recording ------------------------------------------------------------------------------
    def record_call(self, identifier: str, next: str) -> str:
        """Record the agent and the customer from here on (UpdateContactRecordingBehavior; its
        page lists no errors). The audio goes to the instance's CALL_RECORDINGS storage
        (``infra.call_recordings``); only flows whose caller was told so record."""
        return self.action(
            identifier,
            "UpdateContactRecordingBehavior",
            {"RecordingBehavior": {"RecordedParticipants": list(RECORDED_PARTICIPANTS)}},
            next=next,
        )

    # -- routing --------------------------------------------------------------------------------
    def set_queue(
        self,
        identifier: str,
        next: str,
        on_error: str,
        queue_arn: str | None = None,
        agent_id: str | None = None,
    ) -> str:
        """Choose the queue TransferContactToQueue uses: a queue, or an agent's own queue."""
        if (queue_arn is None) == (agent_id is None):
            raise ValueError(f"{identifier}: give exactly one of queue_arn and agent_id")
        parameters = {"QueueId": queue_arn} if queue_arn is not None else {"AgentId": agent_id}
        return self.action(
            identifier,
            "UpdateContactTargetQueue",
            parameters,
            next=next,
            errors={"NoMatchingError": on_error},
        )

    def set_priority(self, identifier: str, priority: int, next: str) -> str:
        """Queue priority, static by the Flow-language rules (1 is routed first)."""
        if priority < 1:
            raise ValueError(f"{identifier}: QueuePriority must be larger than zero")
        return self.action(
            identifier, "UpdateContactRoutingBehavior", {"QueuePriority": str(priority)}, next=next
        )

    def check_hours(self, identifier: str, hours_arn: str, open: str, closed: str, on_error: str) -> str:
        return self.action(
            identifier,
            "CheckHoursOfOperation",
            {"HoursOfOperationId": hours_arn},
            next=closed,
            conditions=[("Equals", "True", open), ("Equals", "False", closed)],
            errors={"NoMatchingError": on_error},
        )

    def transfer_to_queue(self, identifier: str, on_full: str, on_error: str) -> str:
        """Put the contact in its target queue; the flow ends there unless the queue refuses it."""
        return self.action(
            identifier,
            "TransferContactToQueue",
            {},
            next=on_error,
            errors={"QueueAtCapacity": on_full, "NoMatchingError": on_error},
        )

    def set_disconnect_flow(
        self, identifier: str, flow_arn: str, next: str, on_error: str | None = None
    ) -> str:
        """Run ``flow_arn`` for the customer when the agent hangs up (the post-call survey)."""
        return self.action(
            identifier,
            "UpdateContactEventHooks",
            {"EventHooks": {"CustomerRemaining": flow_arn}},
            next=next,
            errors={"NoMatchingError": on_error or next},
        )

    def disconnect(self, identifier: str) -> str:
        return self.action(identifier, "DisconnectParticipant")

    # -- result ---------------------------------------------------------------------------------
    def build(self, start: str) -> BuiltFlow:
        """The document. It starts by turning flow logging on (UpdateFlowLoggingBehavior, static
        "Enabled", no errors; listed last, the order of Actions does not matter), then ``start``."""
        self.action(
            FLOW_LOGGING_ACTION, "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, next=start
        )
        content = {
            "Version": FLOW_LANGUAGE_VERSION,
            "StartAction": FLOW_LOGGING_ACTION,
            "Actions": list(self._actions.values()),
        }
        return BuiltFlow(self.name, self.description, content, list(self._prompt_uses))
