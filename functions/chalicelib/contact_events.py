"""Routes Amazon Connect contact events (EventBridge -> SQS) to what placed the contact.

Only DISCONNECTED matters here: it ends a campaign call. Events for contacts we did not place
(inbound calls, agents' own calls) are acknowledged and ignored.
"""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.tables import ContactAttemptRecord


def handle_batch(event: dict[str, Any]) -> dict[str, Any]:
    """SQS batch handler: a failing record is reported (redelivered, then dead-lettered), never dropped."""
    from chalicelib import sqs_batches

    return sqs_batches.process(event, handle_event)


def handle_event(event: dict[str, Any]) -> str | None:
    """Returns the outcome recorded, or None when the event needs nothing from us."""
    from chalicelib.call_outcomes import OutcomeRecorder

    detail = event.get("detail") or {}
    if detail.get("eventType") != "DISCONNECTED" or not detail.get("contactId"):
        return None
    try:
        attempt = ContactAttemptRecord.get(str(detail["contactId"]), consistent_read=True)
    except ContactAttemptRecord.DoesNotExist:
        if detail.get("initiationMethod") != "API":
            return None
        # The event beat the dialler's record of the call (or that write failed): the call's
        # own dialIntent attribute names the attempt, which is recorded now.
        from chalicelib.dialler import Dialler

        adopted = Dialler(clock=clock.now).adopt(str(detail["contactId"]))
        if adopted is None:
            return None
        attempt = adopted
    if attempt.origin != "campaign":
        return None  # callbacks follow their own contact events (chalicelib.callbacks.calling)
    from chalicelib.dialler import Dialler

    Dialler(clock=clock.now).catch_up(attempt)
    return OutcomeRecorder(clock=clock.now).on_disconnected(attempt, detail)
