"""The local "Lambda runtime": delivers events, SQS messages and due schedules to the handlers
Lambda would call in AWS (the Chalice app's ``on_cw_event``, ``on_sqs_message`` and
``lambda_function`` handlers), one ``run_once`` at a time so tests and the demo stay in control.

    runner = LocalRunner(chalice_app, clock=sim.clock)
    sim.on_event(runner.publish)          # contact events, as the EventBridge rule would route them
    runner.run_once()                     # events, then SQS batches, then due schedules

Handlers are matched generically: events by the handler's event pattern (source, detail-type and
``detail`` fields, lists meaning "any of"); queues by name (the local queue
``contact-centre-local-<name>`` serves a handler declared for ``<name>``); schedules by the
function name at the end of their target ARN.

Like Lambda, the runner survives what it delivers: a handler that raises is logged, an event or
schedule it failed is delivered again on the next round (``ASYNC_RETRIES`` times, then kept in
``dead_letters`` as an on-failure destination would), SQS messages return to their queue, and a
fault of the runner's own (a moto blip, a schedule deleted between list and get) is logged and
the round goes on.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import boto3

from local.connect_simulator.clock import VirtualClock
from local.connect_simulator.lambdas import LambdaContext

Handler = Callable[[dict[str, Any], Any], Any]
SQS_BATCH_LIMIT = 10
#: Lambda retries a failed asynchronous invocation (event, schedule) twice before its destination.
ASYNC_RETRIES = 2
_NOT_FOUND = "ResourceNotFoundException"
logger = logging.getLogger("local.runner")


def matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """EventBridge pattern matching for the common case: exact values, lists of alternatives, nesting."""
    for key, expected in pattern.items():
        actual = event.get(key)
        if isinstance(expected, Mapping):
            if not isinstance(actual, Mapping) or not matches(expected, actual):
                return False
        elif isinstance(expected, list):
            if actual not in expected:
                return False
        elif actual != expected:
            return False
    return True


def _context(name: str) -> LambdaContext:
    return LambdaContext(function_name=name, invoked_function_arn=f"local:{name}", time_limit_s=900)


class LocalRunner:
    def __init__(self, app: Any, clock: VirtualClock | None = None) -> None:
        self.app = app
        self.clock = clock or VirtualClock()
        self._events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._fired_schedules: set[str] = set()
        self._retries: dict[str, int] = {}  # failed asynchronous deliveries, by key
        self._retry_events: list[tuple[str, str, dict[str, Any]]] = []  # (key, handler, event)
        self.delivered: list[tuple[str, str]] = []  # (kind, handler name), for tests and the demo
        self.failures: list[tuple[str, str]] = []  # (handler name, error)
        self.dead_letters: list[tuple[str, dict[str, Any]]] = []  # (handler, event) given up on
        self._state_machines: Any = None
        self._mail_seen: set[str] = set()  # keys of mail already handed over (SES invokes once)

    # -- the emulated AWS it reads ---------------------------------------------------------------
    # One client per service for the runner's life: it polls several times a second, and making a
    # botocore client costs ~10 ms of CPU, most of an idle stack's CPU when made on every round.
    @cached_property
    def _sqs(self) -> Any:
        return boto3.client("sqs")

    @cached_property
    def _scheduler(self) -> Any:
        return boto3.client("scheduler")

    @cached_property
    def _s3(self) -> Any:
        return boto3.client("s3")

    # -- what is registered -------------------------------------------------------------------
    def _sources(self, kind: str) -> list[Any]:
        return [source for source in getattr(self.app, "event_sources", []) if type(source).__name__ == kind]

    def handler(self, name: str) -> Handler:
        handler: Handler = self.app.handler_map[name]
        return handler

    def handler_for_function(self, function_name: str) -> str | None:
        """The handler a deployed function name (or ARN) stands for: exact, or ``...-<name>``."""
        function_name = function_name.rsplit(":", 1)[-1]
        names = sorted(self.app.handler_map, key=len, reverse=True)
        for name in names:
            if function_name == name or function_name.endswith(f"-{name}"):
                return str(name)
        return None

    # -- events -------------------------------------------------------------------------------
    def publish(self, event: dict[str, Any]) -> None:
        """Accept an event (EventBridge shape) for delivery by the next ``deliver_events``."""
        with self._lock:
            self._events.append(event)

    def deliver_events(self) -> int:
        with self._lock:
            pending, self._events = self._events, []
            retrying, self._retry_events = self._retry_events, []
        delivered = 0
        for key, name, event in retrying:
            self._call_async("event", name, event, key)
            delivered += 1
        for event in pending:
            for source in self._sources("CloudWatchEventConfig"):
                if matches(source.event_pattern or {}, event):
                    key = f"event/{source.name}/{id(event)}/{len(self.delivered)}"
                    self._call_async("event", source.name, event, key)
                    delivered += 1
        return delivered

    def _call_async(self, kind: str, name: str, event: dict[str, Any], key: str) -> bool:
        """Deliver as Lambda's asynchronous invocation does: a failure is retried on a later round,
        then kept in ``dead_letters``. True when the handler succeeded."""
        if self._call(kind, name, event) is not _FAILED:
            self._retries.pop(key, None)
            return True
        tries = self._retries[key] = self._retries.get(key, 0) + 1
        if tries > ASYNC_RETRIES:
            self._retries.pop(key, None)
            self.dead_letters.append((name, event))
            logger.error("gave up on %s %s after %d retries", kind, name, ASYNC_RETRIES)
        elif kind == "event":
            with self._lock:
                self._retry_events.append((key, name, event))
        return False

    # -- queues -------------------------------------------------------------------------------
    @staticmethod
    def _queue_url(urls: list[str], declared: str) -> str | None:
        declared = declared.rsplit(":", 1)[-1]
        for url in urls:
            name = url.rsplit("/", 1)[-1]
            if name == declared or name.endswith(f"-{declared}"):
                return str(url)
        return None

    def deliver_sqs(self) -> int:
        """One batch per queue handler; messages a handler reports failed stay for redelivery.

        Handlers are Chalice ``on_sqs_message`` ones (matched by queue name) and the plain
        ``lambda_function`` consumers that CDK wires to the product's queues (``infra.wiring``).
        """
        sqs = self._sqs
        sources = self._sources("SQSEventConfig")
        urls = list(sqs.list_queues().get("QueueUrls", [])) if sources else []
        consumers = [
            (source.name, self._queue_url(urls, source.queue or source.queue_arn or ""), source.batch_size)
            for source in sources
        ] + list(self._wired_consumers())
        delivered = 0
        for name, url, batch_size in consumers:
            if url is None:
                continue
            try:
                delivered += self._deliver_batch(sqs, url, name, batch_size or SQS_BATCH_LIMIT)
            except Exception:  # the queue's messages stay put; the other queues go on
                logger.exception("delivering queue %s to %s failed; will try again", url, name)
        return delivered

    def _wired_consumers(self) -> list[tuple[str, str, int]]:
        """(handler, queue URL, batch size) for each queue consumer CDK wires, as the local stack set them."""
        import os

        from chalicelib.resources import QUEUES
        from infra.wiring import QUEUE_CONSUMERS, WiringError

        env_of = {queue.logical_name: queue.env_var for queue in QUEUES}
        consumers = []
        for name, consumer in QUEUE_CONSUMERS.items():
            url = os.environ.get(env_of.get(consumer.queue, ""), "")
            if not url:
                continue  # that queue is not provisioned here (a test's own small app)
            if name not in self.app.handler_map:
                raise WiringError(
                    f"the {consumer.queue} queue is wired to {name}, which the app does not have"
                )
            consumers.append((name, url, consumer.batch_size))
        return consumers

    def _deliver_batch(self, sqs: Any, url: str, name: str, batch_size: int) -> int:
        received = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=min(SQS_BATCH_LIMIT, batch_size), AttributeNames=["All"]
        ).get("Messages", [])
        if not received:
            return 0
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        event = {
            "Records": [
                {
                    "messageId": message["MessageId"],
                    "receiptHandle": message["ReceiptHandle"],
                    "body": message["Body"],
                    "attributes": message.get("Attributes", {}),
                    "messageAttributes": message.get("MessageAttributes", {}),
                    "md5OfBody": message.get("MD5OfBody", ""),
                    "eventSource": "aws:sqs",
                    "eventSourceARN": arn,
                    "awsRegion": arn.split(":")[3],
                }
                for message in received
            ]
        }
        result = self._call("sqs", name, event)
        if result is _FAILED:
            return len(received)  # the whole batch returns to the queue after its visibility timeout
        failed = {
            item.get("itemIdentifier")
            for item in (result or {}).get("batchItemFailures", [])
            if isinstance(result, dict)
        }
        done = [m for m in received if m["MessageId"] not in failed]
        for start in range(0, len(done), SQS_BATCH_LIMIT):
            sqs.delete_message_batch(
                QueueUrl=url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(done[start : start + SQS_BATCH_LIMIT])
                ],
            )
        return len(received)

    # -- schedules ------------------------------------------------------------------------------
    def run_due_schedules(self) -> int:
        """Fire every one-time EventBridge Scheduler schedule (``at(...)``) due by the clock.

        A schedule deleted between listing and reading it (a booking cancelled meanwhile) is
        normal; a handler that fails is fired again next round, as Lambda retries it.
        """
        if not getattr(self.app, "pure_lambda_functions", None):
            return 0  # schedules target lambda_function handlers; none registered, nothing to fire
        scheduler = self._scheduler
        fired = 0
        for group in [g["Name"] for g in scheduler.list_schedule_groups().get("ScheduleGroups", [])]:
            for summary in scheduler.list_schedules(GroupName=group).get("Schedules", []):
                try:
                    fired += self._fire_if_due(scheduler, group, str(summary["Name"]))
                except Exception as exc:
                    if _error_code(exc) == _NOT_FOUND:
                        continue  # deleted meanwhile: nothing to fire
                    logger.exception("firing schedule %s/%s failed; will try again", group, summary["Name"])
        return fired

    def _fire_if_due(self, scheduler: Any, group: str, name: str) -> int:
        schedule = scheduler.get_schedule(Name=name, GroupName=group)
        expression = str(schedule.get("ScheduleExpression", ""))
        key = f"{group}/{name}/{expression}"
        due = _at_time(expression)
        if due is None or due > self.clock.now() or key in self._fired_schedules:
            return 0
        if str(schedule.get("State", "ENABLED")) != "ENABLED":
            return 0
        target = schedule.get("Target", {})
        handler = self.handler_for_function(str(target.get("Arn", "")))
        if handler is None:
            return 0
        payload = json.loads(target.get("Input") or "{}")
        if not self._call_async("schedule", handler, payload, key) and key in self._retries:
            return 1  # Lambda retries it: fired again next round
        self._fired_schedules.add(key)
        if schedule.get("ActionAfterCompletion") == "DELETE":
            try:
                scheduler.delete_schedule(Name=name, GroupName=group)
            except Exception as exc:
                if _error_code(exc) != _NOT_FOUND:
                    raise
        return 1

    # -- received mail ---------------------------------------------------------------------------
    def deliver_mail(self) -> int:
        """Hand each mail dropped into the local mail bucket to the function SES's receipt rule
        invokes, once, asynchronously (retried, then kept in ``dead_letters``; ``local.ses_receiving``)."""
        import os

        from chalicelib.mail.intake import INBOUND_PREFIX
        from chalicelib.resources import MAIL_BUCKET
        from local.ses_receiving import FUNCTION, receipt_event

        bucket = os.environ.get(MAIL_BUCKET.env_var)
        if not bucket or FUNCTION not in self.app.handler_map:
            return 0
        s3 = self._s3
        listed = s3.list_objects_v2(Bucket=bucket, Prefix=INBOUND_PREFIX).get("Contents", [])
        delivered = 0
        for item in listed:
            key = str(item["Key"])
            if key in self._mail_seen:
                continue
            self._mail_seen.add(key)
            raw = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            event = receipt_event(key, raw, now=self.clock.now())
            with self._lock:
                self._retry_events.append((f"mail/{key}", FUNCTION, event))
            delivered += 1
        return delivered

    # -- state machines ------------------------------------------------------------------------
    def run_state_machines(self) -> int:
        """Run every Step Functions execution started since (``local.state_machines``)."""
        if self._state_machines is None:
            from local.state_machines import LocalStateMachines

            self._state_machines = LocalStateMachines(call=self._call_raising)
        return int(self._state_machines.run_pending())

    def _call_raising(self, name: str, event: dict[str, Any]) -> Any:
        """A state machine's Task: its failure goes to the state's Retry and Catch."""
        self.delivered.append(("state-machine", name))
        try:
            return self.handler(name)(json.loads(json.dumps(event)), _context(name))
        except Exception as exc:
            self.failures.append((name, f"{type(exc).__name__}: {exc}"))
            raise

    # -- all of it ------------------------------------------------------------------------------
    def run_once(self) -> int:
        """One round of everything; a fault in one part is logged and the others still run."""
        delivered = 0
        parts = (
            self.deliver_mail,
            self.deliver_events,
            self.deliver_sqs,
            self.run_due_schedules,
            self.run_state_machines,
        )
        for part in parts:
            try:
                delivered += part()
            except Exception as exc:
                logger.exception("local runner: %s failed; carrying on", part.__name__)
                self.failures.append((part.__name__, f"{type(exc).__name__}: {exc}"))
        return delivered

    def run_until_quiet(self, max_rounds: int = 50) -> int:
        """Repeat ``run_once`` until nothing is left to deliver (or ``max_rounds``)."""
        total = 0
        for _ in range(max_rounds):
            count = self.run_once()
            total += count
            if count == 0:
                break
        return total

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        """Call a handler directly, as ``lambda:Invoke`` would."""
        return self._call("invoke", name, event)

    def _call(self, kind: str, name: str, event: dict[str, Any]) -> Any:
        self.delivered.append((kind, name))
        try:
            return self.handler(name)(json.loads(json.dumps(event)), _context(name))
        except Exception as exc:  # Lambda would record the failure and retry; so do we, visibly
            self.failures.append((name, f"{type(exc).__name__}: {exc}"))
            return _FAILED


_FAILED = object()


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _at_time(expression: str) -> datetime | None:
    if not (expression.startswith("at(") and expression.endswith(")")):
        return None
    try:
        return datetime.fromisoformat(expression[3:-1]).replace(tzinfo=UTC)
    except ValueError:
        return None
