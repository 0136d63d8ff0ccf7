"""Effects that must happen once (a call, an SMS): a durable intent written before the effect,
and a plan for the delivery that finds an intent an earlier delivery left unfinished.

Connect's ClientToken de-duplicates a call only while the first contact is active, and an SMS
has no token at all, so at-least-once delivery needs its own memory of what was started::

    intent = effects.begin(key, subject, now)
    if intent.fresh:                       # nobody tried yet (or an earlier try surely failed)
        try:
            result = place_the_call()
        except DefiniteFailure:
            effects.not_done(key, now)     # the next delivery may try again
            raise
        effects.done(key, result, now)
    else:
        recovery, result = plan_recovery(intent, found=look_it_up(), now=now, settle=...)

``pending`` means "the effect may have happened": it is never repeated blindly. The delivery
that finds it looks the effect up (a call by its contact search, or the contact id the contact
events path saved with ``done``); when nothing can tell after ``settle``, it gives up and
reports (a ticket, a counter) rather than risk a second call or SMS.

A message (an SMS, an email) is sent with ``send_once``, which runs that recipe around the
provider's send: the SMS adapter (``messaging``) and the mail adapter (``mail.outbound``) only
say how to send and which refusal is final.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from pynamodb.expressions.update import Action

from chalicelib.tables import IdempotencyRecord, writes

PENDING = "pending"
DONE = "done"
NOT_DONE = "not_done"
GAVE_UP = "gave_up"
#: Intents outlive any redelivery (SQS 14 days at most) and every attempt cap's window.
KEEP_FOR = timedelta(days=90)
#: Longer than any Lambda run: a message's claim older than this belongs to a sender that died.
SEND_LEASE = timedelta(minutes=2)
_REJECTED = "rejected:"


@dataclass(frozen=True)
class Intent:
    key: str
    status: str
    started_at: datetime
    result: str | None = None
    subject: dict[str, str] = field(default_factory=dict)
    #: True when this delivery wrote it: the effect is this delivery's to perform
    fresh: bool = False

    def age(self, now: datetime) -> timedelta:
        return now - self.started_at


class Recovery(StrEnum):
    ADOPT = "adopt"  # the effect happened: take its result, do not repeat it
    WAIT = "wait"  # it may still be under way or not yet visible: look again later
    GIVE_UP = "give_up"  # it cannot be known: report it, never repeat it
    SETTLED = "settled"  # an earlier delivery already gave up and reported


def plan_recovery(
    intent: Intent, *, found: str | None, now: datetime, settle: timedelta
) -> tuple[Recovery, str | None]:
    """What a delivery does about an intent it did not write (pure).

    >>> started = datetime(2026, 1, 5, 9, 0)
    >>> pending = Intent("call#t", PENDING, started)
    >>> plan_recovery(pending, found=None, now=started + timedelta(seconds=20), settle=timedelta(minutes=5))
    (<Recovery.WAIT: 'wait'>, None)
    >>> plan_recovery(pending, found="c-1", now=started, settle=timedelta(minutes=5))
    (<Recovery.ADOPT: 'adopt'>, 'c-1')
    """
    if intent.status == DONE:
        return Recovery.ADOPT, intent.result
    if intent.status == GAVE_UP:
        return Recovery.SETTLED, None
    if found:
        return Recovery.ADOPT, found
    if intent.age(now) < settle:
        return Recovery.WAIT, None
    return Recovery.GIVE_UP, None


def _intent(record: IdempotencyRecord, fresh: bool) -> Intent:
    subject = record.subject.as_dict() if record.subject is not None else {}
    return Intent(
        key=record.id,
        status=str(record.status or PENDING),
        started_at=record.started_at,
        result=record.result,
        subject={str(k): str(v) for k, v in subject.items()},
        fresh=fresh,
    )


def begin(key: str, subject: Mapping[str, str], now: datetime) -> Intent:
    """Record that the effect ``key`` is about to happen; ``fresh`` says whether it is ours to do.

    Taken when no intent exists or the last one surely failed (``not_done``); otherwise the
    existing intent is returned for ``plan_recovery``.
    """
    record = IdempotencyRecord(
        key,
        status=PENDING,
        started_at=now,
        subject=dict(subject),
        expiration=now + KEEP_FOR,
    )
    if writes.save_if(record, IdempotencyRecord.id.does_not_exist() | (IdempotencyRecord.status == NOT_DONE)):
        return _intent(record, fresh=True)
    existing = get(key)
    if existing is None:  # deleted between the two requests (TTL): take it on the next delivery
        raise RuntimeError(f"intent {key} vanished while being read; retry")
    return existing


def get(key: str) -> Intent | None:
    try:
        return _intent(IdempotencyRecord.get(key, consistent_read=True), fresh=False)
    except IdempotencyRecord.DoesNotExist:
        return None


def _settle(key: str, status: str, now: datetime, *, result: str | None = None, detail: str = "") -> bool:
    """Move a pending intent on; False when it was no longer pending (another path settled it)."""
    actions: list[Action] = [IdempotencyRecord.status.set(status)]
    if result is not None:
        actions.append(IdempotencyRecord.result.set(result))
    if detail:
        actions.append(IdempotencyRecord.detail.set(detail[:500]))
    return writes.update_if(IdempotencyRecord(key), actions, IdempotencyRecord.status == PENDING)


def done(key: str, result: str, now: datetime) -> bool:
    """The effect happened and produced ``result`` (idempotent: the first result known stays)."""
    return _settle(key, DONE, now, result=result)


def not_done(key: str, now: datetime, detail: str = "") -> bool:
    """The effect surely did not happen (the service refused it): the next delivery may try again."""
    return _settle(key, NOT_DONE, now, detail=detail)


def gave_up(key: str, now: datetime, detail: str) -> bool:
    """Nothing can tell whether the effect happened; the caller reports it. Final."""
    return _settle(key, GAVE_UP, now, detail=detail)


def call_intent_of_contact(contact_id: str, origin: str) -> tuple[str, Intent] | None:
    """The call intent (key, intent) whose ``dialIntent`` attribute ``contact_id`` carries, when
    that intent was placed for ``origin`` ("callback", "campaign"); None for any other contact."""
    from chalicelib import telephony  # Cold start: only a contact nobody recorded needs Connect

    try:
        attributes = telephony.contact_attributes(contact_id)
    except Exception as error:
        if getattr(error, "response", {}).get("Error", {}).get("Code") == "ResourceNotFoundException":
            return None
        raise
    key = attributes.get("dialIntent", "")
    intent = get(key) if key.startswith("call#") else None
    if intent is None or intent.subject.get("origin") != origin:
        return None
    return key, intent


@dataclass(frozen=True)
class Sent:
    """What sending a message once came to: ``sent`` (now or by an earlier delivery; the provider's
    ``message_id``), ``rejected`` (by the provider, final; ``detail`` says why) or ``unconfirmed``
    (an earlier sender died after claiming it: reported, never resent)."""

    status: str
    message_id: str | None = None
    detail: str = ""


class InFlight(Exception):
    """Another delivery claimed this message moments ago: try again later (it may still send it)."""


def send_once(
    intent_key: str, channel: str, send: Callable[[], str], *, rejected: type[Exception], now: datetime
) -> Sent:
    """Run ``send`` (it returns the provider's message id) once per ``intent_key``.

    ``rejected`` is the provider's final refusal: recorded, never retried. Any other exception
    marks the message not sent and propagates, so the caller's redelivery sends it; ``InFlight``
    while another delivery's claim is fresh.
    """
    intent = begin(intent_key, {"channel": channel}, now)
    if not intent.fresh:
        recovery, result = plan_recovery(intent, found=None, now=now, settle=SEND_LEASE)
        if recovery is Recovery.ADOPT:
            if result and result.startswith(_REJECTED):
                return Sent("rejected", detail=result[len(_REJECTED) :])
            return Sent("sent", result)
        if recovery is Recovery.WAIT:
            raise InFlight(f"{intent_key} is being sent by another delivery")
        if recovery is Recovery.GIVE_UP and gave_up(
            intent_key, now, "the sender died after claiming it; it may or may not have been sent"
        ):
            from chalicelib.observability import get_logger

            get_logger().error(
                "message unconfirmed: claimed by a sender that died", extra={"intent": intent_key}
            )
        return Sent("unconfirmed")
    try:
        message_id = send()
    except rejected as refusal:
        done(intent_key, f"{_REJECTED}{refusal}", now)
        return Sent("rejected", detail=str(refusal))
    except Exception as error:
        not_done(intent_key, now, f"{type(error).__name__}: {error}")
        raise
    done(intent_key, message_id, now)
    return Sent("sent", message_id)
