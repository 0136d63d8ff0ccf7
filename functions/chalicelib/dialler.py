"""The dialler: drains the dialler queue, one message = up to ten contacts of one campaign attempt.

For each contact, at dial time (DESIGN rules 4-6): still due (not dialled already by a
redelivered message), the campaign running, the number screened again, the compliance rules of
its country and campaign, a line and a start slot free in the instance's and the campaign's
quota; then a durable intent (``chalicelib.effects``) and StartOutboundVoiceContact with a
ClientToken derived from (campaign, number, attempt). Connect honours the token only while the
first call is active, so a redelivery that finds the intent but no recorded attempt never dials
blindly: it adopts the contact the intent names (or finds by its ``dialIntent`` attribute) and
records it, waits while the call may still be unlisted, or gives up with a ticket. Whatever
cannot be dialled now is sent back to the queue with a delay before the message is
acknowledged: no contact is lost.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.attributes import MapAttribute
from pynamodb.expressions.condition import size

from chalicelib import clock, effects
from chalicelib.campaigns import runs
from chalicelib.campaigns.audience import CONTACTS_PER_MESSAGE, dialler_message
from chalicelib.pacing import Limits, Pacer
from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.tables import CampaignContactRecord, ContactAttemptRecord, writes

#: How long a paused campaign's contacts wait before looking again.
PAUSED_RECHECK_S = 60
#: Back-off after Connect said the lines are busy (quota, throttling), before jitter.
BUSY_BACKOFF_S = 2.0
ATTEMPT_RECORD_DAYS = 90
DIALLABLE_STATES = frozenset({"queued", "waiting"})
#: How long an unfound call may still be ringing or unlisted before it is given up on.
CALL_SETTLE = timedelta(minutes=5)


@dataclass(frozen=True)
class DialResult:
    """What happened to one contact: ``dialled``, ``deferred`` (try again in ``delay_s``),
    ``finished`` (will not be dialled: ``reason``), or ``skipped`` (already handled)."""

    status: str
    delay_s: float = 0.0
    reason: str = ""
    contact_id: str | None = None


def instance_limits() -> Limits:
    return Limits(
        max_concurrent=int(os.environ.get("DIALLER_MAX_CONCURRENT_CALLS", "10")),
        calls_per_second=float(os.environ.get("DIALLER_CALLS_PER_SECOND", "5")),
    )


def pacing_key(campaign_id: str, phone: str, attempt: int) -> str:
    return f"{campaign_id}#{phone}#{attempt}"


def client_token(campaign_id: str, phone: str, attempt: int) -> str:
    """Stable per attempt: Connect answers a repeated token with the first call's ContactId."""
    return hashlib.sha256(pacing_key(campaign_id, phone, attempt).encode()).hexdigest()[:64]


def call_intent(campaign_id: str, phone: str, attempt: int) -> str:
    """The ``chalicelib.effects`` key of an attempt's call (also its ``dialIntent`` attribute)."""
    return f"call#{client_token(campaign_id, phone, attempt)}"


def _scope_names(campaign_id: str) -> list[str]:
    return ["instance", f"campaign#{campaign_id}"]


