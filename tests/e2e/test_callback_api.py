"""The callback booking API over HTTP on the local stack: capacity under 50 concurrent requests,
SMS code limits, and clear 4xx answers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from tests.callbacks_support import api, book, free_slots, last_code_sent_to, post, verify

__all__ = ["api"]


def test_fifty_concurrent_bookings_at_a_slot_of_three_give_three_bookings_and_47_slot_full_answers(
    api: str,
) -> None:
    slots = free_slots(api)
    target = slots[-1]
    assert target["free"] == 3
    phones = [f"+1212555{n:04d}" for n in range(100, 150)]
    verified = [(phone, *verify(api, phone)) for phone in phones]

    def attempt(entry: tuple[str, str, str]) -> requests.Response:
        _, verification_id, code = entry
        return post(
            api,
            "/callbacks/bookings",
            {
                "verificationId": verification_id,
                "code": code,
                "slot": target["startsAt"],
                "reason": "inquiry",
            },
        )

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(attempt, verified))

    assert sorted(r.status_code for r in answers) == [201] * 3 + [409] * 47
    for refused in (r.json()["error"] for r in answers if r.status_code == 409):
        assert refused["code"] == "slot_full"
        assert refused["nextSlots"] and all(s["startsAt"] > target["startsAt"] for s in refused["nextSlots"])
    assert all(s["startsAt"] != target["startsAt"] for s in free_slots(api, limit=80))


def test_a_wrong_code_is_refused_and_five_wrong_codes_lock_the_verification(api: str) -> None:
    phone = "+12125550171"
    verification_id, code = verify(api, phone)
    slot = free_slots(api)[0]["startsAt"]
    wrong = "000000" if code != "000000" else "111111"
    answers = [
        post(api, "/callbacks/bookings", {"verificationId": verification_id, "code": wrong, "slot": slot})
        for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [403, 403, 403, 403, 429]
    assert answers[0].json()["error"]["code"] == "wrong_code"
    assert answers[-1].json()["error"]["code"] == "too_many_attempts"
    # even the right code no longer works: the customer must ask for a new one
    locked = post(api, "/callbacks/bookings", {"verificationId": verification_id, "code": code, "slot": slot})
    assert locked.status_code == 429


def test_a_number_gets_at_most_three_codes_an_hour(api: str) -> None:
    phone = "+12125550172"
    answers = [post(api, "/callbacks/verifications", {"phone": phone}) for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[-1].json()["error"]["code"] == "too_many_codes"


def test_a_code_confirms_one_booking_only(api: str) -> None:
    phone = "+12125550173"
    verification_id, code = verify(api, phone)
    slots = free_slots(api)
    first = post(
        api,
        "/callbacks/bookings",
        {"verificationId": verification_id, "code": code, "slot": slots[1]["startsAt"]},
    )
    assert first.status_code == 201
    cancelled = requests.delete(f"{api}/callbacks/bookings/{first.json()['id']}", timeout=30)
    assert cancelled.status_code == 200
    again = post(
        api,
        "/callbacks/bookings",
        {"verificationId": verification_id, "code": code, "slot": slots[2]["startsAt"]},
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "verification_used"


def test_a_second_booking_for_the_same_customer_points_at_the_first(api: str) -> None:
    phone = "+12125550174"
    first = book(api, phone)
    verification_id, code = verify(api, phone)
    second = post(
        api,
        "/callbacks/bookings",
        {"verificationId": verification_id, "code": code, "slot": free_slots(api)[3]["startsAt"]},
    )
    assert second.status_code == 409
    assert second.json()["error"] == {
        "code": "already_booked",
        "message": second.json()["error"]["message"],
        "bookingId": first["id"],
    }


def test_slots_are_shown_in_the_customers_time_zone(api: str) -> None:
    slot = requests.get(
        f"{api}/callbacks/slots", params={"tz": "America/New_York", "limit": "1"}, timeout=30
    ).json()
    first: dict[str, Any] = slot["slots"][0]
    assert slot["timeZone"] == "America/New_York"
    assert first["localStart"].endswith(("-05:00", "-04:00"))
    assert first["startsAt"].endswith("Z")


def test_bad_requests_get_a_clear_4xx(api: str) -> None:
    unknown_zone = requests.get(f"{api}/callbacks/slots", params={"tz": "Mars/Olympus"}, timeout=30)
    assert unknown_zone.status_code == 400 and unknown_zone.json()["error"]["code"] == "invalid_time_zone"
    bad_phone = post(api, "/callbacks/verifications", {"phone": "12"})
    assert bad_phone.status_code == 400 and bad_phone.json()["error"]["code"] == "invalid_phone"
    no_such = requests.get(f"{api}/callbacks/bookings/0123456789abcdef", timeout=30)
    assert no_such.status_code == 404 and no_such.json()["error"]["code"] == "booking_not_found"
    phone = "+12125550175"
    verification_id, code = verify(api, phone)
    closed = post(
        api,
        "/callbacks/bookings",
        {"verificationId": verification_id, "code": code, "slot": "2020-01-01T00:00:00Z"},
    )
    assert closed.status_code == 400 and closed.json()["error"]["code"] == "slot_unavailable"
    assert last_code_sent_to(phone) == code
