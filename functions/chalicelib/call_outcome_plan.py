"""What a campaign call came to and what should follow: a pure decision over the call's facts.

``call_outcomes.OutcomeRecorder.on_disconnected`` gathers the facts (the DISCONNECTED event, the
attributes the outbound flow set, the campaign and its status) and carries out the plan: the
opt-out, the retry message, the contact's new state and counters, the SMS fallback.

>>> from chalicelib.campaigns.definition import Retries
>>> from datetime import datetime, timedelta
>>> retries = Retries(max_attempts=3, delay=timedelta(hours=1), retry_on=frozenset({"no_answer"}))
>>> retry_time("no_answer", attempt=1, retries=retries, status="running", now=datetime(2026, 1, 5, 9))
datetime.datetime(2026, 1, 5, 10, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from chalicelib.campaigns.definition import Campaign, Retries

VOICEMAIL_STATUSES = frozenset({"VOICEMAIL_BEEP", "VOICEMAIL_NO_BEEP"})
BUSY_STATUSES = frozenset({"SIT_TONE_BUSY"})
FAILED_STATUSES = frozenset(
    {"SIT_TONE_INVALID_NUMBER", "SIT_TONE_DETECTED", "FAX_MACHINE_DETECTED", "AMD_ERROR"}
)
BUSY_REASONS = frozenset({"TELECOM_BUSY"})
FAILED_REASONS = frozenset(
    {
        "TELECOM_PROBLEM",
        "TELECOM_NUMBER_INVALID",
        "OUTBOUND_DESTINATION_ENDPOINT_ERROR",
        "OUTBOUND_RESOURCE_ERROR",
        "OUTBOUND_ATTEMPT_FAILED",
    }
)


def classify(detail: Mapping[str, Any], attributes: Mapping[str, str]) -> str:
    """One of chalicelib.campaigns.CALL_OUTCOMES for a DISCONNECTED event and the final attributes."""
    amd = str(detail.get("answeringMachineDetectionStatus") or "")
    reason = str(detail.get("disconnectReason") or "")
    if amd in VOICEMAIL_STATUSES:
        return "voicemail"
    if amd in BUSY_STATUSES or reason in BUSY_REASONS:
        return "busy"
    if amd in FAILED_STATUSES:
        return "failed"
    if not detail.get("connectedToSystemTimestamp"):
        return "failed" if reason in FAILED_REASONS else "no_answer"
    if attributes.get("messageHeard") != "true":
        return "hung_up_early"
    if attributes.get("menuResult") == "key" and attributes.get("pressedKey"):
        return "key_pressed"
    return "completed"


#: Campaign statuses in which a missed call is still retried.
RETRYING_STATUSES = frozenset({"running", "paused"})


def retry_time(
    outcome: str, *, attempt: int, retries: Retries, status: str, now: datetime
) -> datetime | None:
    """When to call again after ``outcome`` of attempt ``attempt``; None: the contact is finished."""
    if outcome not in retries.retry_on or attempt >= retries.max_attempts:
        return None
    if status not in RETRYING_STATUSES:
        return None
    return now + retries.delay


@dataclass(frozen=True)
class OutcomePlan:
    """What follows one campaign call."""

    outcome: str  # one of chalicelib.campaigns.CALL_OUTCOMES
    pressed_key: str | None  # the menu key the callee pressed, when that is the outcome
    opt_out: bool  # the key is the campaign's opt-out option
    retry_at: datetime | None  # when to call again; None: the contact is done
    send_sms: bool  # the campaign texts its message after this outcome

    @property
    def state(self) -> str:
        """The contact's state once this attempt is recorded."""
        return "waiting" if self.retry_at is not None else "done"

    @property
    def figures(self) -> dict[str, int]:
        """The campaign counters this outcome adds to (once per attempt)."""
        figures = {f"outcome.{self.outcome}": 1}
        if self.retry_at is None:
            figures["contacts.finished"] = 1
        if self.pressed_key:
            figures[f"key.{self.pressed_key}"] = 1
        return figures


def plan_outcome(
    detail: Mapping[str, Any],
    attributes: Mapping[str, str],
    campaign: Campaign,
    *,
    status: str,
    attempt: int,
    now: datetime,
) -> OutcomePlan:
    """The plan for attempt ``attempt`` of ``campaign`` (whose status is ``status``) that ended as
    the DISCONNECTED event ``detail`` and the flow's final ``attributes`` tell."""
    outcome = classify(detail, attributes)
    key = (attributes.get("pressedKey") or None) if outcome == "key_pressed" else None
    option = campaign.menu.get(key) if key else None
    return OutcomePlan(
        outcome=outcome,
        pressed_key=key,
        opt_out=option is not None and option.action == "opt_out",
        retry_at=retry_time(outcome, attempt=attempt, retries=campaign.retries, status=status, now=now),
        send_sms=campaign.sms is not None and outcome in campaign.sms.send_on,
    )