class Dialler:
    """Dials the contacts of queue messages; the clock is injectable for accelerated simulations."""

    def __init__(self, clock: Callable[[], float] = clock.now, pacer: Pacer | None = None) -> None:
        self.clock = clock
        self.pacer = pacer or Pacer(clock=clock)
        self._campaigns: dict[str, runs.LoadedCampaign] = {}

    # -- queue edge -------------------------------------------------------------------------------
    def handle_batch(self, event: dict[str, Any]) -> dict[str, Any]:
        """SQS batch handler: defers what cannot be dialled now, reports only real failures."""
        from chalicelib import sqs_batches

        self._campaigns.clear()  # a campaign paused a second ago must be seen as paused
        return sqs_batches.process(event, self.handle_message)

    def handle_message(self, body: dict[str, Any]) -> list[DialResult]:
        """Dial a message's contacts in order; whatever must wait goes back before the ack.

        When every line is taken, the rest of the message is parked in the waiting room and
        woken by the next call that ends (``chalicelib.waiting_room``): no polling, no idle line.
        """
        from chalicelib import waiting_room, work_queues

        if body.get("wake"):
            return self._wake_parked()
        campaign_id = str(body["campaign_id"])
        phones = [str(phone) for phone in body["phones"]]
        attempt = int(body.get("attempt", 1))
        wait = float(body.get("not_before", 0)) - self.clock()
        if wait > 0:
            work_queues.send(DIALLER_QUEUE_ENV, [body], delay_s=wait)
            return [DialResult("deferred", wait) for _ in phones]
        results: list[DialResult] = []
        if not self._lines_full(campaign_id):
            for phone in phones:
                results.append(self.dial(campaign_id, phone, attempt))
                if results[-1].reason == "concurrency":
                    results.pop()
                    break
        parked = phones[len(results) :]
        if parked:
            waiting_room.park(campaign_id, parked, attempt, self.clock())
            if not self._lines_full(campaign_id):
                waiting_room.wake(1)  # a call ended while we parked: do not wait for the next one
        now = self.clock()
        later: dict[int, list[str]] = {}
        for phone, result in zip(phones, results, strict=False):
            if result.status == "deferred":
                later.setdefault(max(1, round(result.delay_s)), []).append(phone)
        for delay, waiting in later.items():
            messages = (
                dialler_message(
                    campaign_id, waiting[i : i + CONTACTS_PER_MESSAGE], attempt, not_before=now + delay
                )
                for i in range(0, len(waiting), CONTACTS_PER_MESSAGE)
            )
            work_queues.send(DIALLER_QUEUE_ENV, messages, delay_s=delay)
        return results + [DialResult("deferred", 0, "parked") for _ in parked]

    def _wake_parked(self) -> list[DialResult]:
        """The safety wake-up: give back the lines of calls whose end was never reported (their
        lease ran out), then wake as many parked messages as there are free lines."""
        from chalicelib import waiting_room

        self.pacer.reclaim_expired("instance")
        free = instance_limits().max_concurrent - self.pacer.in_progress("instance")
        waiting_room.on_safety_wake(free, self.clock())
        return []

    def _lines_full(self, campaign_id: str) -> bool:
        """A cheap look (two reads) before any per-contact work: is any line free at all?"""
        loaded = self._campaign(campaign_id)
        if loaded.status != "running":
            return False  # let dial() record paused / stopped per contact
        campaign_limit = loaded.campaign.pacing.max_concurrent_calls
        return (
            self.pacer.in_progress("instance") >= instance_limits().max_concurrent
            or self.pacer.in_progress(f"campaign#{campaign_id}") >= campaign_limit
        )

    # -- one contact ------------------------------------------------------------------------------
    def dial(self, campaign_id: str, phone: str, attempt: int) -> DialResult:
        from chalicelib import telephony

        loaded = self._campaign(campaign_id)
        if loaded.status == "paused":
            return DialResult("deferred", PAUSED_RECHECK_S, "paused")
        try:
            contact = CampaignContactRecord.get(campaign_id, phone, consistent_read=True)
        except CampaignContactRecord.DoesNotExist:
            return DialResult("skipped", reason="unknown_contact")
        if contact.state not in DIALLABLE_STATES or len(contact.attempts) >= attempt:
            return DialResult("skipped", reason=f"already {contact.state}")
        now = datetime.fromtimestamp(self.clock(), UTC)
        recovered = self._recover(loaded, contact, attempt, now)
        if recovered is not None:
            return recovered
        if loaded.status != "running":
            return self._finish(contact, "cancelled", f"campaign_{loaded.status}")
        refusal = self._compliance(loaded, contact, now)
        if refusal is not None:
            return refusal
        campaign = loaded.campaign
        key = pacing_key(campaign_id, phone, attempt)
        scopes = [
            ("instance", instance_limits()),
            (
                f"campaign#{campaign_id}",
                Limits(campaign.pacing.max_concurrent_calls, campaign.pacing.calls_per_second),
            ),
        ]
        grant = self.pacer.try_acquire(key, scopes)
        if not grant.granted:
            return DialResult("deferred", grant.retry_after_s, grant.refused_by or "busy")
        intent_key = call_intent(campaign_id, phone, attempt)
        subject = {"origin": "campaign", "origin_id": campaign_id, "phone": phone, "attempt": str(attempt)}
        if not effects.begin(intent_key, subject, now).fresh:
            return DialResult("skipped", reason="being dialled")  # a concurrent delivery holds it
        try:
            contact_id = telephony.start_outbound_call(
                telephony.OutboundCall(
                    destination=phone,
                    attributes=self._call_attributes(loaded, contact, attempt),
                    client_token=client_token(campaign_id, phone, attempt),
                    detect_answering_machine=campaign.answering_machine_detection,
                    name=campaign.name,
                )
            )
        except telephony.LinesBusy:
            effects.not_done(intent_key, now, "lines busy")
            self.pacer.release(key, grant.held)
            return DialResult("deferred", BUSY_BACKOFF_S * (1 + random.random()), "lines_busy")
        except telephony.CallNotPermitted as refused:
            effects.not_done(intent_key, now, refused.code)
            self.pacer.release(key, grant.held)
            return self._finish(contact, "refused", f"connect_{refused.code}")
        effects.done(intent_key, contact_id, now)
        self._record_attempt(loaded, contact, attempt, contact_id, key, grant.held, now)
        return DialResult("dialled", contact_id=contact_id)

    def _recover(
        self, loaded: runs.LoadedCampaign, contact: CampaignContactRecord, attempt: int, now: datetime
    ) -> DialResult | None:
        """Settle an attempt an earlier delivery began; None when its call surely was not placed."""
        from chalicelib import contact_search

        key = call_intent(contact.campaign_id, contact.phone, attempt)
        intent = effects.get(key)
        if intent is None or intent.status == effects.NOT_DONE:
            return None  # the intent is written before the call: no intent, no call
        found = None
        if intent.status == effects.PENDING:
            found = contact_search.find_contact(key, intent.started_at, now)
        recovery, contact_id = effects.plan_recovery(intent, found=found, now=now, settle=CALL_SETTLE)
        if recovery is effects.Recovery.ADOPT and contact_id:
            effects.done(key, contact_id, now)
            pacing = pacing_key(contact.campaign_id, contact.phone, attempt)
            scopes = _scope_names(contact.campaign_id)
            self._record_attempt(loaded, contact, attempt, contact_id, pacing, scopes, intent.started_at)
            return DialResult("dialled", reason="reconciled", contact_id=contact_id)
        if recovery is effects.Recovery.WAIT:
            delay = max(1.0, (intent.started_at + CALL_SETTLE - now).total_seconds())
            return DialResult("deferred", delay, "call_unconfirmed")
        if recovery is effects.Recovery.GIVE_UP and effects.gave_up(key, now, "no contact found"):
            return self._give_up_unconfirmed(loaded, contact, attempt, key, intent.started_at, now)
        return DialResult("skipped", reason="call_unconfirmed")

    def _give_up_unconfirmed(
        self,
        loaded: runs.LoadedCampaign,
        contact: CampaignContactRecord,
        attempt: int,
        key: str,
        started_at: datetime,
        now: datetime,
    ) -> DialResult:
        """Nobody can tell whether this attempt rang: count it as placed for the caps (never call
        twice), finish the contact, and leave a ticket for a person to look at."""
        from chalicelib.tickets.lifecycle import open_ticket
        from chalicelib.tickets.opening_plan import TicketRequest

        self._save_attempt_record(
            ContactAttemptRecord(
                f"unconfirmed-{key}",
                origin="campaign",
                origin_id=contact.campaign_id,
                phone=contact.phone,
                attempt=attempt,
                purpose=loaded.campaign.purpose,
                placed_at=started_at,
                outcome="unconfirmed",
                expires_at=now + timedelta(days=ATTEMPT_RECORD_DAYS),
            )
        )
        open_ticket(
            TicketRequest(
                phone=contact.phone,
                category="inquiry",
                channel="campaign",
                actor="dialler",
                subject=f"Unconfirmed campaign call ({loaded.campaign.name})",
                description=(
                    f"Attempt {attempt} of campaign {contact.campaign_id} may or may not have rung: the "
                    "dialler stopped after starting it and Amazon Connect lists no such contact. It is "
                    "counted as placed and will not be retried."
                ),
                contact_id=f"unconfirmed-{key}",
            )
        )
        return self._finish(contact, "unconfirmed", "call_unconfirmed")

    def _campaign(self, campaign_id: str) -> runs.LoadedCampaign:
        if campaign_id not in self._campaigns:
            self._campaigns[campaign_id] = runs.load(campaign_id)
        return self._campaigns[campaign_id]

    def _compliance(
        self, loaded: runs.LoadedCampaign, contact: CampaignContactRecord, now: datetime
    ) -> DialResult | None:
        from chalicelib.campaigns import CallAttempt, Contact, dial_decision
        from chalicelib.campaigns.number_facts import read_number_facts

        campaign = loaded.campaign
        facts = read_number_facts(campaign, [contact.phone], now)[contact.phone]
        history = [
            CallAttempt(at=attempt.placed_at, campaign_id=attempt.origin_id, purpose=attempt.purpose)
            for attempt in ContactAttemptRecord.by_phone.query(
                contact.phone, ContactAttemptRecord.placed_at >= now - timedelta(days=8)
            )
        ]
        decision = dial_decision(
            Contact(contact.phone, timezone=contact.timezone, state=contact.region),
            campaign,
            now,
            history,
            facts.consent,
            screening_refusal=facts.screening_refusal,
        )
        if decision.allowed:
            return None
        if decision.next_allowed_at is not None:
            delay = max(1.0, (decision.next_allowed_at - now).total_seconds())
            contact.update(
                actions=[
                    CampaignContactRecord.state.set("waiting"),
                    CampaignContactRecord.campaign_state.set(f"{contact.campaign_id}#waiting"),
                    CampaignContactRecord.reason.set(decision.reason),
                    CampaignContactRecord.next_attempt_at.set(decision.next_allowed_at),
                    CampaignContactRecord.updated_at.set(now),
                ]
            )
            return DialResult("deferred", delay, decision.reason)
        return self._finish(contact, "refused", decision.reason)

    def _call_attributes(
        self, loaded: runs.LoadedCampaign, contact: CampaignContactRecord, attempt: int
    ) -> dict[str, str]:
        """What the outbound flow reads (see ``infra/flows/outbound.py``); unset values are NOT_SET."""
        from chalicelib.telephony import NOT_SET, queue_id

        campaign = loaded.campaign
        keys: dict[str, Any] = {}  # menu action -> its option (one key each, the definition checks)
        for option in campaign.menu.values():
            keys.setdefault(option.action, option)
        transfer = keys.get("transfer")
        language = contact.language or campaign.default_language
        menu_prompts = loaded.menu_prompts
        text = contact.call_text or ""
        return {
            "messageText": text,
            "messageType": "ssml" if text.lstrip().startswith("<speak") else "text",
            "language": language,
            "voice": contact.voice or campaign.languages[language].voice,
            "menuKeys": "".join(sorted(campaign.menu)) or NOT_SET,
            "menuPrompt": menu_prompts.get(language, "") if campaign.menu else "",
            "agentKey": transfer.key if transfer else NOT_SET,
            # The campaign's named queue, when the instance has it; otherwise the flow's outbound queue.
            "agentQueueArn": (queue_id(transfer.queue) if transfer and transfer.queue else None) or NOT_SET,
            "repeatKey": keys["repeat"].key if "repeat" in keys else NOT_SET,
            "rescheduleKey": keys["reschedule"].key if "reschedule" in keys else NOT_SET,
            "campaignId": campaign.id,
            "attempt": str(attempt),
            "dialIntent": call_intent(campaign.id, contact.phone, attempt),
        }

    def _record_attempt(
        self,
        loaded: runs.LoadedCampaign,
        contact: CampaignContactRecord,
        attempt: int,
        contact_id: str,
        key: str,
        scopes: list[str],
        now: datetime,
    ) -> bool:
        """Record a placed call once, whoever gets there first (this delivery, a redelivery or
        the contact events path); False when it was recorded already."""
        self._save_attempt_record(
            ContactAttemptRecord(
                contact_id,
                origin="campaign",
                origin_id=contact.campaign_id,
                phone=contact.phone,
                attempt=attempt,
                purpose=loaded.campaign.purpose,
                pacing_key=key,
                pacing_scopes=scopes,
                placed_at=now,
                expires_at=now + timedelta(days=ATTEMPT_RECORD_DAYS),
            )
        )
        if not writes.update_if(
            contact,
            [
                CampaignContactRecord.state.set("dialling"),
                CampaignContactRecord.campaign_state.set(f"{contact.campaign_id}#dialling"),
                CampaignContactRecord.attempts.set(
                    [
                        *contact.attempts,
                        MapAttribute(attempt=attempt, contact_id=contact_id, at=now.isoformat()),
                    ]
                ),
                CampaignContactRecord.reason.remove(),
                CampaignContactRecord.updated_at.set(now),
            ],
            CampaignContactRecord.state.is_in(*DIALLABLE_STATES)
            & (size(CampaignContactRecord.attempts) == attempt - 1),
            add_version_condition=False,
        ):
            return False
        runs.count(contact.campaign_id, {"calls.placed": 1})
        return True

    @staticmethod
    def _save_attempt_record(record: ContactAttemptRecord) -> None:
        """Write the contact's attempt record unless it exists (it may already carry an outcome)."""
        writes.save_if(record, ContactAttemptRecord.contact_id.does_not_exist())

    def catch_up(self, attempt: ContactAttemptRecord) -> None:
        """A call's end arrived before the dialler moved its contact on (its write failed or is
        still to come): record the attempt on the contact now, so the outcome has one to settle."""
        try:
            contact = CampaignContactRecord.get(attempt.origin_id, attempt.phone, consistent_read=True)
        except CampaignContactRecord.DoesNotExist:
            return
        if contact.state not in DIALLABLE_STATES or len(contact.attempts) >= attempt.attempt:
            return
        scopes = [str(scope) for scope in attempt.pacing_scopes or _scope_names(attempt.origin_id)]
        pacing = attempt.pacing_key or pacing_key(attempt.origin_id, attempt.phone, int(attempt.attempt))
        self._record_attempt(
            self._campaign(attempt.origin_id),
            contact,
            int(attempt.attempt),
            attempt.contact_id,
            pacing,
            scopes,
            attempt.placed_at,
        )

    def adopt(self, contact_id: str) -> ContactAttemptRecord | None:
        """For a contact event nobody recorded: the campaign attempt its ``dialIntent`` names,
        recorded now (None when the contact is not a campaign call)."""
        found = effects.call_intent_of_contact(contact_id, "campaign")
        if found is None:
            return None
        key, intent = found
        campaign_id, phone = intent.subject["origin_id"], intent.subject["phone"]
        attempt = int(intent.subject.get("attempt") or 1)
        effects.done(key, contact_id, datetime.fromtimestamp(self.clock(), UTC))
        try:
            contact = CampaignContactRecord.get(campaign_id, phone, consistent_read=True)
        except CampaignContactRecord.DoesNotExist:
            return None
        pacing = pacing_key(campaign_id, phone, attempt)
        self._record_attempt(
            self._campaign(campaign_id),
            contact,
            attempt,
            contact_id,
            pacing,
            _scope_names(campaign_id),
            intent.started_at,
        )
        return ContactAttemptRecord.get(contact_id, consistent_read=True)

    def _finish(self, contact: CampaignContactRecord, state: str, reason: str) -> DialResult:
        contact.update(
            actions=[
                CampaignContactRecord.state.set(state),
                CampaignContactRecord.campaign_state.set(f"{contact.campaign_id}#{state}"),
                CampaignContactRecord.reason.set(reason),
                CampaignContactRecord.updated_at.set(datetime.fromtimestamp(self.clock(), UTC)),
            ]
        )
        runs.count(contact.campaign_id, {f"refused.{reason}": 1, "contacts.finished": 1})
        return DialResult("finished", reason=reason)


def dial_batch(event: dict[str, Any]) -> dict[str, Any]:
    """Lambda entry point body for the dialler queue."""
    return Dialler(clock=clock.now).handle_batch(event)
