"""The QA review page's routes: the criteria, scores from ratings counted in the agent's KPIs
(``GET /metrics``), the recording's short-lived link and the contact's events."""

from __future__ import annotations

import io
import json
import wave
from typing import TYPE_CHECKING, Any

import boto3
import pytest
import requests
from chalice.test import Client

from chalicelib import telephony
from chalicelib.quality import criteria
from tests.functional.tickets_support import function_app
from tests.quality_support import DAY, QUEUE_FAULT, epoch, track_the_day
from tests.staff_support import claims_token, signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [pytest.mark.usefixtures("aws")]
JSON = {"Content-Type": "application/json"}
BUCKET = "recordings-test"
KEY = f"call-recordings/CallRecordings/2026/11/25/C1_{DAY.replace('-', '')}T10:00_UTC.wav"
ALL_TOP = {"greeting": 4, "understanding": 4, "resolution": 4, "courtesy": 4, "closing": 4}


@pytest.fixture(autouse=True)
def the_day(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    track_the_day(monkeypatch)


@pytest.fixture
def client() -> Iterator[Client]:
    with Client(function_app()) as test_client:
        yield signed_in(test_client, "supervisor")


def get(client: Client, path: str, **headers: str) -> tuple[int, Any]:
    response = client.http.get(path, headers={**JSON, **headers})
    return response.status_code, json.loads(response.body)


def put_review(client: Client, contact_id: str, body: dict[str, Any]) -> tuple[int, Any]:
    response = client.http.put(f"/quality/reviews/{contact_id}", body=json.dumps(body), headers=JSON)
    return response.status_code, json.loads(response.body)


def agent_row(client: Client, agent: str) -> dict[str, Any]:
    status, body = get(client, f"/metrics?from={DAY}&to={DAY}&dimension=agent")
    assert status == 200
    return dict(next(row for row in body["rows"] if row["name"] == agent))


def test_the_criteria_file_follows_its_schema_and_is_served_as_the_scoring_form(client: Client) -> None:
    status, body = get(client, "/quality/criteria")
    assert status == 200
    assert [item["id"] for item in body["criteria"]] == list(ALL_TOP)
    assert criteria.check(body) == []
    assert all(item["weight"] > 0 and item["points"] >= 1 for item in body["criteria"])


def test_a_criteria_file_with_a_repeated_id_or_no_weight_is_refused() -> None:
    good = criteria.load()
    twice = {**good, "criteria": [*good["criteria"], good["criteria"][0]]}
    weightless = {**good, "criteria": [{**good["criteria"][0], "weight": 0}]}
    assert any("used twice" in problem for problem in criteria.check(twice))
    assert any("weight" in problem for problem in criteria.check(weightless))


def test_ratings_make_the_score_and_the_agents_kpis_show_the_average_once(client: Client) -> None:
    before = agent_row(client, "a1")
    assert before["kpis"]["qa_score"] is None
    status, review = put_review(client, "C1", {"ratings": ALL_TOP, "notes": "model call"})
    assert status == 200 and review["score"] == 100 and review["ratings"] == ALL_TOP
    # resolution (weight 35 of 100) at half its points: 100 - 17.5 = 82.5, rounded to even
    half = {**ALL_TOP, "resolution": 2}
    assert put_review(client, "C4", {"ratings": half})[1]["score"] == 82
    row = agent_row(client, "a1")
    assert (row["counters"]["qa_reviews"], row["counters"]["qa_score_sum"]) == (2, 182)
    assert row["kpis"]["qa_score"] == 91.0

    put_review(client, "C1", {"score": 60})  # replaced: the average moves, the count does not
    row = agent_row(client, "a1")
    assert (row["counters"]["qa_reviews"], row["kpis"]["qa_score"]) == (2, 71.0)
    status, body = get(client, f"/metrics?from={DAY}&to={DAY}&dimension=all")
    assert body["overall"]["kpis"]["qa_score"] == 71.0
    assert agent_row(client, "a2")["kpis"]["qa_score"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"ratings": {**ALL_TOP, "closing": 5}},
        {"ratings": {"greeting": 4}},
        {"ratings": {**ALL_TOP, "smile": 1}},
        {"ratings": ALL_TOP, "score": 90},
        {},
    ],
)
def test_ratings_that_do_not_fit_the_criteria_are_refused(client: Client, body: dict[str, Any]) -> None:
    status, answer = put_review(client, "C1", body)
    assert status == 400 and answer["error"]["message"]
    assert agent_row(client, "a1")["counters"]["qa_reviews"] == 0


