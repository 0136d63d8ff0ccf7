"""A booked callback under injected faults: each AWS write of its run fails once in turn, in every
event ordering, and everything is redelivered as AWS would (a failed schedule or event again a
minute later). Whatever fails, each attempt rings at most once and no follow-up is lost: the
retry is scheduled, the missed callback gets its ticket and its one SMS."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from chalicelib import contact_search, effects, messaging, telephony
from chalicelib.callbacks import bookings, calling, scheduling
from chalicelib.callbacks.bookings import BookingRequest
from chalicelib.tables import CallbackBookingRecord
from tests.callbacks_support import FIRST_SLOT, MONDAY_MORNING, sms_sent_to, week_settings
from tests.fault_injection import AwsWriteFaults

if TYPE_CHECKING:
    from collections.abc import Iterator

    from chalicelib.callbacks.settings import CallbackSettings

PHONE = "+12125550147"
MISSED_SMS = "could not reach you"
ORDERINGS = ("event_after_save", "event_before_save", "event_twice")


@pytest.fixture
def callback_aws(aws: None) -> Iterator[Any]:
    """The product's tables (the shared ``aws`` fixture), with the adapters' clients made in it;
    yields the Scheduler client the worlds of the test read schedules with (one, not one each)."""
    scheduling.forget_client()
    messaging.forget_client()
    yield boto3.client("scheduler")
    scheduling.forget_client()
    messaging.forget_client()


@dataclass
class CallbackWorld:
    """Connect, the Scheduler and EventBridge as the callback sees them, with redelivery."""

    settings: CallbackSettings
    ordering: str
    faults: AwsWriteFaults
    scheduler: Any
    now: datetime = MONDAY_MORNING
    phone: str = "+12125550100"
    calls: list[Any] = field(default_factory=list)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    delivered_inside_call: int = 0
    #: GetSchedule answers by name and the summary's creation and change times: a schedule listed
    #: unchanged is not read again (a changed or re-created one has new times, so it is).
    read: dict[tuple[str, datetime, datetime], dict[str, Any]] = field(default_factory=dict)

    def place_call(self, call: Any) -> str:
        contact_id = f"contact-{uuid.uuid4()}"
        self.calls.append(call)
        self.attributes[contact_id] = dict(call.attributes)
        ended = {
            "eventType": "DISCONNECTED",
            "contactId": contact_id,
            "initiationMethod": "API",
            "disconnectTimestamp": (self.now + timedelta(seconds=35)).isoformat(),
        }
        if self.ordering == "event_before_save":
            self.delivered_inside_call += 1
            if not self._deliver_event(ended):  # the event raced the dialler's own writes
                self.events.append(ended)
        else:
            self.events.extend([ended] * (2 if self.ordering == "event_twice" else 1))
        return contact_id

    def find_contact(self, key: str, started_at: datetime, now: datetime) -> str | None:
        return next((cid for cid, attrs in self.attributes.items() if attrs.get("dialIntent") == key), None)

    def contact_attributes(self, contact_id: str) -> dict[str, str]:
        return self.attributes[contact_id]

    def _deliver_event(self, detail: dict[str, Any]) -> bool:
        try:
            calling.handle_contact_event(detail, self.settings, now=self.now + timedelta(seconds=40))
            return True
        except Exception:
            return False  # EventBridge -> Lambda retries it (then its on-failure destination)

    def _schedules(self) -> list[tuple[datetime, dict[str, Any]]]:
        group = self.settings.schedule_group
        found = []
        for summary in self.scheduler.list_schedules(GroupName=group).get("Schedules", []):
            version = (summary["Name"], summary["CreationDate"], summary["LastModificationDate"])
            if version not in self.read:
                self.read[version] = self.scheduler.get_schedule(Name=summary["Name"], GroupName=group)
            schedule = self.read[version]
            at = datetime.fromisoformat(schedule["ScheduleExpression"][3:-1]).replace(tzinfo=UTC)
            found.append((at, schedule))
        return found

    def _fire(self, schedule: dict[str, Any]) -> bool:
        payload = json.loads(schedule["Target"]["Input"])
        try:
            if schedule["Name"].startswith("reminder-"):
                calling.send_reminder(payload["bookingId"], self.settings, now=self.now)
            else:
                calling.fire_callback(
                    payload["bookingId"],
                    int(payload["attempt"]),
                    self.settings,
                    now=self.now,
                    place_call=self.place_call,
                    screen=lambda phone: (True, "not_listed"),
                )
        except Exception:
            return False  # the Scheduler / Lambda retries the invocation
        self.scheduler.delete_schedule(Name=schedule["Name"], GroupName=self.settings.schedule_group)
        return True

    def run_until(self, end: datetime) -> None:
        """Deliver what is due; whatever failed is redelivered a minute later, like AWS's retries."""
        while self.now <= end:
            retry_soon = False
            for at, schedule in self._schedules():
                if at <= self.now and not self._fire(schedule):
                    retry_soon = True
            self.events = [event for event in self.events if not self._deliver_event(event)]
            upcoming = [at for at, _ in self._schedules() if at > self.now]
            if retry_soon or self.events:
                self.now += timedelta(minutes=1)
            elif upcoming:
                self.now = min(upcoming)
            else:
                return


