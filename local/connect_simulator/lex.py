"""A local Amazon Lex V2 bot: intents matched from the sample utterances of a bot definition file.

The definition is the Lex V2 model API's shape (``botName``, ``botLocales[].localeId``,
``intents[].intentName`` / ``sampleUtterances[].utterance`` / ``slots[].slotName``), the one
file CDK builds the real bot from (``bots/assistant.json``)::

    bot = LexBot.from_file(ASSISTANT_BOT)
    bot.recognize("where is parcel 12345", "en_US")
    # Recognition(intent="TrackParcel", slots={"trackingNumber": "12345"}, confidence=1.0, ...)

An utterance that matches a sample with its slots filled scores 1.0; otherwise the score is the
share of the sample's words (or, in Chinese, characters) the utterance contains, best sample wins,
and below the locale's ``nluIntentConfidenceThreshold`` the answer is ``FallbackIntent``.

``converse`` is a whole turn: when the intent has ``fulfillmentCodeHook.enabled`` and the bot has
a ``fulfilment`` function (what the alias's Lambda code hook is in AWS: the project's
``answer_customer``), that function gets the Lex V2 event and its messages and session attributes
are the answer; otherwise the intent's closing response is::

    bot = LexBot.from_file(ASSISTANT_BOT, fulfilment=lambda event: handler(event, None))
    bot.converse("where is my parcel", "en_US").response  # the article's short answer
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

ASSISTANT_BOT = Path(__file__).resolve().parents[2] / "bots" / "assistant.json"
FALLBACK_INTENT = "FallbackIntent"
DEFAULT_LOCALE = "en_US"
SLOT = re.compile(r"\{(\w+)\}")
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[\w\u3400-\u9fff]+")


@dataclass(frozen=True)
class Recognition:
    intent: str
    confidence: float
    slots: dict[str, str | None] = field(default_factory=dict)
    response: str | None = None  # the intent's closing response, spoken to the caller
    #: after ``converse``: the session attributes as the fulfilment left them
    session_attributes: dict[str, str] = field(default_factory=dict)


def _normal(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _units(text: str) -> set[str]:
    """Words, and each Chinese character on its own (Chinese has no spaces between words)."""
    normal = _normal(text)
    return set(CJK.findall(normal)) | set(CJK.sub(" ", normal).split())


def _message(setting: dict[str, Any] | None) -> str | None:
    for group in (setting or {}).get("messageGroups", []):
        value = group.get("message", {}).get("plainTextMessage", {}).get("value")
        if value:
            return str(value)
    return None


class LexBot:
    def __init__(
        self, definition: dict[str, Any], fulfilment: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    ) -> None:
        self.name = str(definition.get("botName", "bot"))
        self.locales: dict[str, dict[str, Any]] = {
            str(locale["localeId"]): locale for locale in definition.get("botLocales", [])
        }
        self.fulfilment = fulfilment

    @classmethod
    def from_file(
        cls,
        path: Path | str = ASSISTANT_BOT,
        fulfilment: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> LexBot:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")), fulfilment)

    def locale_for(self, language: str | None, utterance: str) -> dict[str, Any]:
        """The locale for a contact language (``zh-CN`` or ``zh_CN``), else guessed from the script."""
        wanted = (language or "").replace("-", "_")
        if wanted in self.locales:
            return self.locales[wanted]
        guess = "zh_CN" if CJK.search(utterance) else DEFAULT_LOCALE
        return self.locales.get(guess) or next(iter(self.locales.values()))

    def recognize(self, utterance: str, language: str | None = None) -> Recognition:
        locale = self.locale_for(language, utterance)
        threshold = float(locale.get("nluIntentConfidenceThreshold", 0.4))
        best: tuple[float, dict[str, Any], dict[str, str | None]] | None = None
        for intent in locale.get("intents", []):
            slots: dict[str, str | None] = {str(slot["slotName"]): None for slot in intent.get("slots", [])}
            for sample in intent.get("sampleUtterances", []):
                score, filled = _score(str(sample["utterance"]), utterance)
                if best is None or score > best[0]:
                    best = (score, intent, {**slots, **filled})
        if best is None or best[0] < threshold:
            fallback: dict[str, Any] = next(
                (i for i in locale.get("intents", []) if i["intentName"] == FALLBACK_INTENT), {}
            )
            return Recognition(FALLBACK_INTENT, 0.0, {}, _message(_closing(fallback)))
        score, intent, slots = best
        return Recognition(str(intent["intentName"]), round(score, 2), slots, _message(_closing(intent)))

    def converse(
        self,
        utterance: str,
        language: str | None = None,
        session_attributes: dict[str, str] | None = None,
        *,
        input_mode: str = "Text",
    ) -> Recognition:
        """One turn: recognise ``utterance``, then fulfil the intent with the code hook if it has one."""
        attributes = dict(session_attributes or {})
        recognized = self.recognize(utterance, language)
        locale = self.locale_for(language, utterance)
        intent: dict[str, Any] = next(
            (i for i in locale.get("intents", []) if i["intentName"] == recognized.intent), {}
        )
        hooked = bool((intent.get("fulfillmentCodeHook") or {}).get("enabled"))
        if self.fulfilment is None or not hooked:
            return Recognition(
                recognized.intent, recognized.confidence, recognized.slots, recognized.response, attributes
            )
        answer = self.fulfilment(
            self._event(utterance, str(locale["localeId"]), recognized, attributes, input_mode)
        )
        state = answer.get("sessionState") or {}
        messages = [str(m.get("content")) for m in answer.get("messages") or [] if m.get("content")]
        return Recognition(
            recognized.intent,
            recognized.confidence,
            recognized.slots,
            " ".join(messages) or recognized.response,
            {str(k): str(v) for k, v in (state.get("sessionAttributes") or attributes).items()},
        )

    def _event(
        self,
        utterance: str,
        locale_id: str,
        recognized: Recognition,
        attributes: dict[str, str],
        input_mode: str,
    ) -> dict[str, Any]:
        """The Lex V2 Lambda input event for a fulfilment (developer guide: "Lambda input event format")."""
        slots = {
            name: {"value": {"interpretedValue": value}} for name, value in recognized.slots.items() if value
        }
        intent = {
            "name": recognized.intent,
            "slots": slots,
            "state": "ReadyForFulfillment",
            "confirmationState": "None",
        }
        return {
            "messageVersion": "1.0",
            "invocationSource": "FulfillmentCodeHook",
            "inputMode": input_mode,
            "responseContentType": "text/plain; charset=utf-8",
            "sessionId": "local-session",
            "inputTranscript": utterance,
            "bot": {
                "id": "LOCALBOT",
                "name": self.name,
                "localeId": locale_id,
                "version": "DRAFT",
                "aliasId": "TSTALIASID",
                "aliasName": "TestBotAlias",
            },
            "interpretations": [{"intent": intent, "nluConfidence": recognized.confidence}],
            "sessionState": {"sessionAttributes": dict(attributes), "intent": intent},
        }


def _closing(intent: dict[str, Any]) -> dict[str, Any] | None:
    setting = intent.get("intentClosingSetting") or {}
    return setting.get("closingResponse") if setting.get("active", True) else None


def _score(sample: str, utterance: str) -> tuple[float, dict[str, str | None]]:
    """1.0 with the slot values when the utterance is the sample (slots filled in), else word overlap."""
    pattern = "".join(
        f"(?P<{part}>.+?)" if index % 2 else re.escape(_normal(part))
        for index, part in enumerate(SLOT.split(sample))
    )
    pattern = re.sub(r"(\\ )+", r"\\s*", pattern)
    match = re.fullmatch(pattern, _normal(utterance))
    if match:
        return 1.0, {name: value.strip() for name, value in match.groupdict().items()}
    wanted = _units(SLOT.sub(" ", sample))
    if not wanted:
        return 0.0, {}
    return len(wanted & _units(utterance)) / len(wanted | _units(utterance)), {}
