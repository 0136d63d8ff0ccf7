"""GET /metrics, QA samples and reviews through the Chalice app; SMS ratings; the report files."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from chalice.test import Client

from callctl.report import write_report
from chalicelib.quality import aggregates, sampling, survey_answers, survey_invitations
from chalicelib.tables import TicketRecord
from tests.functional.tickets_support import function_app
from tests.quality_support import DAY, QUEUE_FAULT, track_the_day
from tests.staff_support import claims_token, signed_in

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = [
    pytest.mark.usefixtures("aws"),
]
JSON = {"Content-Type": "application/json"}
PHONE = "+12125550142"


@pytest.fixture(autouse=True)
def the_day(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    track_the_day(monkeypatch)


@pytest.fixture
def client() -> Iterator[Client]:
    with Client(function_app()) as test_client:
        yield signed_in(test_client)


def get(client: Client, path: str) -> tuple[int, Any]:
    response = client.http.get(path, headers=JSON)
    return response.status_code, json.loads(response.body)


def test_metrics_per_queue_name_each_queue_and_give_the_days_kpis(client: Client) -> None:
    status, body = get(client, f"/metrics?from={DAY}&to={DAY}&dimension=queue")
    assert status == 200
    assert (body["from"], body["to"], body["dimension"]) == (DAY, DAY, "queue")
    fault = next(row for row in body["rows"] if row["name"] == QUEUE_FAULT)
    assert fault["label"] == "fault"
    assert fault["kpis"]["abandonment_rate"] == 0.3333
    assert body["overall"]["kpis"]["service_level"] == 0.5
    assert body["overall"]["days"][0]["day"] == DAY


@pytest.mark.parametrize(
    "query",
    [
        "dimension=planet",
        "from=25-11-2026",
        f"from={DAY}&to=2026-11-01",
        "from=2025-01-01&to=2026-11-25",
        "x=1",
    ],
)
def test_metrics_refuses_a_bad_query_with_a_clear_400(client: Client, query: str) -> None:
    status, body = get(client, f"/metrics?{query}")
    assert status == 400
    assert body["error"]["code"] == "invalid_input" and body["error"]["message"]


def test_the_qa_sample_is_the_same_every_time_and_reviews_are_kept_against_the_contact(
    client: Client,
) -> None:
    status, first = get(client, f"/quality/samples?agent=a1&from={DAY}&to={DAY}&minimum=1")
    _, again = get(client, f"/quality/samples?agent=a1&from={DAY}&to={DAY}&minimum=1")
    assert status == 200 and first == again
    assert len(first["contacts"]) == 1 and first["contacts"][0]["contactId"] in {"C1", "C4"}
    chosen = first["contacts"][0]["contactId"]

    response = client.http.put(
        f"/quality/reviews/{chosen}", body=json.dumps({"score": 85, "notes": "greeted well"}), headers=JSON
    )
    assert response.status_code == 200
    _, review = get(client, f"/quality/reviews/{chosen}")
    assert (review["score"], review["agent"], review["day"], review["notes"]) == (
        85,
        "a1",
        DAY,
        "greeted well",
    )
    _, sample = get(client, f"/quality/samples?agent=a1&from={DAY}&to={DAY}&minimum=1")
    assert sample["contacts"][0]["review"]["score"] == 85


def test_an_agent_reads_the_review_of_their_own_contacts_only(client: Client) -> None:
    _, sample = get(client, f"/quality/samples?agent=a1&from={DAY}&to={DAY}&minimum=1")
    chosen = sample["contacts"][0]["contactId"]
    client.http.put(f"/quality/reviews/{chosen}", body=json.dumps({"score": 70}), headers=JSON)
    path = f"/quality/reviews/{chosen}"
    own = client.http.get(path, headers={"Authorization": claims_token("a1", "agent")})
    assert own.status_code == 200 and json.loads(own.body)["score"] == 70
    other = client.http.get(path, headers={"Authorization": claims_token("a2", "agent")})
    assert other.status_code == 403 and json.loads(other.body)["error"]["code"] == "forbidden"
    supervisor = client.http.get(path, headers={"Authorization": claims_token("s1", "supervisor")})
    assert supervisor.status_code == 200


def test_every_agent_is_sampled_when_no_agent_is_named(client: Client) -> None:
    _, body = get(client, f"/quality/samples?from={DAY}&to={DAY}&minimum=5")
    assert sorted(row["contactId"] for row in body["contacts"]) == ["C1", "C2", "C4"]


@pytest.mark.parametrize(
    ("contact_id", "body", "status"),
    [
        ("C1", {"score": 101}, 400),
        ("C1", {"score": 50, "stars": 3}, 400),
        ("C3", {"score": 50}, 400),
        ("nope", {"score": 50}, 404),
    ],
)
def test_a_review_that_cannot_be_kept_is_refused(
    client: Client, contact_id: str, body: Any, status: int
) -> None:
    response = client.http.put(f"/quality/reviews/{contact_id}", body=json.dumps(body), headers=JSON)
    assert response.status_code == status


def test_sampling_draws_by_rate_and_tops_up_to_the_minimum() -> None:
    contacts = [f"c{n}" for n in range(200)]
    drawn = sampling.choose("a1", DAY, contacts, rate=0.1, minimum=2)
    assert 8 <= len(drawn) <= 35  # about 20 of 200
    assert drawn == sampling.choose("a1", DAY, list(reversed(contacts)), rate=0.1, minimum=2)
    assert sampling.choose("a2", DAY, contacts, rate=0.1) != drawn  # each agent has its own draw
    assert len(sampling.choose("a1", DAY, contacts[:3], rate=0.0001, minimum=2)) == 2


def test_an_sms_reply_answers_the_survey_once_and_a_low_score_opens_a_supervisor_ticket(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib import messaging

    sent: list[str] = []

    def send_sms(phone: str, text: str) -> str:
        sent.append(text)
        return "m-1"

    monkeypatch.setattr(messaging, "send_sms", send_sms)
    assert survey_invitations.invite_sms_survey(PHONE, ticket_id="T-closed") is True
    assert survey_invitations.invite_sms_survey(PHONE, ticket_id="T-closed") is False  # already asked
    assert len(sent) == 1 and "http" not in sent[0]

    assert survey_answers.record_sms_rating(PHONE, "great, thanks").status == "not_a_rating"
    result = survey_answers.record_sms_rating(PHONE, " 1 ")
    assert (result.status, result.rating) == ("recorded", 1)
    assert survey_answers.record_sms_rating(PHONE, "5").status == "already_answered"
    assert survey_answers.record_sms_rating("+12125550199", "5").status == "no_survey"

    assert result.follow_up_ticket
    ticket = TicketRecord.get(result.follow_up_ticket)
    assert (ticket.category, ticket.channel, ticket.phone) == ("complaint", "sms", PHONE)
    counters = aggregates.read_scope("all", datetime.now(UTC).date().isoformat(), "9999-12-31")
    assert sum(row.counters["ratings"] for row in counters) == 1


def test_an_sms_reply_after_the_answer_window_is_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import messaging

    monkeypatch.setattr(messaging, "send_sms", lambda phone, text: "m-1")
    survey_invitations.invite_sms_survey(PHONE, contact_id="C1", now=datetime.now(UTC) - timedelta(days=8))
    assert survey_answers.record_sms_rating(PHONE, "4").status == "expired"


def test_the_inbound_sms_lambda_reads_end_user_messaging_notifications(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib import messaging

    monkeypatch.setattr(messaging, "send_sms", lambda phone, text: "m-1")
    survey_invitations.invite_sms_survey(PHONE, contact_id="C1")
    message = {"originationNumber": PHONE, "destinationNumber": "+12125550100", "messageBody": "5"}
    event = {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(message)}}]}
    with Client(function_app()) as test_client:
        answer = test_client.lambda_.invoke("receive_sms_reply", event).payload
    assert answer == {"results": ["recorded"]}
    assert aggregates.load_facts("C1")["rating"] == 5


def test_the_report_has_svg_charts_and_a_csv_line_per_scope_and_day(client: Client, tmp_path: Path) -> None:
    def fetch(dimension: str, first: str, last: str) -> Any:
        return get(client, f"/metrics?dimension={dimension}&from={first}&to={last}")[1]

    html_path, csv_path = write_report(fetch, DAY, DAY, tmp_path / "out")
    html = html_path.read_text(encoding="utf-8")
    assert html.count("<svg") >= 6 and "fault" in html and "Agents" in html and "Campaigns" in html
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    total = next(r for r in rows if r["dimension"] == "all" and r["day"] == "total")
    assert (total["queued"], total["abandoned"], total["abandonment_rate"]) == ("4", "1", "0.25")
    fault = next(r for r in rows if r["label"] == "fault" and r["day"] == DAY)
    assert fault["service_level"] == "0.3333"
    assert {r["name"] for r in rows if r["dimension"] == "agent"} == {"a1", "a2"}
