"""MessageParticipant and GetParticipantInput: what the caller hears, and the input branch taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from local.connect_simulator import ConnectSimulator, Party, Press
from local.connect_simulator.offline import RunOptions, run_flow
from tests.simulator.flow_support import action, call, equals, flow, on_error

if TYPE_CHECKING:
    from local.connect_simulator.contacts import Contact

STORE_DIGITS = {
    "Text": "Enter your order number, then press hash.",
    "StoreInput": "True",
    "InputTimeLimitSeconds": "5",
    "InputValidation": {"CustomValidation": {"MaximumLength": "6"}},
}


def _keyed_in(parameters: dict, presses: str) -> Contact:
    """A call whose only step asks for digits with ``parameters``; the caller presses ``presses``."""
    ask = action(
        "ask",
        "GetParticipantInput",
        parameters,
        NextAction="bye",
        Errors=[on_error("NoMatchingError", "bye")],
    )
    return call(flow(ask), Party.answers(presses=[presses]))


def test_ssml_is_spoken_without_its_tags_and_timed_by_its_words() -> None:
    ssml = '<speak>Your parcel <emphasis>has arrived</emphasis>.<break time="1s"/> Thank you &amp; goodbye.</speak>'
    contact = call(flow(action("hello", "MessageParticipant", {"SSML": ssml}, NextAction="bye")))
    assert contact.transcript.said() == ["Your parcel has arrived. Thank you & goodbye."]
    # nine words at 2.5 words a second, then the disconnect
    assert contact.ended_at is not None and 3.0 <= contact.ended_at - contact.started_at <= 4.0


def test_a_recorded_prompt_is_said_as_its_name() -> None:
    sim = ConnectSimulator()
    prompt = sim.add_prompt("Beep.wav")
    contact = call(
        flow(action("beep", "MessageParticipant", {"PromptId": prompt}, NextAction="bye")), sim=sim
    )
    assert contact.transcript.said() == ["Beep.wav"]


def test_an_unknown_recorded_prompt_is_said_as_its_arn_and_reported_as_stubbed() -> None:
    arn = "arn:aws:connect:us-east-1:111122223333:instance/abc/prompt/welcome"
    report = run_flow(
        flow(action("greet", "MessageParticipant", {"PromptId": arn}, NextAction="bye")), RunOptions()
    )
    assert report.said == [arn]
    assert {"kind": "prompt", "reference": arn} in report.stubbed
    assert report.ended == "disconnected"


def test_several_digits_up_to_the_terminator_are_stored() -> None:
    contact = _keyed_in(STORE_DIGITS, "4711#")
    assert contact.stored_input == "4711"


def test_a_custom_terminator_and_the_maximum_length_are_honoured() -> None:
    parameters = {**STORE_DIGITS, "DTMFConfiguration": {"InputTerminationSequence": "*"}}
    parameters["DTMFConfiguration"]["DisableCancelKey"] = "True"
    contact = _keyed_in(parameters, "12345678*")
    assert contact.stored_input == "123456"


def test_a_star_starts_the_digits_over() -> None:
    contact = _keyed_in(STORE_DIGITS, "99*4711#")
    assert contact.stored_input == "4711"


def test_a_number_that_is_not_a_phone_number_takes_the_invalid_phone_number_branch() -> None:
    parameters = {
        "Text": "Enter the number we should call back.",
        "StoreInput": "True",
        "InputValidation": {"PhoneNumberValidation": {"NumberFormat": "E164"}},
    }
    content = flow(
        action(
            "ask",
            "GetParticipantInput",
            parameters,
            NextAction="bye",
            Errors=[on_error("InvalidPhoneNumber", "sorry"), on_error("NoMatchingError", "bye")],
        ),
        action("sorry", "MessageParticipant", {"Text": "That is not a phone number."}, NextAction="bye"),
    )
    wrong = call(content, Party.answers(presses=["15555550100#"]))
    assert wrong.transcript.said()[-1] == "That is not a phone number."
    right = call(content, Party.answers(presses=["12125550143#"]))
    assert right.stored_input == "+12125550143"
    assert right.transcript.said() == ["Enter the number we should call back."]


def test_a_key_pressed_while_the_menu_plays_chooses_the_branch() -> None:
    content = flow(
        action(
            "menu",
            "GetParticipantInput",
            {"Text": "Press 1 for sales, 2 for support.", "InputTimeLimitSeconds": "5"},
            Conditions=[equals("1", "sales"), equals("2", "support")],
            Errors=[
                on_error("InputTimeLimitExceeded", "bye"),
                on_error("NoMatchingCondition", "bye"),
                on_error("NoMatchingError", "bye"),
            ],
        ),
        action("sales", "MessageParticipant", {"Text": "Sales."}, NextAction="bye"),
        action("support", "MessageParticipant", {"Text": "Support."}, NextAction="bye"),
    )
    assert call(content, Party.answers(presses=[Press("2", at_s=1.0)])).transcript.said()[-1] == "Support."
    assert call(content, Party.answers()).transcript.said() == ["Press 1 for sales, 2 for support."]


def test_a_chat_sends_messages_and_reads_the_typed_reply() -> None:
    content = flow(
        action("hello", "MessageParticipant", {"Text": "Hi! Type yes to continue."}, NextAction="ask"),
        action(
            "ask",
            "GetParticipantInput",
            {"Text": "Continue?", "InputTimeLimitSeconds": "60"},
            Conditions=[equals("yes", "thanks")],
            Errors=[
                on_error("NoMatchingCondition", "bye"),
                on_error("NoMatchingError", "bye"),
                on_error("InputTimeLimitExceeded", "bye"),
            ],
        ),
        action("thanks", "MessageParticipant", {"Text": "Thanks!"}, NextAction="bye"),
    )
    report = run_flow(content, RunOptions(channel="CHAT", says=["yes"]))
    assert report.said == ["Hi! Type yes to continue.", "Continue?", "Thanks!"]
    assert report.path == ["hello", "ask", "thanks", "bye"]


def test_a_recorded_prompt_cannot_be_sent_on_a_chat() -> None:
    content = flow(
        action(
            "beep",
            "MessageParticipant",
            {"PromptId": "arn:aws:connect:::prompt/beep"},
            NextAction="bye",
            Errors=[on_error("NoMatchingError", "text")],
        ),
        action("text", "MessageParticipant", {"Text": "Hello."}, NextAction="bye"),
    )
    assert run_flow(content, RunOptions(channel="CHAT")).said == ["Hello."]


def test_a_view_on_a_chat_branches_on_the_action_the_customer_chose() -> None:
    content = flow(
        action(
            "view",
            "ShowView",
            {"ViewResource": {"Id": "arn:aws:connect:::view/confirm"}, "InvocationTimeLimitSeconds": "60"},
            Conditions=[equals("Confirm", "ok")],
            Errors=[
                on_error("NoMatchingCondition", "bye"),
                on_error("TimeLimitExceeded", "late"),
                on_error("NoMatchingError", "bye"),
            ],
        ),
        action("ok", "MessageParticipant", {"Text": "Confirmed."}, NextAction="bye"),
        action("late", "MessageParticipant", {"Text": "Too late."}, NextAction="bye"),
    )
    assert run_flow(content, RunOptions(channel="CHAT", says=["Confirm"])).said[-1] == "Confirmed."
    assert run_flow(content, RunOptions(channel="CHAT")).said[-1] == "Too late."
