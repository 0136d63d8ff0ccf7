"""Outbound campaigns on the local stack: loading 100,000 audience rows, then dialling 5,000
contacts through the Connect simulator in accelerated (virtual) time with a quota of 10 lines.

moto runs as its own process here, so the loader's memory is measured without moto's tables.
AWS requests are counted at the botocore client (every service). In the dialling run, SQS
delivery delays are honoured on the virtual clock by the harness (a message not yet due is held
back and re-sent when due), the same as SQS does in real time; everything else is the deployed
code path: queue messages -> dial_contacts -> StartOutboundVoiceContact -> flow -> contact event
-> handle_contact_events -> SMS. Contact events reach their handler BENCH_EVENT_LATENCY_S (default
1 s) virtual seconds after the call changed, so a freed line idles that long before the next
contact is dialled: utilisation is measured with the delivery delay a deployment has.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import random
import subprocess
import sys
import threading
import time
import tracemalloc
from itertools import islice
from typing import TYPE_CHECKING, Any

from bench.aws_requests import counting_requests

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bench.report import BenchReport

LOAD_ROWS = int(os.environ.get("BENCH_LOAD_ROWS", "100000"))
DIAL_CONTACTS = int(os.environ.get("BENCH_DIAL_CONTACTS", "5000"))
QUOTA = 10
#: Seconds from a call's change to its event reaching the handler (Connect -> EventBridge -> SQS
#: -> Lambda); a freed line waits this long for its next contact.
EVENT_LATENCY_S = float(os.environ.get("BENCH_EVENT_LATENCY_S", "1.0"))
PROGRESS_EVERY = 500  # contacts dialled between progress lines (stderr) in the dialling run
HEADER = "phone,language,name,locker,pickup_code,deadline\n"


@contextlib.contextmanager
def moto_process() -> Iterator[str]:
    from local.aws import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        import requests

        for _ in range(100):
            with contextlib.suppress(requests.ConnectionError):
                requests.get(f"{endpoint}/moto-api/", timeout=1)
                break
            time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def _rows(numbers: Iterator[str]) -> Iterator[str]:
    yield HEADER
    for n, number in enumerate(numbers):
        yield f"{number},en-US,Guest {n},L-{n % 500},{100000 + n},Friday 6 pm\n"


#: Every callee inside its calling window for the whole run (19:00 UTC = 14:00 New York, 11:00 Los
#: Angeles): utilisation is about contacts that may be dialled now, not ones waiting for morning.
MAINLAND_ZONES = frozenset({"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"})
DIAL_START_DELAY_S = 4 * 3600


def _us_numbers() -> Iterator[str]:
    import phonenumbers
    from phonenumbers import timezone

    from bench.screening import fictional_numbers

    for number in fictional_numbers():
        if (
            number.startswith("+1")
            and set(timezone.time_zones_for_number(phonenumbers.parse(number))) <= MAINLAND_ZONES
        ):
            yield number


def _consume(queue_url: str, stop: threading.Event) -> None:
    import boto3

    sqs = boto3.client("sqs")
    while not stop.is_set():
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if messages:
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
            )
        else:
            stop.wait(0.05)


def load_benchmark(report: BenchReport) -> None:
    import boto3

    from chalicelib.campaigns import runs
    from chalicelib.campaigns.audience import decoded_lines, load_audience
    from chalicelib.resources import AUDIENCE_BUCKET_ENV, DIALLER_QUEUE_ENV
    from local.campaign_driver import campaign_body

    runs.create_campaign(campaign_body("parcel-arrival", id="bench-load"))
    from bench.screening import fictional_numbers

    body = "".join(_rows(islice(fictional_numbers(), LOAD_ROWS))).encode("utf-8")
    s3 = boto3.client("s3")
    s3.put_object(Bucket=os.environ[AUDIENCE_BUCKET_ENV], Key="bench-load/audience.csv", Body=body)
    del body
    # The dialler drains the queue while the loader fills it, as in AWS. (moto also needs it:
    # every SendMessage of moto's SQS costs time proportional to the messages already queued.)
    stop = threading.Event()
    consumer = threading.Thread(target=_consume, args=(os.environ[DIALLER_QUEUE_ENV], stop), daemon=True)
    consumer.start()
    with counting_requests(lambda service, _: service, this_thread_only=True) as calls:
        tracemalloc.start()
        started = time.perf_counter()
        stream = s3.get_object(Bucket=os.environ[AUDIENCE_BUCKET_ENV], Key="bench-load/audience.csv")["Body"]
        loaded = load_audience("bench-load", decoded_lines(stream.iter_lines(keepends=True)))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    stop.set()
    consumer.join(timeout=30)
    report.figure("campaign.load.rows", loaded.rows, "rows")
    report.figure("campaign.load.rows_per_s", loaded.rows / elapsed, "rows/s")
    report.figure("campaign.load.peak_mb", peak / 1e6, "MB")
    report.figure("campaign.load.requests_per_1000", sum(calls.values()) / (loaded.rows / 1000), "requests")
    for service, count in sorted(calls.items()):
        report.figure(f"campaign.load.requests.{service}", count, "requests")


class _VirtualDelays:
    """Holds queue messages until their ``not_before`` on the virtual clock, as SQS delays would."""

    def __init__(self) -> None:
        self.heap: list[tuple[float, int, dict[str, Any]]] = []
        self.sequence = 0

    def hold(self, body: dict[str, Any]) -> None:
        self.sequence += 1
        heapq.heappush(self.heap, (float(body.get("not_before", 0)), self.sequence, body))

    def due(self, now: float) -> list[dict[str, Any]]:
        ready = []
        while self.heap and self.heap[0][0] <= now:
            ready.append(heapq.heappop(self.heap)[2])
        return ready


def dial_benchmark(report: BenchReport) -> None:
    import boto3

    from chalicelib import clock, messaging, telephony, work_queues
    from chalicelib.campaigns import runs
    from chalicelib.campaigns.audience import load_audience
    from chalicelib.resources import CONTACT_EVENTS_QUEUE_ENV, DIALLER_QUEUE_ENV
    from local.campaign_driver import OPEN_HOURS, campaign_body
    from local.connect_simulator import (
        ConnectApiServer,
        ConnectSimulator,
        Party,
        VirtualClock,
        install_contact_centre,
    )
    from local.connect_simulator.function_app import load_chalice_app
    from local.connect_simulator.setup import connect_environment

    app = load_chalice_app()
    dial_start = OPEN_HOURS + DIAL_START_DELAY_S
    sim = ConnectSimulator(clock=VirtualClock(start=dial_start), max_concurrent_calls=QUOTA, agent_answer_s=5)
    install_contact_centre(sim, app)
    server = ConnectApiServer(sim).start()
    os.environ.update(connect_environment(sim, server.endpoint))
    os.environ.update(
        {
            "QUEUE_MAX_DELAY_S": "0",
            "DIALLER_MAX_CONCURRENT_CALLS": str(QUOTA),
            "DIALLER_CALLS_PER_SECOND": "5",
        }
    )
    for adapter in (telephony, messaging, work_queues):
        adapter.forget_client()
    clock.source = sim.clock.time
    rng = random.Random(7)
    phones = list(islice(_us_numbers(), DIAL_CONTACTS))
    behaviours = [Party.answers(after_s=2, presses=["2"])] * 7 + [
        Party.no_answer(),
        Party.busy_line(),
        Party.voicemail_box(after_s=6),
    ]
    failed_phones = set()
    for phone in phones:
        party = rng.choice(behaviours)
        sim.script_callee(phone, party)
        if party.answer_after_s is None or party.busy or party.voicemail:
            failed_phones.add(phone)

    sqs = boto3.client("sqs")
    events_url, dialler_url = os.environ[CONTACT_EVENTS_QUEUE_ENV], os.environ[DIALLER_QUEUE_ENV]
    emitted_at: dict[str, float] = {}
    pending_events = [0]
    # Connect -> EventBridge -> SQS -> Lambda takes time: an event reaches its handler (and a freed
    # line its next contact) EVENT_LATENCY_S virtual seconds after the call changed.
    in_flight = _VirtualDelays()
    sim.on_event(
        lambda event: in_flight.hold({"not_before": sim.clock.time() + EVENT_LATENCY_S, "event": event})
    )

    def deliver_events(now: float) -> None:
        for held in in_flight.due(now):
            event = held["event"]
            if event["detail"]["eventType"] == "DISCONNECTED":
                emitted_at[event["detail"]["contactId"]] = time.perf_counter()
            sqs.send_message(QueueUrl=events_url, MessageBody=json.dumps(event))
            pending_events[0] += 1

    sms_at: dict[str, float] = {}
    real_send = messaging.send_sms

    def timed_send(phone: str, text: str) -> str:
        message_id = real_send(phone, text)
        sms_at[phone] = time.perf_counter()
        return message_id

    messaging.send_sms = timed_send
    refused_for_quota = [0]
    real_start = telephony.start_outbound_call

    def counted_start(call: Any) -> str:
        try:
            return real_start(call)
        except telephony.LinesBusy:
            refused_for_quota[0] += 1
            raise

    telephony.start_outbound_call = counted_start
    dial = app.handler_map["dial_contacts"]
    outcomes = app.handler_map["handle_contact_events"]
    runs.create_campaign(
        campaign_body(
            "parcel-arrival",
            id="bench-dial",
            pacing={"max_concurrent_calls": QUOTA, "calls_per_second": 5},
            retries={"max_attempts": 1},
        )
    )
    runs.change_status("bench-dial", "launch", loading="done")
    audience = [HEADER] + [f"{phone},en-US,Guest {n},A-{n},{n},Friday\n" for n, phone in enumerate(phones)]
    load_audience("bench-dial", audience)
    delays = _VirtualDelays()
    busy_samples: list[tuple[float, float]] = []  # (virtual seconds, share of lines busy)
    started = time.perf_counter()
    next_progress = PROGRESS_EVERY
    try:
        for _ in range(200 * len(phones) + 10_000):  # a safety stop only; ends when all is done
            now = sim.clock.time()
            again = delays.due(now)
            if again:
                work_queues.send(DIALLER_QUEUE_ENV, again)
            while True:
                messages = sqs.receive_message(QueueUrl=dialler_url, MaxNumberOfMessages=10).get(
                    "Messages", []
                )
                if not messages:
                    break
                due = []
                for message in messages:
                    body = json.loads(message["Body"])
                    if float(body.get("not_before", 0)) > now:
                        delays.hold(body)
                    else:
                        due.append(message)
                for start in range(0, len(due), 5):  # the event source mapping's batch size
                    batch = due[start : start + 5]
                    dial({"Records": [{"messageId": m["MessageId"], "body": m["Body"]} for m in batch]}, None)
                sqs.delete_message_batch(
                    QueueUrl=dialler_url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
                    ],
                )
            placed = len(sim.contacts)
            if placed >= next_progress:
                next_progress += PROGRESS_EVERY
                print(
                    f"  dialled {placed}/{len(phones)} in {time.perf_counter() - started:.0f} s "
                    f"({(now - dial_start) / 3600:.2f} virtual h)",
                    file=sys.stderr,
                    flush=True,
                )
            # Jump to the next thing that happens (a call's next step, a held message falling due),
            # at most one second: nothing in between can change what the lines do.
            upcoming = [
                t
                for t in (
                    sim.next_due(),
                    delays.heap[0][0] if delays.heap else None,
                    in_flight.heap[0][0] if in_flight.heap else None,
                )
                if t is not None
            ]
            step = min(1.0, max(0.05, min(upcoming) - now)) if upcoming else 1.0
            if placed < len(phones):
                busy_samples.append((step, sim.active_calls() / QUOTA))
            sim.advance(step)
            deliver_events(sim.clock.time())
            while pending_events[0]:
                messages = sqs.receive_message(QueueUrl=events_url, MaxNumberOfMessages=10).get(
                    "Messages", []
                )
                if not messages:
                    break
                pending_events[0] -= len(messages)
                outcomes(
                    {"Records": [{"messageId": m["MessageId"], "body": m["Body"]} for m in messages]}, None
                )
                sqs.delete_message_batch(
                    QueueUrl=events_url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
                    ],
                )
            if (
                placed >= len(phones)
                and sim.active_calls() == 0
                and not pending_events[0]
                and not in_flight.heap
            ):
                break
    finally:
        messaging.send_sms = real_send
        telephony.start_outbound_call = real_start
        clock.source = time.time
        server.stop()
    elapsed = time.perf_counter() - started
    counters = runs.counters("bench-dial")
    finished = counters.get("contacts.finished", 0)
    by_contact = {c.customer_number: c.contact_id for c in sim.contacts.values()}
    latencies = [
        sms_at[p] - emitted_at[by_contact[p]] for p in failed_phones if p in sms_at and p in by_contact
    ]
    report.figure("campaign.dial.contacts", len(phones), "contacts")
    report.figure("campaign.dial.virtual_hours", (sim.clock.time() - dial_start) / 3600, "h")
    report.figure("campaign.dial.wall_s", elapsed, "s")
    busy_time = sum(step for step, _ in busy_samples)
    utilisation = sum(step * share for step, share in busy_samples) / busy_time if busy_time else 0.0
    report.figure("campaign.dial.event_latency_s", EVENT_LATENCY_S, "s")
    durations = [c.ended_at - c.started_at for c in sim.contacts.values() if c.ended_at is not None]
    report.figure("campaign.dial.mean_call_s", sum(durations) / max(1, len(durations)), "s")
    report.figure("campaign.dial.utilisation", utilisation, "ratio")
    report.figure("campaign.dial.peak_calls", sim.peak_concurrent_calls, "calls")
    report.figure("campaign.dial.quota_violations", refused_for_quota[0], "refusals")
    report.figure("campaign.dial.lost", len(phones) - finished, "contacts")
    report.figure("campaign.sms_fallback.sent", len(sms_at), "sms")
    if latencies:
        latencies.sort()
        report.figure("campaign.sms_fallback.p95_s", latencies[int(0.95 * (len(latencies) - 1))], "s")


def run(report: BenchReport) -> None:
    """Loading against a moto server process (so the loader's own memory is what is measured);
    dialling against in-process moto (the simulator's Connect API is still HTTP), which spares
    thousands of loopback round trips that would measure the emulator rather than the dialler."""
    from moto import mock_aws

    from chalicelib.tables import ALL_TABLES
    from local.aws import EmulatedAws, point_boto3_at

    saved = dict(os.environ)
    with moto_process() as endpoint:
        point_boto3_at(endpoint)
        EmulatedAws().provision()
        load_benchmark(report)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    for spec in ALL_TABLES.values():
        spec.model._connection = None
    with mock_aws():
        EmulatedAws().provision()
        dial_benchmark(report)
    os.environ.clear()
    os.environ.update(saved)
