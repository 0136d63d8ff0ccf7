"""ConnectParticipantWithLexBot against the project's bot (bots/assistant.json), matched locally."""

from __future__ import annotations

from local.connect_simulator import ConnectSimulator, Party, Press
from local.connect_simulator.lex import ASSISTANT_BOT, LexBot
from tests.simulator.flow_support import action, call, equals, flow, on_error

ALIAS = "arn:aws:lex:us-east-1:123456789012:bot-alias/ASSISTANT/TSTALIASID"
#: A bot with a slot, in the definition file's shape: the matcher fills slots from utterances.
PARCEL_BOT = {
    "botName": "parcels",
    "botLocales": [
        {
            "localeId": "en_US",
            "nluIntentConfidenceThreshold": 0.4,
            "intents": [
                {
                    "intentName": "TrackParcel",
                    "sampleUtterances": [{"utterance": "where is parcel {trackingNumber}"}],
                    "slots": [{"slotName": "trackingNumber", "slotTypeId": "AMAZON.Number"}],
                    "intentClosingSetting": {
                        "closingResponse": {
                            "messageGroups": [{"message": {"plainTextMessage": {"value": "Let me look."}}}]
                        },
                        "active": True,
                    },
                },
                {"intentName": "FallbackIntent", "parentIntentSignature": "AMAZON.FallbackIntent"},
            ],
        }
    ],
}


def _flow() -> dict:
    return flow(
        action(
            "bot",
            "ConnectParticipantWithLexBot",
            {"Text": "How can I help?", "LexV2Bot": {"AliasArn": ALIAS}},
            Conditions=[equals("TransferToAgent", "agent"), equals("TrackParcel", "parcel")],
            Errors=[
                on_error("InputTimeLimitExceeded", "silent"),
                on_error("NoMatchingCondition", "other"),
                on_error("NoMatchingError", "bye"),
            ],
        ),
        action("agent", "MessageParticipant", {"Text": "Connecting you to an agent."}, NextAction="bye"),
        action(
            "parcel", "MessageParticipant", {"Text": "Parcel $.Lex.Slots.trackingNumber."}, NextAction="bye"
        ),
        action("silent", "MessageParticipant", {"Text": "I did not hear anything."}, NextAction="bye"),
        action("other", "MessageParticipant", {"Text": "Intent $.Lex.IntentName."}, NextAction="bye"),
    )


def _sim(bot: LexBot | None = None) -> ConnectSimulator:
    sim = ConnectSimulator()
    sim.add_lex_bot(ALIAS, bot or LexBot.from_file(ASSISTANT_BOT))
    return sim


def test_the_handover_intent_is_matched_in_both_languages_and_by_key() -> None:
    for party in (
        Party(says=("I want to talk to a person",)),
        Party(says=("人工",)),
        Party.answers(presses=[Press("0")]),
    ):
        contact = call(_flow(), party, sim=_sim())
        assert contact.transcript.said()[-1] == "Connecting you to an agent.", party
        assert contact.lex["IntentName"] == "TransferToAgent"


def test_a_slot_is_filled_from_the_utterance_and_the_closing_response_is_said() -> None:
    contact = call(_flow(), Party(says=("where is parcel 4711",)), sim=_sim(LexBot(PARCEL_BOT)))
    assert contact.transcript.said() == ["How can I help?", "Let me look.", "Parcel 4711."]


def test_an_article_question_matches_the_articles_intent() -> None:
    contact = call(_flow(), Party(says=("what are your opening hours",)), sim=_sim())
    assert contact.transcript.said()[-1] == "Intent Article_inquiry_opening_hours."


def test_gibberish_is_the_fallback_intent() -> None:
    contact = call(_flow(), Party(says=("purple elephants",)), sim=_sim())
    assert contact.transcript.said()[-1] == "Intent FallbackIntent."


def test_silence_times_out() -> None:
    contact = call(_flow(), Party.answers(), sim=_sim())
    assert contact.transcript.said()[-1] == "I did not hear anything."


def test_an_unknown_bot_takes_the_error_branch() -> None:
    contact = call(_flow(), Party(says=("agent",)), sim=ConnectSimulator())
    assert contact.transcript.said() == []
