"""Generate ``bots/assistant.json``, the assistant's one definition, from the knowledge files.

The file is in the Lex V2 model API's shape (``botLocales[].intents[].sampleUtterances``). CDK
builds the real bot from it (``infra.assistant_bot``) and the Connect simulator matches
utterances from it (``local/connect_simulator/lex.py``). Each locale holds:

- one intent per published article (``Article_<id>``): its title and sample questions, except
  complaint and emergency articles (for agents and the help centre: the bot hands those over);
- the handover intents (``TransferToAgent``, ``Complaint``, ``Emergency``) from
  ``chalicelib.assistant.handover``;
- ``FallbackIntent`` (AMAZON.FallbackIntent).

Every intent is fulfilled by the Lambda (``answer_customer``), which answers from the table.
An utterance two intents share is dropped from both (Lex could not tell them apart).

    python -m infra.assistant_definition          # rewrite bots/assistant.json
    python -m infra.assistant_definition --check  # exit 1 if it is stale (a test does the same)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalicelib.assistant.handover import AGENT_KEY, HANDOVER_PHRASES, HandoverReason
from chalicelib.assistant.intents import FALLBACK_INTENT, article_intent
from chalicelib.knowledge.files import repository_articles

if TYPE_CHECKING:
    from collections.abc import Iterable

    from chalicelib.knowledge.model import Article

BOT_FILE = Path(__file__).resolve().parents[1] / "bots" / "assistant.json"
BOT_NAME = "contact-centre-assistant"
IDLE_SESSION_TTL_S = 300
CONFIDENCE_THRESHOLD = 0.4
#: Our language -> the Lex locale, its description and its neural voice.
LOCALES: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "localeId": "zh_CN",
        "description": "Chinese (Mandarin, PRC)",
        "voiceSettings": {"voiceId": "Zhiyu", "engine": "neural"},
    },
    "en-US": {
        "localeId": "en_US",
        "description": "English (US)",
        "voiceSettings": {"voiceId": "Joanna", "engine": "neural"},
    },
}
HANDOVER_DESCRIPTIONS = {
    "TransferToAgent": "The customer asks for a person (人工 / agent / 0): hand over.",
    "Complaint": "A complaint: always handled by a person.",
    "Emergency": "An emergency: the emergency team, at once.",
}
_SLOT_BRACES = re.compile(r"[{}]")
#: ASCII and full-width (Chinese) ? ! . , ; : at the end of an utterance.
_TRAILING = re.compile(r"[\s?!.,;:\uff1f\uff01\u3002\uff0c\uff1b\uff1a]+$")


def _utterance(text: str) -> str:
    """A sample utterance: no slot braces (we have no slots), no trailing punctuation."""
    return _TRAILING.sub("", _SLOT_BRACES.sub("", " ".join(text.split())))


def _intent(name: str, description: str, utterances: Iterable[str]) -> dict[str, Any]:
    intent: dict[str, Any] = {"intentName": name, "description": description[:200]}
    samples = list(dict.fromkeys(u for u in utterances if u))
    if samples:
        intent["sampleUtterances"] = [{"utterance": u} for u in samples]
    intent["fulfillmentCodeHook"] = {"enabled": True}
    return intent


def _locale_intents(language: str, articles: list[Article]) -> list[dict[str, Any]]:
    wanted: list[tuple[str, str, list[str]]] = []
    for reason, phrases in HANDOVER_PHRASES.items():
        texts = [*phrases.markers.get(language, ()), *phrases.sentences.get(language, ())]
        if reason is HandoverReason.ASKED_FOR_AGENT:
            texts.append(AGENT_KEY)  # the key a caller presses for a person
        wanted.append((phrases.intent, HANDOVER_DESCRIPTIONS[phrases.intent], [_utterance(t) for t in texts]))
    for article in articles:
        texts = [article.title, *article.questions]
        wanted.append((article_intent(article.article_id), article.title, [_utterance(t) for t in texts]))
    shared = Counter(u.lower() for _, _, utterances in wanted for u in set(utterances))
    intents = [
        _intent(name, description, [u for u in utterances if shared[u.lower()] == 1])
        for name, description, utterances in wanted
    ]
    fallback = _intent(FALLBACK_INTENT, "Nothing else matched: search the knowledge base.", ())
    fallback["parentIntentSignature"] = "AMAZON.FallbackIntent"
    return [*intents, fallback]


#: Categories the bot never answers from: a person takes them (``chalicelib.assistant.handover``).
HANDED_OVER_CATEGORIES = frozenset({"complaint", "emergency"})


def build_definition(articles: Iterable[Article]) -> dict[str, Any]:
    """The bot definition for these articles (only the published ones get an intent)."""
    published = sorted(
        (a for a in articles if a.published and a.category not in HANDED_OVER_CATEGORIES),
        key=lambda a: (a.language, a.article_id),
    )
    return {
        "botName": BOT_NAME,
        "description": "The contact centre's assistant: answers from the knowledge articles and hands "
        "over to a person on request (人工 / agent / 0), for complaints and emergencies, or when it cannot answer.",
        "idleSessionTTLInSeconds": IDLE_SESSION_TTL_S,
        "dataPrivacy": {"childDirected": False},
        "botLocales": [
            {
                **{key: value for key, value in locale.items() if key != "voiceSettings"},
                "nluIntentConfidenceThreshold": CONFIDENCE_THRESHOLD,
                "voiceSettings": locale["voiceSettings"],
                "intents": _locale_intents(language, [a for a in published if a.language == language]),
            }
            for language, locale in LOCALES.items()
        ],
    }


def rendered() -> str:
    return json.dumps(build_definition(repository_articles()), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = rendered()
    if "--check" in argv:
        if BOT_FILE.read_text(encoding="utf-8") != text:
            print(f"{BOT_FILE} is stale: run python -m infra.assistant_definition", file=sys.stderr)
            return 1
        return 0
    BOT_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {BOT_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
