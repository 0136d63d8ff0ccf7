"""50 customers book the same callback slot (capacity 3) at once through the local HTTP API.

Prints ``booking.overbooked`` (bookings beyond capacity: must be 0), ``booking.accepted``,
``booking.p50_ms`` / ``booking.p95_ms`` (latency of one POST /callbacks/bookings under that load).
"""

from __future__ import annotations

import json
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from bench.report import BenchReport

CUSTOMERS = 50
CAPACITY = 3
_ENV = {
    "BUSINESS_TIME_ZONE": "UTC",
    "CALLBACK_HOURS": json.dumps(
        {
            day: ["00:00", "24:00"]
            for day in ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
        }
    ),
    "CALLBACK_SLOT_CAPACITY": str(CAPACITY),
    "CALLBACK_VERIFICATIONS_PER_ADDRESS_PER_HOUR": "1000",
}


def _code_sent_to(phone: str) -> str:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    texts = [
        text
        for number, text in sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values()
        if number == phone
    ]
    match = re.search(r"\b(\d{6})\b", texts[-1])
    assert match, f"no code texted to {phone}"
    return match.group(1)


def _verified(api: str, phone: str) -> dict[str, str]:
    answer = requests.post(f"{api}/callbacks/verifications", json={"phone": phone}, timeout=30)
    answer.raise_for_status()
    return {"verificationId": answer.json()["verificationId"], "code": _code_sent_to(phone)}


def run(report: BenchReport) -> None:
    from local.environment import temporary_environment
    from local.serial_dynamodb import serialize_dynamodb
    from local.stack import LocalStack

    with temporary_environment(_ENV):
        serialize_dynamodb()
        with LocalStack() as stack:
            api = stack.api_url
            slot = requests.get(f"{api}/callbacks/slots", params={"limit": "1"}, timeout=30).json()["slots"][
                0
            ]
            proofs = [_verified(api, f"+1212555{n:04d}") for n in range(100, 100 + CUSTOMERS)]

            def book(proof: dict[str, str]) -> tuple[int, float]:
                started = time.perf_counter()
                answer = requests.post(
                    f"{api}/callbacks/bookings",
                    json={**proof, "slot": slot["startsAt"], "reason": "inquiry"},
                    timeout=60,
                )
                return answer.status_code, (time.perf_counter() - started) * 1000

            with ThreadPoolExecutor(max_workers=CUSTOMERS) as pool:
                results = list(pool.map(book, proofs))
            accepted = sum(1 for status, _ in results if status == 201)
            stored = _stored_bookings(slot["startsAt"])
            latencies = sorted(ms for _, ms in results)
            report.figure("booking.overbooked", max(0, accepted - CAPACITY, stored - CAPACITY), "bookings")
            report.figure("booking.accepted", accepted, "bookings")
            report.figure("booking.p50_ms", statistics.median(latencies), "ms")
            report.figure("booking.p95_ms", latencies[int(0.95 * (len(latencies) - 1))], "ms")


def _stored_bookings(starts_at: str) -> int:
    """Bookings the table actually holds for the slot (not what the API said)."""
    from chalicelib.tables import CallbackBookingRecord

    found: Any = CallbackBookingRecord.scan(
        (CallbackBookingRecord.starts_at == starts_at) & (CallbackBookingRecord.status == "booked")
    )
    return sum(1 for _ in found)