def _recorded_contact(contact_id: str) -> dict[str, Any]:
    """DescribeContact's answer for a recorded contact, as Connect gives it."""
    return {
        "Id": contact_id,
        "InitialContactId": contact_id,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": epoch("10:00:00"),
        "QueueInfo": {"Id": QUEUE_FAULT, "EnqueueTimestamp": epoch("10:00:30")},
        "AgentInfo": {"Id": "a1", "ConnectedToAgentTimestamp": epoch("10:00:45")},
        "DisconnectTimestamp": epoch("10:05:45"),
        "DisconnectReason": "CUSTOMER_DISCONNECT",
        "Recordings": [
            {
                "StorageType": "S3",
                "Location": f"{BUCKET}/{KEY}",
                "MediaStreamType": "AUDIO",
                "ParticipantType": "ALL",
                "Status": "AVAILABLE",
                "StartTimestamp": epoch("10:00:45"),
            }
        ],
    }


def _wav(seconds: float) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(bytes([128]) * int(seconds * 8000))
    return buffer.getvalue()


def test_a_supervisor_gets_a_short_lived_link_that_plays_the_recording(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    boto3.client("s3").put_object(Bucket=BUCKET, Key=KEY, Body=_wav(2.0))
    monkeypatch.setattr(telephony, "describe_contact", _recorded_contact)
    status, body = get(client, "/quality/recordings/C1")
    assert status == 200 and body["expiresInSeconds"] == 300 and body["agent"] == "a1"
    assert "X-Amz-Signature=" in body["url"] and "X-Amz-Expires=300" in body["url"]
    fetched = requests.get(body["url"], timeout=10)
    assert fetched.status_code == 200 and fetched.headers["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(fetched.content)) as audio:
        assert audio.getnframes() / audio.getframerate() == 2.0

    agent = get(client, "/quality/recordings/C1", Authorization=claims_token("a1", "agent"))
    assert agent[0] == 403


def test_no_link_for_an_unrecorded_contact_or_one_no_agent_handled(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        telephony,
        "describe_contact",
        lambda contact_id: {**_recorded_contact(contact_id), "Recordings": []},
    )
    status, body = get(client, "/quality/recordings/C1")
    assert status == 404 and "no recording" in body["error"]["message"]
    assert get(client, "/quality/recordings/C3")[1]["error"]["code"] == "not_reviewable"
    assert get(client, "/quality/recordings/nope")[0] == 404


def test_the_contacts_events_read_in_order_with_queue_and_agent_by_name(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(telephony, "describe_contact", _recorded_contact)
    monkeypatch.setattr(telephony, "contact_attributes", lambda contact_id: {"menuChoice": "1"})
    monkeypatch.setattr("chalicelib.agents.agent_names", lambda: {"a1": "Ada Agent"})
    status, body = get(client, "/quality/contacts/C1/events")
    assert status == 200
    assert [event["kind"] for event in body["events"]] == [
        "started",
        "queued",
        "agent",
        "recording",
        "ended",
    ]
    texts = [event["text"] for event in body["events"]]
    assert "queued in fault" in texts and "connected to Ada Agent" in texts
    assert texts[-1] == "ended (customer disconnect)"
    assert body["attributes"] == {"menuChoice": "1"} and body["agentName"] == "Ada Agent"
