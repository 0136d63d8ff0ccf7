"""First-contact resolution in constant work per contact: a customer's hundredth call costs what
their second does, and every contact followed by another within 7 days is marked repeated,
whatever order the hang-ups are processed in."""

from __future__ import annotations

import random

import pytest

from bench.aws_requests import counting_requests
from chalicelib.quality import aggregates, repeats

pytestmark = [
    pytest.mark.usefixtures("aws"),
    pytest.mark.slow,
]  # slow: compares the work of a 3rd and a 100th call
PHONE = "+12125550142"
DAY_S = 24 * 3600
START = 1_796_000_000.0


def _repeated(contact_id: str) -> bool:
    return bool(aggregates.load_facts(contact_id).get("repeated"))


def _requests_for_one_more_contact(earlier_contacts: int, phone: str) -> int:
    for n in range(earlier_contacts):
        repeats.link_contact(f"{phone}-c{n}", phone, START + n * 60)
    with counting_requests(lambda service, _: "dynamodb" if service == "dynamodb" else None) as calls:
        repeats.link_contact(f"{phone}-last", phone, START + earlier_contacts * 60)
    return calls["dynamodb"]


def test_a_hundredth_call_costs_what_a_third_costs() -> None:
    few = _requests_for_one_more_contact(2, "+12125550143")
    many = _requests_for_one_more_contact(100, "+12125550144")
    assert many == few


def test_every_contact_with_a_return_within_seven_days_is_marked_in_any_processing_order() -> None:
    times = [0, 3 * DAY_S, 4 * DAY_S, 12 * DAY_S, 20 * DAY_S, 26 * DAY_S]
    contacts = [(f"c{n}", START + offset) for n, offset in enumerate(times)]
    order = contacts[:]
    random.Random(7).shuffle(order)
    for contact_id, at in order:
        repeats.link_contact(contact_id, PHONE, at)
    marked = {contact_id for contact_id, _ in contacts if _repeated(contact_id)}
    # c0 -> c1 (3 days), c1 -> c2 (1 day), c4 -> c5 (6 days); c2 -> c3 is 8 days, c3 -> c4 8 days
    assert marked == {"c0", "c1", "c4"}
