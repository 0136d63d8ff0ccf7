"""The live floor during a rush: what Connect's real-time APIs say (served by the simulator from
its own contacts and agents) is what the supervisor's floor shows, queue by queue and agent by
agent, with today's service level and abandonment from our own counters."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.config import Config

from chalicelib import clock
from chalicelib.live_floor import live_floor
from local.connect_simulator import Party
from local.connect_simulator.agents import OFFLINE
from tests.simulator.staffing import FAULT_KEYS, StaffedCentre, staffed

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["staffed"]

RUSH_CALLERS = ["+12125550161", "+12125550162", "+12125550163", "+12125550164"]


@pytest.fixture
def floor(staffed: StaffedCentre, monkeypatch: pytest.MonkeyPatch) -> Iterator[StaffedCentre]:
    """Only li.na (fault desk) signed in; queue ids as CDK sets them; our clock is the simulator's."""
    sim = staffed.sim
    ids = {name: arn.rsplit("/", 1)[-1] for arn, name in sim._queues.items()}
    monkeypatch.setenv("CONNECT_QUEUE_IDS", json.dumps(ids))
    monkeypatch.setattr(clock, "source", sim.clock.time)
    staffed.only_signed_in("li.na")
    yield staffed


def _rush_caller() -> Party:
    """Picks up at once, presses 1 (a fault) and talks for ten minutes once an agent answers."""
    return Party(answer_after_s=0, presses=tuple(FAULT_KEYS), talk_to_agent_s=600)


def _connect(staffed: StaffedCentre) -> Any:
    import os

    return boto3.client(
        "connect",
        endpoint_url=os.environ["AWS_ENDPOINT_URL_CONNECT"],
        config=Config(retries={"total_max_attempts": 1}),
    )


def test_the_floor_shows_the_rush_as_the_simulator_holds_it(floor: StaffedCentre) -> None:
    sim = floor.sim
    first = floor.call(_rush_caller(), caller=RUSH_CALLERS[0])
    for caller in RUSH_CALLERS[1:]:
        floor.call(_rush_caller(), caller=caller)
    sim.advance(5)

    shown = live_floor()

    fault_arn = sim.queue_arn("fault")
    held = sim.queue_metrics(fault_arn)["Queue"]
    fault = next(queue for queue in shown["queues"] if queue["name"] == "fault")
    assert int(held["Size"]) == len(RUSH_CALLERS) - 1  # li.na took the first caller
    assert fault["waiting"] == int(held["Size"])
    assert fault["longestWaitSeconds"] == int(held["OldestContactAge"]) > 0
    assert fault["agentsOnline"] == 1 and fault["agentsAvailable"] == 0 and fault["agentsOnContact"] == 1
    # Every agent signed in to a profile with these queues: li.na alone, on the first call.
    assert [agent["name"] for agent in shown["agents"]] == ["Na Li"]
    li_na = shown["agents"][0]
    assert li_na["contactId"] == first.contact_id
    assert li_na["state"] in {"Incoming", "On contact"}
    assert li_na["queue"] == "fault"
    agent = sim.roster.agent("li.na")
    assert li_na["secondsInState"] == int(sim.clock.time() - agent.state_since)


def test_an_agent_who_signs_out_leaves_the_floor_and_their_queues_lose_them(floor: StaffedCentre) -> None:
    floor.set_status("li.na", OFFLINE)
    shown = live_floor()
    assert shown["agents"] == []
    assert all(queue["agentsOnline"] == 0 for queue in shown["queues"])
    assert {queue["name"] for queue in shown["queues"]} >= {"fault", "inquiry", "callback"}


def test_current_metric_data_answers_in_connects_shape(floor: StaffedCentre) -> None:
    sim = floor.sim
    for caller in RUSH_CALLERS[:3]:
        floor.call(_rush_caller(), caller=caller)
    sim.advance(7)
    connect = _connect(floor)
    fault_id = sim.queue_arn("fault").rsplit("/", 1)[-1]
    inquiry_id = sim.queue_arn("inquiry").rsplit("/", 1)[-1]
    metrics = [
        {"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"},
        {"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"},
    ]
    grouped = connect.get_current_metric_data(
        InstanceId=sim.instance_id,
        Filters={"Queues": [fault_id, inquiry_id], "Channels": ["VOICE"]},
        Groupings=["QUEUE"],
        CurrentMetrics=metrics,
    )
    by_queue = {
        result["Dimensions"]["Queue"]["Id"]: {
            item["Metric"]["Name"]: item["Value"] for item in result["Collections"]
        }
        for result in grouped["MetricResults"]
    }
    oldest_s = float(sim.queue_metrics(sim.queue_arn("fault"))["Queue"]["OldestContactAge"])
    assert by_queue[fault_id] == {"CONTACTS_IN_QUEUE": 2.0, "OLDEST_CONTACT_AGE": oldest_s}
    assert by_queue[inquiry_id] == {"CONTACTS_IN_QUEUE": 0.0, "OLDEST_CONTACT_AGE": 0.0}
    assert [item["Metric"]["Name"] for item in grouped["MetricResults"][0]["Collections"]] == [
        "CONTACTS_IN_QUEUE",
        "OLDEST_CONTACT_AGE",
    ]
    # Ungrouped, the instance's totals; the oldest age then comes in milliseconds (documented).
    total = connect.get_current_metric_data(
        InstanceId=sim.instance_id, Filters={"Queues": [fault_id, inquiry_id]}, CurrentMetrics=metrics
    )["MetricResults"]
    assert len(total) == 1 and total[0]["Dimensions"] == {}
    assert [item["Value"] for item in total[0]["Collections"]] == [2.0, oldest_s * 1000]


@pytest.mark.parametrize(
    ("request_part", "message"),
    [
        ({"Filters": {"Channels": ["VOICE"]}}, "Queues or RoutingProfiles"),
        (
            {"CurrentMetrics": [{"Name": "OLDEST_CONTACT_AGE", "Unit": "COUNT"}]},
            "measured in SECONDS",
        ),
        ({"Groupings": ["CHANNEL"]}, "Channels filter"),
    ],
)
def test_current_metric_data_refuses_what_connect_refuses(
    floor: StaffedCentre, request_part: dict[str, Any], message: str
) -> None:
    sim = floor.sim
    request: dict[str, Any] = {
        "InstanceId": sim.instance_id,
        "Filters": {"Queues": [sim.queue_arn("fault").rsplit("/", 1)[-1]]},
        "CurrentMetrics": [{"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}],
        **request_part,
    }
    connect = _connect(floor)
    with pytest.raises(connect.exceptions.InvalidParameterException, match=message):
        connect.get_current_metric_data(**request)
