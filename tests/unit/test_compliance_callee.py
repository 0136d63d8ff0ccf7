"""Placing the callee: country, Florida, time zones."""

from __future__ import annotations

import pytest

from chalicelib.campaigns.compliance import FLORIDA_AREA_CODES, Contact, resolve_callee


def test_the_florida_area_codes_match_the_numbering_plan() -> None:
    import phonenumbers
    from phonenumbers import geocoder

    florida = set()
    for area_code in range(200, 1000):
        number = phonenumbers.parse(f"+1{area_code}5550142")
        place = geocoder.description_for_number(number, "en")
        if place == "Florida" or place.endswith(", FL"):
            florida.add(str(area_code))
    assert florida == FLORIDA_AREA_CODES


@pytest.mark.parametrize(
    ("contact", "country", "subdivision", "zones"),
    [
        (Contact("+12125550142"), "US", None, ("America/New_York",)),
        (Contact("+14155550142"), "US", None, ("America/Los_Angeles",)),
        (Contact("+13055550142"), "US", "FL", ("America/New_York",)),
        (Contact("+12125550142", state="Florida"), "US", "FL", ("America/New_York",)),
        (Contact("+8613800138000"), "CN", None, ("Asia/Shanghai",)),
        (Contact("0086 138 0013 8001"), "CN", None, ("Asia/Shanghai",)),
        (Contact("+442079460123", timezone="Europe/Dublin"), "GB", None, ("Europe/Dublin",)),
    ],
)
def test_a_callee_is_placed_by_number_unless_the_audience_says_otherwise(
    contact: Contact, country: str, subdivision: str | None, zones: tuple[str, ...]
) -> None:
    callee = resolve_callee(contact)
    assert (callee.country, callee.subdivision, callee.time_zones) == (country, subdivision, zones)
