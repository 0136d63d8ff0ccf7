"""A reviewed contact's call recording and what happened on the call, for the QA review page.

Connect lists a contact's recordings in DescribeContact (``Recordings``: the S3 ``Location`` as
``<bucket>/<key>`` in the instance's CALL_RECORDINGS storage). The page gets a pre-signed GET
of that object, valid ``URL_EXPIRES_S`` seconds, so the audio never passes through the API and a
copied link soon stops working. Only contacts an agent handled (the QA sample's contacts) are
served.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import objects, telephony
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.tables.quality import QualityContactRecord

URL_EXPIRES_S = 300
CONTENT_TYPE = "audio/wav"


def reviewable_agent(contact_id: str) -> str:
    """The agent who handled the contact; NotFound / 400 for contacts QA does not review."""
    try:
        record = QualityContactRecord.get(contact_id, consistent_read=True)
    except QualityContactRecord.DoesNotExist:
        raise NotFound(f"no contact {contact_id} in the quality records") from None
    if not record.agent_id:
        raise InvalidInput("only contacts an agent handled can be reviewed", code="not_reviewable")
    return str(record.agent_id)


def audio_location(contact: dict[str, Any]) -> tuple[str, str] | None:
    """(bucket, key) of the contact's available audio recording in S3, if Connect lists one.

    >>> audio_location({"Recordings": [{"StorageType": "S3", "Location": "b/p/CallRecordings/x.wav",
    ...                                 "MediaStreamType": "AUDIO", "Status": "AVAILABLE"}]})
    ('b', 'p/CallRecordings/x.wav')
    >>> audio_location({"Recordings": [{"StorageType": "S3", "Location": "b/k", "Status": "DELETED"}]})
    """
    for recording in contact.get("Recordings") or []:
        location = str(recording.get("Location") or "")
        bucket, _, key = location.partition("/")
        usable = (
            recording.get("StorageType") == "S3"
            and recording.get("MediaStreamType", "AUDIO") == "AUDIO"
            and recording.get("Status", "AVAILABLE") == "AVAILABLE"
        )
        if usable and bucket and key:
            return bucket, key
    return None


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value) if value else None


def recording_link(contact_id: str) -> dict[str, Any]:
    """A short-lived link to the recording of a contact an agent handled."""
    agent = reviewable_agent(contact_id)
    contact = telephony.describe_contact(contact_id)
    location = audio_location(contact)
    if location is None:
        raise NotFound(f"contact {contact_id} has no recording")
    bucket, key = location
    recording = next(
        item for item in contact.get("Recordings") or [] if str(item.get("Location")) == f"{bucket}/{key}"
    )
    return {
        "contactId": contact_id,
        "agent": agent,
        "url": objects.download_url(bucket, key, URL_EXPIRES_S, CONTENT_TYPE),
        "contentType": CONTENT_TYPE,
        "expiresInSeconds": URL_EXPIRES_S,
        "startedAt": _iso(recording.get("StartTimestamp")),
        "stoppedAt": _iso(recording.get("StopTimestamp")),
    }
