"""Dialling never exceeds the instance's or the campaign's lines and calls per second."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.pacing import Limits, Pacer


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_full_instance_refuses_the_next_call_until_a_line_is_released(aws: None) -> None:
    clock = FakeClock()
    pacer = Pacer(clock=clock)
    limits = Limits(max_concurrent=3, calls_per_second=100)
    assert all(pacer.try_acquire(f"call-{n}", [("instance", limits)]).granted for n in range(3))
    refused = pacer.try_acquire("call-3", [("instance", limits)])
    assert not refused.granted and refused.refused_by == "concurrency"
    assert pacer.in_progress("instance") == 3
    assert pacer.release("call-1", ["instance"])
    assert pacer.try_acquire("call-3", [("instance", limits)]).granted


def test_calls_per_second_are_capped_within_a_second_and_free_in_the_next(aws: None) -> None:
    clock = FakeClock(1_800_000_000.25)
    pacer = Pacer(clock=clock)
    limits = Limits(max_concurrent=50, calls_per_second=2)
    assert pacer.try_acquire("a", [("instance", limits)]).granted
    assert pacer.try_acquire("b", [("instance", limits)]).granted
    refused = pacer.try_acquire("c", [("instance", limits)])
    assert refused.refused_by == "rate"
    assert 0 < refused.retry_after_s <= 0.75
    clock.now += 1
    assert pacer.try_acquire("c", [("instance", limits)]).granted


def test_a_refused_call_takes_nothing_in_any_scope(aws: None) -> None:
    pacer = Pacer(clock=FakeClock())
    instance, campaign = Limits(10, 100), Limits(1, 100)
    assert pacer.try_acquire("a", [("instance", instance), ("campaign#c1", campaign)]).granted
    assert not pacer.try_acquire("b", [("instance", instance), ("campaign#c1", campaign)]).granted
    assert pacer.in_progress("instance") == 1
    assert pacer.in_progress("campaign#c1") == 1


def test_a_duplicated_release_does_not_free_a_second_line(aws: None) -> None:
    pacer = Pacer(clock=FakeClock())
    limits = Limits(2, 100)
    pacer.try_acquire("a", [("instance", limits)])
    pacer.try_acquire("b", [("instance", limits)])
    assert pacer.release("a", ["instance"]) is True
    assert pacer.release("a", ["instance"]) is False
    assert pacer.in_progress("instance") == 1


def test_a_redelivered_acquire_for_the_same_call_is_not_counted_twice(aws: None) -> None:
    pacer = Pacer(clock=FakeClock())
    limits = Limits(5, 100)
    assert pacer.try_acquire("a", [("instance", limits)]).granted
    assert pacer.try_acquire("a", [("instance", limits)]).granted
    assert pacer.in_progress("instance") == 1


@pytest.mark.slow  # racing threads
def test_racing_diallers_never_take_more_lines_than_the_quota(aws: None) -> None:
    from local.serial_dynamodb import serialize_dynamodb

    serialize_dynamodb()  # moto's transactions are not isolated; real DynamoDB's are
    pacer = Pacer(clock=FakeClock())
    limits = Limits(max_concurrent=10, calls_per_second=1000)

    def attempt(n: int) -> bool:
        for _ in range(20):  # contention is retried, like the dialler does
            grant = pacer.try_acquire(f"call-{n}", [("instance", limits)])
            if grant.granted or grant.refused_by != "contention":
                return grant.granted
        return False

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, range(30)))
    assert sum(results) == 10
    assert pacer.in_progress("instance") == 10


def test_a_line_whose_end_was_never_reported_is_reclaimed_after_its_lease(aws: None) -> None:
    clock = FakeClock()
    pacer = Pacer(clock=clock, lease_seconds=600)
    limits = Limits(1, 100)
    assert pacer.try_acquire("lost", [("instance", limits)]).granted
    assert pacer.reclaim_expired("instance") == 0
    clock.now += 601
    assert pacer.reclaim_expired("instance") == 1
    assert pacer.try_acquire("next", [("instance", limits)]).granted


def test_a_rate_below_one_call_a_second_spaces_the_calls_out(aws: None) -> None:
    clock = FakeClock(1_800_000_000.0)
    pacer = Pacer(clock=clock)
    limits = Limits(max_concurrent=50, calls_per_second=0.5)
    assert pacer.try_acquire("a", [("instance", limits)]).granted
    clock.now += 1
    assert pacer.try_acquire("b", [("instance", limits)]).refused_by == "rate"
    clock.now += 1
    assert pacer.try_acquire("b", [("instance", limits)]).granted


def _counters() -> dict[str, int]:
    from chalicelib.tables import PacingRecord

    return {
        str(record.scope): int(record.active or 0)
        for record in PacingRecord.scan()
        if record.item == "counter"
    }


def test_a_busy_scope_spreads_its_lines_over_shards_and_fills_every_one(aws: None) -> None:
    """No item takes every dial; still every line of the limit is used, whichever shard a call's
    key picks first, and no shard goes past its share."""
    pacer = Pacer(clock=FakeClock())
    limits = Limits(max_concurrent=10, calls_per_second=1000)
    grants = [pacer.try_acquire(f"call-{n}", [("instance", limits)]) for n in range(12)]
    assert [grant.granted for grant in grants] == [True] * 10 + [False] * 2
    assert grants[-1].refused_by == "concurrency"
    assert _counters() == {"instance~0": 3, "instance~1": 3, "instance~2": 2, "instance~3": 2}
    assert pacer.in_progress("instance") == 10


def test_a_line_is_given_back_in_the_shard_it_was_taken_in(aws: None) -> None:
    pacer = Pacer(clock=FakeClock())
    limits = Limits(max_concurrent=4, calls_per_second=1000)
    grants = {f"call-{n}": pacer.try_acquire(f"call-{n}", [("instance", limits)]) for n in range(4)}
    assert pacer.release("call-2", grants["call-2"].held)
    assert pacer.release("call-3", ["instance"])  # by scope name: its shard is found
    assert not pacer.release("call-3", ["instance"])
    assert pacer.in_progress("instance") == 2
    again = pacer.try_acquire("call-5", [("instance", limits)])
    assert again.granted and again.held[0] in {*grants["call-2"].held, *grants["call-3"].held}


def test_a_redelivered_acquire_names_the_shards_of_the_first(aws: None) -> None:
    pacer = Pacer(clock=FakeClock())
    scopes = [("instance", Limits(8, 100)), ("campaign#c1", Limits(4, 100))]
    first = pacer.try_acquire("a", scopes)
    assert [where.split("~")[0] for where in first.held] == ["instance", "campaign#c1"]
    assert pacer.try_acquire("a", scopes).held == first.held
    assert pacer.in_progress("instance") == 1 and pacer.in_progress("campaign#c1") == 1


def test_a_call_placed_before_the_shards_existed_is_counted_and_released(aws: None) -> None:
    from chalicelib.tables import PacingRecord

    PacingRecord("instance", "counter", active=1).save()
    PacingRecord("instance", "lease#old", held_until=2_000_000_000, held_in=["instance"]).save()
    pacer = Pacer(clock=FakeClock())
    assert pacer.in_progress("instance") == 1
    assert pacer.release("old", ["instance"])
    assert pacer.in_progress("instance") == 0
