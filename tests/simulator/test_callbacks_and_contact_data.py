"""UpdateContactCallbackNumber, CreateCallbackContact, UpdateContactData, tags, media streaming."""

from __future__ import annotations

from local.connect_simulator import ConnectSimulator
from local.connect_simulator.offline import RunOptions, run_flow
from tests.simulator.flow_support import action, call, flow, on_error

CALLBACK_ERRORS = [
    on_error("InvalidCallbackNumber", "invalid"),
    on_error("CallbackNumberNotDialable", "undialable"),
]


def _callback_flow(sim: ConnectSimulator) -> dict:
    queue = sim.add_queue("callbacks")
    return flow(
        action(
            "number",
            "UpdateContactCallbackNumber",
            {"CallbackNumber": "$.Attributes.callbackNumber"},
            NextAction="create",
            Errors=CALLBACK_ERRORS,
        ),
        action(
            "create",
            "CreateCallbackContact",
            {
                "QueueId": queue,
                "InitialCallDelaySeconds": "60",
                "MaximumConnectionAttempts": "3",
                "RetryDelaySeconds": "120",
            },
            NextAction="done",
            Errors=[on_error("NoMatchingError", "bye")],
        ),
        action("done", "MessageParticipant", {"Text": "We will call you back."}, NextAction="bye"),
        action("invalid", "MessageParticipant", {"Text": "That number is not valid."}, NextAction="bye"),
        action("undialable", "MessageParticipant", {"Text": "We cannot call that number."}, NextAction="bye"),
    )


def test_the_callback_goes_to_the_number_the_flow_set() -> None:
    sim = ConnectSimulator()
    contact = call(_callback_flow(sim), sim=sim, callbackNumber="+12125550143")
    assert contact.transcript.said() == ["We will call you back."]
    assert sim.queued_callbacks[0]["number"] == "+12125550143"
    assert contact.created_contacts[0]["maximumConnectionAttempts"] == 3


def test_an_invalid_callback_number_takes_its_branch() -> None:
    sim = ConnectSimulator()
    contact = call(_callback_flow(sim), sim=sim, callbackNumber="+15555550100")
    assert contact.transcript.said() == ["That number is not valid."]
    assert sim.queued_callbacks == []


def test_a_number_the_instance_may_not_dial_takes_its_branch() -> None:
    sim = ConnectSimulator()
    sim.dialable_regions = {"GB"}
    contact = call(_callback_flow(sim), sim=sim, callbackNumber="+12125550143")
    assert contact.transcript.said() == ["We cannot call that number."]


def test_contact_data_tags_and_language_are_readable_later_in_the_flow() -> None:
    report = run_flow(
        flow(
            action(
                "data",
                "UpdateContactData",
                {"Name": "Parcel query", "LanguageCode": "zh-CN"},
                NextAction="tag",
                Errors=[on_error("NoMatchingError", "bye")],
            ),
            action(
                "tag",
                "TagContact",
                {"Tags": {"team": "parcels", "temp": "x"}},
                NextAction="untag",
                Errors=[on_error("NoMatchingError", "bye")],
            ),
            action(
                "untag",
                "UnTagContact",
                {"TagKeys": ["temp"]},
                NextAction="say",
                Errors=[on_error("NoMatchingError", "bye")],
            ),
            action(
                "say",
                "MessageParticipant",
                {"Text": "$.Name in $.LanguageCode for $.Tags.team [$.Tags.temp]"},
                NextAction="bye",
            ),
        ),
        RunOptions(),
    )
    assert report.said == ["Parcel query in zh-CN for parcels []"]


def test_media_streaming_puts_a_stream_arn_in_the_contact_data() -> None:
    streaming = {
        "MediaStreamingState": "Enabled",
        "MediaStreamType": "Audio",
        "Participants": [{"ParticipantType": "Customer", "MediaDirections": ["From"]}],
    }
    content = flow(
        action(
            "stream",
            "UpdateContactMediaStreamingBehavior",
            streaming,
            NextAction="say",
            Errors=[on_error("NoMatchingError", "failed")],
        ),
        action(
            "say", "MessageParticipant", {"Text": "$.MediaStreams.Customer.Audio.StreamARN"}, NextAction="bye"
        ),
        action("failed", "MessageParticipant", {"Text": "No streaming on chat."}, NextAction="bye"),
    )
    voice = run_flow(content, RunOptions())
    assert voice.said[0].startswith("arn:aws:kinesisvideo:")
    assert run_flow(content, RunOptions(channel="CHAT")).said == ["No streaming on chat."]


def test_the_current_recording_block_refuses_behaviour_for_the_other_channel() -> None:
    content = flow(
        action(
            "record",
            "UpdateContactRecordingAndAnalyticsBehavior",
            {"VoiceBehavior": {"VoiceRecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}}},
            NextAction="bye",
            Errors=[on_error("ChannelMismatch", "mismatch"), on_error("NoMatchingError", "bye")],
        ),
        action("mismatch", "MessageParticipant", {"Text": "Wrong channel."}, NextAction="bye"),
    )
    voice = run_flow(content, RunOptions())
    assert voice.recording is not None and voice.recording["participants"] == ["Agent", "Customer"]
    assert run_flow(content, RunOptions(channel="CHAT")).said == ["Wrong channel."]
