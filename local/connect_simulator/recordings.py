"""A small audio file per recorded contact, standing in for the call recording Connect stores.

Connect writes a recording of the recorded participants (UpdateContactRecordingBehavior) to the
instance's storage for call recordings when the contact ends. The simulator makes a WAV file of
the same length (8 kHz, 8-bit mono, as telephony audio) holding a quiet tone while someone spoke
and silence otherwise, capped at ``MAX_SECONDS``; ``ConnectSimulator.recordings`` keeps it by
contact id. Given a ``RecordingStorage`` (the local stack's recordings bucket), the simulator also
puts it where Connect does, ``<prefix>/CallRecordings/YYYY/MM/DD/<contact id>_<YYYYMMDDThh:mm>_UTC.wav``
(``recording_key``), and DescribeContact lists it under ``Recordings`` as ``<bucket>/<key>``.
"""

from __future__ import annotations

import io
import math
import wave
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from local.connect_simulator.contacts import Contact
from local.connect_simulator.runtime import speech_seconds

#: The folder Connect writes call recordings under, below the storage config's prefix.
FOLDER = "CallRecordings"
SAMPLE_RATE = 8000
MAX_SECONDS = 30.0
SPEAKERS = frozenset({"system", "caller", "agent"})
# One second of a quiet 440 Hz tone, copied where someone speaks (computed once: contacts end often).
TONE = bytes(
    128 + int(20 * math.sin(2 * math.pi * 440 * index / SAMPLE_RATE)) for index in range(SAMPLE_RATE)
)


def recording_wav(contact: Contact) -> bytes:
    """The contact's recording from when recording started to the end of the contact."""
    start = contact.recording.started_at or contact.started_at
    end = contact.ended_at if contact.ended_at is not None else start
    seconds = min(MAX_SECONDS, max(0.0, end - start))
    samples = bytearray([128]) * int(seconds * SAMPLE_RATE)  # 8-bit silence
    offset = start - contact.started_at
    for line in contact.lines:
        if line.who not in SPEAKERS:
            continue
        first = max(0, int((line.at_s - offset) * SAMPLE_RATE))
        last = min(len(samples), first + int(speech_seconds(line.text) * SAMPLE_RATE))
        if last > first:
            samples[first:last] = (TONE * (1 + (last - first) // SAMPLE_RATE))[: last - first]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(SAMPLE_RATE)
        audio.writeframes(bytes(samples))
    return buffer.getvalue()


@dataclass(frozen=True)
class RecordingStorage:
    """The instance's CALL_RECORDINGS storage: an S3 bucket and prefix, and how to put an object."""

    bucket: str
    prefix: str
    put: Callable[[str, str, bytes], None]  # (bucket, key, body)


def recording_key(prefix: str, contact_id: str, at: float) -> str:
    """Connect's key of a contact's recording that started at epoch ``at`` (UTC dates)."""
    moment = datetime.fromtimestamp(at, tz=UTC)
    name = f"{contact_id}_{moment.strftime('%Y%m%dT%H:%M')}_UTC.wav"
    return "/".join(part for part in (prefix.strip("/"), FOLDER, moment.strftime("%Y/%m/%d"), name) if part)
