"""What a redelivery does about an effect an earlier delivery began (chalicelib.effects.plan_recovery)."""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.effects import DONE, GAVE_UP, PENDING, Intent, Recovery, plan_recovery

STARTED = datetime(2026, 1, 5, 9, 0)
SETTLE = timedelta(minutes=5)


def test_a_known_result_is_adopted_and_never_repeated() -> None:
    done = Intent("call#t", DONE, STARTED, result="contact-1")
    assert plan_recovery(done, found=None, now=STARTED + timedelta(days=1), settle=SETTLE) == (
        Recovery.ADOPT,
        "contact-1",
    )


def test_a_pending_call_that_connect_lists_is_adopted() -> None:
    pending = Intent("call#t", PENDING, STARTED)
    assert plan_recovery(pending, found="contact-9", now=STARTED, settle=SETTLE) == (
        Recovery.ADOPT,
        "contact-9",
    )


def test_an_unlisted_pending_call_is_waited_for_then_given_up_never_redialled() -> None:
    pending = Intent("call#t", PENDING, STARTED)
    assert (
        plan_recovery(pending, found=None, now=STARTED + timedelta(minutes=4), settle=SETTLE)[0]
        is Recovery.WAIT
    )
    assert plan_recovery(pending, found=None, now=STARTED + SETTLE, settle=SETTLE)[0] is Recovery.GIVE_UP


def test_an_intent_already_given_up_is_settled() -> None:
    settled = Intent("call#t", GAVE_UP, STARTED)
    assert plan_recovery(settled, found="late", now=STARTED, settle=SETTLE)[0] is Recovery.SETTLED
