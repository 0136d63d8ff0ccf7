"""DistributeByPercentage, CheckOutboundCallStatus, Wait, Voice ID and TransferParticipantToThirdParty."""

from __future__ import annotations

from collections import Counter

from local.connect_simulator.offline import RunOptions, run_flow
from tests.simulator.flow_support import action, equals, flow, on_error


def _less_than(operand: str, target: str) -> dict:
    return {"NextAction": target, "Condition": {"Operator": "NumberLessThan", "Operands": [operand]}}


def test_distribute_by_percentage_splits_contacts_roughly_as_configured() -> None:
    content = flow(
        action(
            "split",
            "DistributeByPercentage",
            Conditions=[_less_than("31", "a")],
            Errors=[on_error("NoMatchingCondition", "b")],
        ),
        action("a", "MessageParticipant", {"Text": "A"}, NextAction="bye"),
        action("b", "MessageParticipant", {"Text": "B"}, NextAction="bye"),
    )
    counts = Counter(run_flow(content, RunOptions()).said[0] for _ in range(300))
    assert 60 <= counts["A"] <= 120 and counts["A"] + counts["B"] == 300


def test_a_campaign_call_answered_by_a_person_is_call_answered() -> None:
    content = flow(
        action(
            "amd",
            "CheckOutboundCallStatus",
            Conditions=[equals("CallAnswered", "person"), equals("VoicemailBeep", "machine")],
            Errors=[on_error("NoMatchingError", "bye")],
        ),
        action("person", "MessageParticipant", {"Text": "Hello."}, NextAction="bye"),
        action("machine", "MessageParticipant", {"Text": "Leaving a message."}, NextAction="bye"),
    )
    assert run_flow(content, RunOptions(flow_type="CAMPAIGN")).said == ["Hello."]
    assert run_flow(content, RunOptions()).path == ["amd", "bye"]  # no AMD on an inbound call: NotDetected


def test_wait_on_a_chat_returns_when_the_customer_types() -> None:
    content = flow(
        action(
            "wait",
            "Wait",
            {"TimeoutSeconds": "300", "Events": ["CustomerReturned"]},
            Conditions=[equals("WaitCompleted", "timeout"), equals("CustomerReturned", "back")],
            Errors=[on_error("NoMatchingError", "voice")],
        ),
        action("timeout", "MessageParticipant", {"Text": "Still there?"}, NextAction="bye"),
        action("back", "MessageParticipant", {"Text": "Welcome back."}, NextAction="bye"),
        action("voice", "MessageParticipant", {"Text": "Wait is for chats."}, NextAction="bye"),
    )
    assert run_flow(content, RunOptions(channel="CHAT", says=["hi"])).said == ["Welcome back."]
    quiet = run_flow(content, RunOptions(channel="CHAT"))
    assert quiet.said == ["Still there?"] and quiet.duration_s == 300.0
    assert run_flow(content, RunOptions()).said == ["Wait is for chats."]


def test_voice_id_is_inconclusive_until_the_stream_starts() -> None:
    check = action(
        "check",
        "CheckVoiceId",
        {"CheckVoiceIdOption": "voiceAuthentication"},
        Conditions=[equals("Inconclusive", "unsure"), equals("Authenticated", "ok")],
        Errors=[on_error("NoMatchingCondition", "bye"), on_error("NoMatchingError", "bye")],
    )
    content = flow(
        check, action("unsure", "MessageParticipant", {"Text": "Please answer a question."}, NextAction="bye")
    )
    assert run_flow(content, RunOptions()).said == ["Please answer a question."]
    streamed = flow(
        action(
            "start", "StartVoiceIdStream", NextAction="check", Errors=[on_error("NoMatchingError", "bye")]
        ),
        check,
        action("unsure", "MessageParticipant", {"Text": "?"}, NextAction="bye"),
    )
    assert run_flow(streamed, RunOptions()).path == ["start", "check", "unsure", "bye"]


def test_a_transfer_to_a_phone_number_ends_the_flow_unless_it_continues() -> None:
    def content(continues: str) -> dict:
        return flow(
            action(
                "transfer",
                "TransferParticipantToThirdParty",
                {
                    "ThirdPartyPhoneNumber": "+12125550160",
                    "ThirdPartyConnectionTimeLimitSeconds": "30",
                    "ContinueFlowExecution": continues,
                },
                NextAction="after",
                Errors=[
                    on_error("CallFailed", "bye"),
                    on_error("ConnectionTimeLimitExceeded", "bye"),
                    on_error("NoMatchingError", "bye"),
                ],
            ),
            action("after", "MessageParticipant", {"Text": "Anything else?"}, NextAction="bye"),
        )

    assert run_flow(content("False"), RunOptions()).ended == "transferred_to_phone"
    continued = run_flow(content("True"), RunOptions())
    assert continued.said == ["Anything else?"] and continued.ended == "disconnected"
