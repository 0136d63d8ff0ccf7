"""The local runner hands events and schedules to the same handlers Lambda would call."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3
from chalice import Chalice

from local.connect_simulator import ConnectSimulator, Party, install_contact_centre
from local.runner import LocalRunner, matches

CONTACT_EVENTS = {"source": ["aws.connect"], "detail-type": ["Amazon Connect Contact Event"]}


def test_event_patterns_match_like_eventbridge() -> None:
    event = {"source": "aws.connect", "detail": {"eventType": "DISCONNECTED"}}
    assert matches({"source": ["aws.connect"], "detail": {"eventType": ["DISCONNECTED"]}}, event)
    assert not matches({"detail": {"eventType": ["QUEUED"]}}, event)


def test_contact_events_reach_the_apps_event_handler_when_the_runner_runs() -> None:
    app = Chalice("runner-test")
    seen: list[str] = []

    @app.on_cw_event(CONTACT_EVENTS, name="on_contact_event")
    def on_contact_event(event: Any) -> None:
        seen.append(event.detail["eventType"])

    sim = ConnectSimulator()
    install_contact_centre(sim)
    runner = LocalRunner(app, clock=sim.clock)
    sim.on_event(runner.publish)
    sim.script_callee("+12125550142", Party.no_answer())
    sim.start_outbound_voice_contact(
        DestinationPhoneNumber="+12125550142",
        ContactFlowId=sim.flow_arn("outbound-reminder"),
        InstanceId=sim.instance_id,
        SourcePhoneNumber="+12125550199",
        Attributes={"messageText": "Hello."},
    )
    sim.run_until_idle()
    assert seen == []  # nothing is delivered behind the test's back
    runner.run_until_quiet()
    assert seen == ["INITIATED", "DISCONNECTED"]


def test_a_one_time_schedule_fires_its_function_once_when_the_virtual_clock_reaches_it(aws: None) -> None:
    app = Chalice("runner-test")
    fired: list[dict[str, Any]] = []

    @app.lambda_function(name="place_callback")
    def place_callback(event: dict[str, Any], context: Any) -> None:
        fired.append(event)

    sim = ConnectSimulator()
    runner = LocalRunner(app, clock=sim.clock)
    scheduler = boto3.client("scheduler")
    at = (sim.clock.now() + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S")
    scheduler.create_schedule(
        Name="booking-B-1",
        ScheduleExpression=f"at({at})",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={
            "Arn": "arn:aws:lambda:us-east-1:123456789012:function:contact-centre-dev-place_callback",
            "RoleArn": "arn:aws:iam::123456789012:role/scheduler",
            "Input": json.dumps({"bookingId": "B-1"}),
        },
    )
    assert runner.run_once() == 0
    sim.advance(31 * 60)
    runner.run_until_quiet()
    runner.run_until_quiet()
    assert fired == [{"bookingId": "B-1"}]


def _schedule(name: str, at: str, function: str) -> None:
    boto3.client("scheduler").create_schedule(
        Name=name,
        ScheduleExpression=f"at({at})",
        FlexibleTimeWindow={"Mode": "OFF"},
        ActionAfterCompletion="DELETE",
        Target={
            "Arn": f"arn:aws:lambda:us-east-1:123456789012:function:contact-centre-dev-{function}",
            "RoleArn": "arn:aws:iam::123456789012:role/scheduler",
            "Input": json.dumps({"bookingId": name}),
        },
    )


def test_a_failing_schedule_is_retried_like_lambda_then_dead_lettered_and_the_runner_goes_on(
    aws: None,
) -> None:
    app = Chalice("runner-test")
    fired: list[str] = []

    @app.lambda_function(name="flaky")
    def flaky(event: dict[str, Any], context: Any) -> None:
        fired.append(event["bookingId"])
        if event["bookingId"] == "always-fails" or fired.count(event["bookingId"]) == 1:
            raise RuntimeError("a moto blip")

    sim = ConnectSimulator()
    runner = LocalRunner(app, clock=sim.clock)
    now = sim.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    _schedule("fails-once", now, "flaky")
    _schedule("always-fails", now, "flaky")
    runner.run_until_quiet()
    assert fired.count("fails-once") == 2  # failed, retried, done
    assert fired.count("always-fails") == 3  # the first try and Lambda's two retries
    assert [event["bookingId"] for _, event in runner.dead_letters] == ["always-fails"]
    assert boto3.client("scheduler").list_schedules().get("Schedules", []) == []


def test_a_schedule_deleted_between_list_and_get_is_normal_and_a_broken_part_does_not_stop_the_rest(
    aws: None, monkeypatch: Any
) -> None:
    app = Chalice("runner-test")
    fired: list[str] = []

    @app.lambda_function(name="place_callback")
    def place_callback(event: dict[str, Any], context: Any) -> None:
        fired.append(event["bookingId"])

    sim = ConnectSimulator()
    runner = LocalRunner(app, clock=sim.clock)
    now = sim.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    _schedule("cancelled", now, "place_callback")
    _schedule("kept", now, "place_callback")
    real_client = boto3.client

    class CancelsBetweenListAndGet:
        def __init__(self, real: Any) -> None:
            self._real = real

        def __getattr__(self, name: str) -> Any:
            return getattr(self._real, name)

        def get_schedule(self, **kwargs: Any) -> Any:
            if kwargs["Name"] == "cancelled":
                self._real.delete_schedule(**kwargs)  # the booking was cancelled meanwhile
            return self._real.get_schedule(**kwargs)

    def client(service: str, *args: Any, **kwargs: Any) -> Any:
        made = real_client(service, *args, **kwargs)
        if service == "sqs":
            raise ConnectionError("moto restarting")  # the queue part of the round breaks
        return CancelsBetweenListAndGet(made) if service == "scheduler" else made

    monkeypatch.setattr("local.runner.boto3.client", client)
    runner.run_once()
    assert fired == ["kept"]
    assert [part for part, _ in runner.failures] == ["deliver_sqs"]
