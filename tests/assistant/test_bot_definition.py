"""bots/assistant.json: generated from the knowledge files, in sync, and buildable by Lex."""

from __future__ import annotations

import json
import re
from collections import Counter

from chalicelib.assistant.intents import article_intent, article_of_intent
from chalicelib.knowledge.files import repository_articles
from infra.assistant_definition import BOT_FILE, HANDED_OVER_CATEGORIES, rendered

#: Lex V2's pattern for intent names (botocore lexv2-models, shape Name).
INTENT_NAME = re.compile(r"^([0-9a-zA-Z][_-]?){1,100}$")


def _locales() -> dict[str, dict]:
    definition = json.loads(BOT_FILE.read_text(encoding="utf-8"))
    return {locale["localeId"]: locale for locale in definition["botLocales"]}


def test_the_committed_definition_is_what_the_knowledge_files_generate() -> None:
    assert BOT_FILE.read_text(encoding="utf-8") == rendered(), "run: python -m infra.assistant_definition"


def test_every_published_article_has_an_intent_with_its_title_and_questions() -> None:
    locales = _locales()
    for article in repository_articles():
        intents = {i["intentName"]: i for i in locales[article.language.replace("-", "_")]["intents"]}
        name = article_intent(article.article_id)
        answered = article.published and article.category not in HANDED_OVER_CATEGORIES
        assert (name in intents) == answered, name
        if answered:
            utterances = [u["utterance"] for u in intents[name]["sampleUtterances"]]
            assert article.title in utterances and len(utterances) >= 3
            assert article_of_intent(name) == article.article_id


def test_intent_names_are_valid_and_no_utterance_belongs_to_two_intents() -> None:
    for locale_id, locale in _locales().items():
        names = [intent["intentName"] for intent in locale["intents"]]
        assert all(INTENT_NAME.match(name) for name in names), locale_id
        assert len(set(names)) == len(names)
        counts = Counter(
            u["utterance"].lower() for intent in locale["intents"] for u in intent.get("sampleUtterances", [])
        )
        assert [u for u, n in counts.items() if n > 1] == [], locale_id
        assert all(intent["fulfillmentCodeHook"] == {"enabled": True} for intent in locale["intents"])


def test_the_handover_intents_hear_a_request_for_a_person_in_each_language() -> None:
    locales = _locales()
    for locale_id, words in (("zh_CN", {"人工", "转人工", "0"}), ("en_US", {"agent", "human", "0"})):
        intents = {i["intentName"]: i for i in locales[locale_id]["intents"]}
        heard = {u["utterance"] for u in intents["TransferToAgent"]["sampleUtterances"]}
        assert words <= heard
        assert {"Complaint", "Emergency", "FallbackIntent"} <= set(intents)
        assert intents["FallbackIntent"]["parentIntentSignature"] == "AMAZON.FallbackIntent"
