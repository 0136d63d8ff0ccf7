"""Phone number parsing and masking."""

from __future__ import annotations

import pytest

from chalicelib.errors import InvalidInput
from chalicelib.phone import mask, mask_text, to_e164


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(212) 555-0123", "US", "+12125550123"),
        ("+1 212-555-0123", None, "+12125550123"),
        ("0086 138 0013 8000", None, "+8613800138000"),
        ("+86 (138) 0013-8000", None, "+8613800138000"),
        ("138 0013 8000", "CN", "+8613800138000"),
    ],
)
def test_numbers_as_people_write_them_become_e164(raw: str, region: str | None, expected: str) -> None:
    assert to_e164(raw, region) == expected


@pytest.mark.parametrize("raw", ["", "hello", "+1 555", "+1 212 555 01"])
def test_a_non_number_is_refused_with_a_reason(raw: str) -> None:
    with pytest.raises(InvalidInput) as error:
        to_e164(raw, "US")
    assert error.value.code == "invalid_phone"


def test_masking_keeps_only_the_last_four_digits() -> None:
    assert mask("+12125550123") == "*******0123"
    text = mask_text("calling +1 212 555 0123 and 008613800138000 at 2026-11-25 14:32:38 for ticket 42")
    assert "555" not in text and "13800138" not in text
    assert "0123" in text and "8000" in text
    assert "2026-11-25 14:32:38" in text and "ticket 42" in text


@pytest.mark.parametrize(
    "raw",
    [
        "tel:+12125550142",
        "+1-800-FLOWERS",
        "+1212555\x000142",
        "\u202e+12125550142",
        "+\uff11\uff12\uff11\uff12\uff15\uff15\uff15\uff10\uff11\uff14\uff12"  # full-width digits,
        "+1" + "2" * 40,
    ],
)
def test_anything_but_digits_and_separators_is_refused(raw: str) -> None:
    with pytest.raises(InvalidInput) as error:
        to_e164(raw, "US")
    assert error.value.code == "invalid_phone"


def test_the_country_and_whether_a_number_takes_sms_are_known() -> None:
    from chalicelib.phone import can_receive_sms, region_of

    assert region_of("+8613800138000") == "CN" and can_receive_sms("+8613800138000")
    assert region_of("+12125550142") == "US" and can_receive_sms("+12125550142")  # US plans cannot tell
    assert not can_receive_sms("+19005550100") and not can_receive_sms("+18005550100")  # premium, toll-free
