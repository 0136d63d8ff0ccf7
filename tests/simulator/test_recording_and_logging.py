"""UpdateContactRecordingBehavior and UpdateFlowLoggingBehavior: what the contact keeps of them."""

from __future__ import annotations

import io
import wave
from datetime import UTC, datetime

import pytest

from local.connect_simulator import ConnectSimulator
from local.connect_simulator.recordings import RecordingStorage
from tests.simulator.flow_support import action, call, flow


def test_a_recorded_call_says_who_was_recorded() -> None:
    contact = call(
        flow(
            action(
                "record",
                "UpdateContactRecordingBehavior",
                {
                    "RecordingBehavior": {
                        "RecordedParticipants": ["Agent", "Customer"],
                        "IVRRecordingBehavior": "Enabled",
                    }
                },
                NextAction="hello",
            ),
            action("hello", "MessageParticipant", {"Text": "Calls may be recorded."}, NextAction="bye"),
        )
    )
    assert contact.recording.participants == ["Agent", "Customer"]
    assert contact.recording.ivr
    assert contact.transcript.as_dict()["recording"]["participants"] == ["Agent", "Customer"]
    assert contact.transcript.said() == ["Calls may be recorded."]


def test_an_empty_participant_list_turns_recording_off() -> None:
    contact = call(
        flow(
            action(
                "record",
                "UpdateContactRecordingBehavior",
                {"RecordingBehavior": {"RecordedParticipants": ["Customer"]}},
                NextAction="stop",
            ),
            action(
                "stop",
                "UpdateContactRecordingBehavior",
                {"RecordingBehavior": {"RecordedParticipants": []}},
                NextAction="bye",
            ),
        )
    )
    assert not contact.recording.on
    assert contact.transcript.as_dict()["recording"] is None


def test_flow_logs_are_written_only_after_logging_is_enabled() -> None:
    contact = call(
        flow(
            action("quiet", "UpdateContactAttributes", {"Attributes": {"step": "1"}}, NextAction="log"),
            action(
                "log", "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, NextAction="hello"
            ),
            action("hello", "MessageParticipant", {"Text": "Hello."}, NextAction="bye"),
        )
    )
    assert [entry["Identifier"] for entry in contact.flow_log] == ["hello", "bye"]
    assert contact.flow_log[0]["ContactFlowModuleType"] == "MessageParticipant"
    assert contact.unsupported == []


def test_a_flow_that_never_enables_logging_writes_no_flow_log() -> None:
    contact = call(flow(action("hello", "MessageParticipant", {"Text": "Hello."}, NextAction="bye")))
    assert contact.flow_log == []


def test_a_recorded_contact_leaves_a_small_audio_file_and_an_unrecorded_one_none() -> None:
    sim = ConnectSimulator()
    recorded = call(
        flow(
            action(
                "record",
                "UpdateContactRecordingBehavior",
                {"RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}},
                NextAction="hello",
            ),
            action(
                "hello",
                "MessageParticipant",
                {"Text": "Calls may be recorded for quality."},
                NextAction="bye",
            ),
        ),
        sim=sim,
    )
    with wave.open(io.BytesIO(sim.recordings[recorded.contact_id])) as audio:
        assert audio.getframerate() == 8000 and audio.getnchannels() == 1
        assert audio.getnframes() / 8000 == pytest.approx(recorded.ended_at - recorded.started_at, abs=0.01)
    plain = call(flow(action("hello", "MessageParticipant", {"Text": "Hello."}, NextAction="bye")), sim=sim)
    assert plain.contact_id not in sim.recordings


def test_a_recording_lands_in_the_instance_storage_where_connect_puts_it_and_describe_contact_lists_it() -> (
    None
):
    stored: dict[tuple[str, str], bytes] = {}
    sim = ConnectSimulator()
    sim.recording_storage = RecordingStorage(
        "recordings-bucket", "call-recordings", lambda bucket, key, body: stored.update({(bucket, key): body})
    )
    recorded = call(
        flow(
            action(
                "record",
                "UpdateContactRecordingBehavior",
                {"RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}},
                NextAction="hello",
            ),
            action("hello", "MessageParticipant", {"Text": "Calls may be recorded."}, NextAction="bye"),
        ),
        sim=sim,
    )
    [(bucket, key)] = stored
    moment = datetime.fromtimestamp(recorded.recording.started_at or recorded.started_at, tz=UTC)
    assert bucket == "recordings-bucket"
    assert key == (
        f"call-recordings/CallRecordings/{moment:%Y/%m/%d}/"
        f"{recorded.contact_id}_{moment:%Y%m%dT%H:%M}_UTC.wav"
    )
    assert stored[(bucket, key)] == sim.recordings[recorded.contact_id]
    described = sim.describe_contact(recorded.contact_id, sim.instance_id)
    [recording] = described["Recordings"]
    assert recording["Location"] == f"{bucket}/{key}"
    assert (recording["StorageType"], recording["Status"], recording["MediaStreamType"]) == (
        "S3",
        "AVAILABLE",
        "AUDIO",
    )
