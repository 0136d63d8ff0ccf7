"""What a campaign call came to, and what follows: the SMS fallback, a retry, the counters.

The outcome is read from the DISCONNECTED contact event (answered? answering machine? busy?)
and from the attributes the outbound flow set (``messageHeard``, ``menuResult``,
``pressedKey``). Every step is idempotent, because EventBridge and SQS deliver at least once:
the line is released through its lease, the contact is updated only while it is still dialling
that attempt, a retry message is harmless twice (the dialler skips an attempt already made), and
the SMS is claimed with a conditional write and sent through ``messaging.send_once``, so it goes
out once: a failed send is retried by the redelivery, an unknowable one reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from pynamodb.expressions.condition import size
from pynamodb.expressions.update import Action

from chalicelib import clock
from chalicelib.call_outcome_plan import OutcomePlan, plan_outcome
from chalicelib.campaigns import runs
from chalicelib.campaigns.audience import dialler_message
from chalicelib.observability import get_logger
from chalicelib.pacing import Pacer
from chalicelib.resources import DIALLER_QUEUE_ENV
from chalicelib.tables import CampaignContactRecord, ContactAttemptRecord, writes


class OutcomeRecorder:
    def __init__(self, clock: Callable[[], float] = clock.now, pacer: Pacer | None = None) -> None:
        self.clock = clock
        self.pacer = pacer or Pacer(clock=clock)

    def on_disconnected(self, attempt: ContactAttemptRecord, detail: Mapping[str, Any]) -> str:
        """Handle the end of one campaign call: carry out ``call_outcome_plan.plan_outcome``;
        returns the outcome."""
        from chalicelib import telephony

        now = datetime.fromtimestamp(self.clock(), UTC)
        if attempt.pacing_key and attempt.pacing_scopes:
            from chalicelib import waiting_room

            if self.pacer.release(attempt.pacing_key, [str(scope) for scope in attempt.pacing_scopes]):
                waiting_room.wake(1)  # the line this call held goes to the oldest waiting contacts
        attributes = telephony.contact_attributes(attempt.contact_id)
        loaded = runs.load(attempt.origin_id)
        plan = plan_outcome(
            detail, attributes, loaded.campaign, status=loaded.status, attempt=int(attempt.attempt), now=now
        )
        contact = CampaignContactRecord.get(attempt.origin_id, attempt.phone, consistent_read=True)
        if plan.opt_out:
            self._opt_out(attempt.phone, plan.pressed_key or "", loaded.campaign.id, now)
        if plan.retry_at is not None:
            # Sent before the state change: a redelivered event may send it twice, never zero times.
            from chalicelib import work_queues

            message = dialler_message(
                contact.campaign_id, [contact.phone], int(attempt.attempt) + 1, plan.retry_at.timestamp()
            )
            work_queues.send(DIALLER_QUEUE_ENV, [message], delay_s=(plan.retry_at - now).total_seconds())
        if self._record(contact, attempt, plan, now):
            runs.count(contact.campaign_id, plan.figures)
            ContactAttemptRecord(attempt.contact_id).update(
                actions=[ContactAttemptRecord.outcome.set(plan.outcome)]
            )
        if plan.send_sms:
            self._sms_fallback(contact, now)
        from chalicelib.quality.tracking import note_campaign_outcome  # campaign reach KPIs; idempotent

        note_campaign_outcome(
            attempt.contact_id,
            contact.campaign_id,
            contact.phone,
            plan.outcome,
            sms_sent=contact.sms_state == "sent",
            at=now.timestamp(),
        )
        self._complete_if_done(contact.campaign_id)
        return plan.outcome

    def _record(
        self,
        contact: CampaignContactRecord,
        attempt: ContactAttemptRecord,
        plan: OutcomePlan,
        now: datetime,
    ) -> bool:
        """Move the contact on from this attempt, once; False if a duplicate event already did."""
        state, outcome, key, retry_at = plan.state, plan.outcome, plan.pressed_key, plan.retry_at
        attempts = [
            _with_outcome(item, outcome) if int(item["attempt"]) == attempt.attempt else item
            for item in contact.attempts
        ]
        actions: list[Action] = [
            CampaignContactRecord.state.set(state),
            CampaignContactRecord.campaign_state.set(f"{contact.campaign_id}#{state}"),
            CampaignContactRecord.outcome.set(outcome),
            CampaignContactRecord.attempts.set(attempts),
            CampaignContactRecord.updated_at.set(now),
        ]
        if key:
            actions.append(CampaignContactRecord.pressed_key.set(key))
        if retry_at is not None:
            actions.append(CampaignContactRecord.next_attempt_at.set(retry_at))
        return writes.update_if(
            contact,
            actions,
            (CampaignContactRecord.state == "dialling")
            & (size(CampaignContactRecord.attempts) == attempt.attempt),
            add_version_condition=False,
        )

    def _sms_fallback(self, contact: CampaignContactRecord, now: datetime) -> None:
        """The call's text by SMS, at most once per contact, never to an opted-out number.

        Claimed on the contact, sent through ``messaging.send_once``: a send that failed is
        retried by the event's redelivery, one whose sender died is reported (``unconfirmed``).
        """
        from chalicelib import messaging
        from chalicelib.screening import ScreeningList
        from chalicelib.screening.lists import active
        from chalicelib.screening.store import read_entries

        if not contact.sms_text or contact.sms_state not in (None, "claimed"):
            return
        if contact.sms_state is None:
            opted_out = ScreeningList.OPTOUT in active(read_entries(contact.phone), now)
            state = "suppressed: opted_out" if opted_out else "claimed"
            if not self._sms_state(contact, state, CampaignContactRecord.sms_state.does_not_exist()):
                contact.refresh(consistent_read=True)
                if contact.sms_state != "claimed":
                    return  # settled by another delivery
            elif opted_out:
                return
        key = (
            "campaign-fallback#"
            + hashlib.sha256(f"{contact.campaign_id}#{contact.phone}".encode()).hexdigest()
        )
        sent = messaging.send_once(key, contact.phone, contact.sms_text, now)
        claimed = CampaignContactRecord.sms_state == "claimed"
        if sent.status == "sent":
            extra: list[Action] = [
                CampaignContactRecord.sms_message_id.set(sent.message_id or ""),
                CampaignContactRecord.sms_sent_at.set(datetime.fromtimestamp(self.clock(), UTC)),
            ]
            if self._sms_state(contact, "sent", claimed, extra):
                runs.count(contact.campaign_id, {"sms.sent": 1})
        elif sent.status == "rejected":
            if self._sms_state(contact, f"failed: {sent.detail}", claimed):
                runs.count(contact.campaign_id, {"sms.failed": 1})
        elif self._sms_state(contact, "unconfirmed", claimed):
            runs.count(contact.campaign_id, {"sms.unconfirmed": 1})

    @staticmethod
    def _sms_state(
        contact: CampaignContactRecord, state: str, condition: Any, extra: list[Action] | None = None
    ) -> bool:
        """Set the contact's SMS state under ``condition``; False when another delivery moved it."""
        return writes.update_if(
            contact,
            [CampaignContactRecord.sms_state.set(state), *(extra or [])],
            condition,
            add_version_condition=False,
        )

    def _opt_out(self, phone: str, key: str, campaign_id: str, now: datetime) -> None:
        from chalicelib.screening.consent import record_opt_out

        record_opt_out(
            phone, channel="campaign_key", said=f"pressed {key} in campaign {campaign_id}", now=now
        )

    def _complete_if_done(self, campaign_id: str) -> None:
        figures = runs.counters(campaign_id)
        record = runs.get_record(campaign_id)
        if (
            record.status == "running"
            and record.loading == "done"
            and figures.get("contacts.finished", 0) >= figures.get("contacts.callable", 0)
        ):
            try:
                runs.change_status(campaign_id, "complete")
            except Exception:  # another handler completed it first
                get_logger().info("campaign already completed", extra={"campaign": campaign_id})


def _with_outcome(item: Any, outcome: str) -> Any:
    from pynamodb.attributes import MapAttribute

    values = item.as_dict() if hasattr(item, "as_dict") else dict(item)
    values["outcome"] = outcome
    return MapAttribute(**values)