def _lost_follow_ups(booking_id: str, phone: str) -> list[str]:
    record = CallbackBookingRecord.get(booking_id, consistent_read=True)
    lost = []
    if record.status != "missed":
        lost.append(f"booking left {record.status}")
    if record.follow_up:
        lost.append(f"follow-up {record.follow_up} never done")
    if not record.ticket_id:
        lost.append("no ticket")
    texts = [text for text in sms_sent_to(phone) if MISSED_SMS in text]
    sms = effects.get(f"sms#callback-missed#{booking_id}")
    reported = sms is not None and sms.status == effects.GAVE_UP  # unconfirmed: reported, not resent
    if len(texts) > 1 or (not texts and not reported):
        lost.append(f"{len(texts)} missed-callback SMS")
    return lost


def _slots() -> Iterator[datetime]:
    """Every slot of the week, one scenario each (slots of 30 minutes, 09:00-18:00 Shanghai)."""
    for day in range(5):
        for index in range(18):
            yield FIRST_SLOT + timedelta(days=day, minutes=30 * index)


@dataclass
class Scenario:
    ordering: str
    fail_at: int | None
    slot: datetime
    phone: str


def _run(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch, scheduler: Any
) -> tuple[AwsWriteFaults, Counter[str], list[str], bool]:
    faults = AwsWriteFaults(scenario.fail_at)
    settings = week_settings(CALLBACK_MAX_ATTEMPTS="2")
    booked_at = scenario.slot - timedelta(hours=1)
    booking_id = bookings.book(
        BookingRequest(phone=scenario.phone, starts_at=scenario.slot, reason="fault"), settings, now=booked_at
    ).booking_id
    world = CallbackWorld(settings, scenario.ordering, faults, scheduler, now=booked_at, phone=scenario.phone)
    monkeypatch.setattr(contact_search, "find_contact", world.find_contact)
    monkeypatch.setattr(telephony, "contact_attributes", world.contact_attributes)
    with faults.installed():
        faults.armed = True
        world.run_until(scenario.slot + timedelta(minutes=45))
        faults.armed = False
    per_attempt = Counter(call.client_token for call in world.calls)
    sms = effects.get(f"sms#callback-missed#{booking_id}")
    return (
        faults,
        per_attempt,
        _lost_follow_ups(booking_id, scenario.phone),
        sms is not None and sms.status == effects.GAVE_UP,
    )


@pytest.mark.slow  # every write of the run failed in turn: about 30 scenarios per ordering
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_every_injected_fault_still_rings_once_per_attempt_and_loses_no_follow_up(
    ordering: str, callback_aws: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    slots = _slots()
    numbers = (f"+121255501{n:02d}" for n in range(100))
    scenarios = most_calls = lost_total = unconfirmed = 0
    failures: list[str] = []
    clean, per_attempt, lost, _ = _run(
        Scenario(ordering, None, next(slots), next(numbers)), monkeypatch, callback_aws
    )
    assert (sorted(per_attempt.values()), lost) == ([1, 1], []), f"{ordering} without faults"
    for fail_at in range(1, clean.writes + 1):
        faults, per_attempt, lost, reported = _run(
            Scenario(ordering, fail_at, next(slots), next(numbers)), monkeypatch, callback_aws
        )
        scenarios += 1
        most_calls = max(most_calls, *per_attempt.values())
        lost_total += len(lost)
        unconfirmed += reported
        if max(per_attempt.values()) != 1 or len(per_attempt) != 2 or lost:
            failures.append(f"{ordering}, write #{fail_at} {faults.failed}: {dict(per_attempt)}, {lost}")
    with capsys.disabled():
        print(
            f"\nfaults callback ({ordering}): {scenarios} injected faults; calls placed per attempt (max) = "
            f"{most_calls}; lost follow-ups = {lost_total}; SMS reported unconfirmed = {unconfirmed}"
        )
    assert failures == []
    assert scenarios >= 10 and most_calls == 1 and lost_total == 0
