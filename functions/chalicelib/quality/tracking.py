"""The quality Lambda's logic: one contact event in, the contact's facts and KPI counters out.

At DISCONNECTED the contact is also joined with what other parts know about it: the rating
keyed in at the end of the call, the callback booking that placed it (kept or not; the customer
then gets the SMS survey), and who the customer is (first-contact resolution). Every step is
idempotent, so a duplicated or retried event is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chalicelib.quality import aggregates, emf, events
from chalicelib.quality.facts import CALLBACK_BOOKING, CAMPAIGN_SMS, CONTACT

if TYPE_CHECKING:
    from collections.abc import Mapping

CUSTOMER_CONTACTS = frozenset({"INBOUND", "CALLBACK"})  # contacts the customer made (or asked for)


@dataclass
class Tracked:
    contact_id: str
    changed: bool
    counted: dict[str, dict[str, float]] = field(default_factory=dict)
    follow_up_ticket: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "contactId": self.contact_id,
            "changed": self.changed,
            "counted": self.counted,
            "followUpTicket": self.follow_up_ticket,
        }


def _publish(applied: aggregates.Applied, tracked: Tracked) -> None:
    emf.publish(applied.delta)
    for key, changes in applied.delta.items():
        into = tracked.counted.setdefault(key, {})
        for name, amount in changes.items():
            into[name] = round(into.get(name, 0) + amount, 3)


def track_contact_event(event: Mapping[str, Any]) -> Tracked | None:
    """Apply one contact event (EventBridge shape); None when it is not about a contact."""
    update = events.from_event(event)
    if update is None:
        return None
    applied = aggregates.apply(update.contact_id, update.facts, at=update.at)
    tracked = Tracked(update.contact_id, applied.changed)
    _publish(applied, tracked)
    if update.event_type == "DISCONNECTED":
        _join(update, applied.facts, tracked)
    elif update.event_type == "QUEUED" and applied.changed:
        _flag_warning_caller(update, applied.facts)
    return tracked


def _flag_warning_caller(update: events.ContactUpdate, facts: Mapping[str, Any]) -> None:
    """A warning-listed caller entering a queue alerts the supervisors (once per contact)."""
    from datetime import UTC, datetime

    from chalicelib.alerts import note_queued_contact
    from chalicelib.quality.metrics import queue_labels

    queue = str(facts.get("queue") or "")
    note_queued_contact(
        update.contact_id, queue_labels().get(queue, queue), datetime.fromtimestamp(update.at, UTC)
    )


def _join(update: events.ContactUpdate, facts: Mapping[str, Any], tracked: Tracked) -> None:
    from chalicelib.quality import repeats

    phone: str | None = None
    booking = _callback_booking(update.contact_id) if update.initiation_method == "API" else None
    if booking is not None:
        kept = bool(facts.get("agent_connected_at"))
        _publish(
            aggregates.apply(
                f"callback#{booking.booking_id}",
                {
                    "kind": CALLBACK_BOOKING,
                    "initiated_at": facts.get("initiated_at"),
                    "queue": facts.get("queue"),
                    "callback_kept": kept,
                },
                at=update.at,
            ),
            tracked,
        )
        phone = booking.phone
        if kept and facts.get("disconnected_at"):
            from chalicelib.quality.survey_invitations import invite_sms_survey

            invite_sms_survey(phone, contact_id=update.contact_id, language=booking.language or "en-US")
    elif update.initiation_method in CUSTOMER_CONTACTS:
        phone = customer_number(update.contact_id)
    if phone and facts.get("initiated_at"):
        for applied in repeats.link_contact(update.contact_id, phone, float(facts["initiated_at"])):
            _publish(applied, tracked)
    rating = _keyed_rating(update.contact_id)
    if rating is not None:
        from chalicelib.quality.ratings import record_rating

        tracked.follow_up_ticket = record_rating(update.contact_id, rating, update.at, phone=phone)


def _callback_booking(contact_id: str) -> Any:
    from chalicelib.tables import CallbackBookingRecord

    return next(iter(CallbackBookingRecord.by_contact.query(contact_id, limit=1)), None)


def _keyed_rating(contact_id: str) -> int | None:
    """The rating the caller keyed in at the end of the call (the survey runs before DISCONNECTED)."""
    from chalicelib.tables import ContactRatingRecord

    try:
        return int(ContactRatingRecord.get(contact_id, consistent_read=True).rating)
    except ContactRatingRecord.DoesNotExist:
        return None


def customer_number(contact_id: str) -> str | None:
    """The caller's number (contact events do not carry it); None if unknown, and this contact
    then just stays out of first-contact resolution."""
    from chalicelib import telephony

    return telephony.customer_number(contact_id)


def note_campaign_outcome(
    contact_id: str, campaign_id: str, phone: str, outcome: str, *, sms_sent: bool, at: float
) -> None:
    """What ``call_outcomes.OutcomeRecorder`` reports for campaign reach; safe to repeat.

    The SMS fallback is counted per campaign contact (it is sent at most once per contact),
    the call per Connect contact.
    """
    from chalicelib.quality.repeats import customer_key

    tracked = Tracked(contact_id, False)
    _publish(
        aggregates.apply(
            contact_id, {"kind": CONTACT, "campaign": campaign_id, "campaign_outcome": outcome}, at=at
        ),
        tracked,
    )
    if sms_sent:
        _publish(
            aggregates.apply(
                f"campaign-sms#{campaign_id}#{customer_key(phone)}",
                {"kind": CAMPAIGN_SMS, "campaign": campaign_id, "sms_sent": True},
                at=at,
            ),
            tracked,
        )
