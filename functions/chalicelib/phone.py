"""Phone numbers: parse anything people type into E.164, and mask numbers for logs.

``phonenumbers`` is imported on first use so that flow-invoked Lambdas that only mask do not pay
for its metadata at cold start.
"""

from __future__ import annotations

import re
from typing import Any

from chalicelib.errors import InvalidInput

# What a number may be written with: digits, one leading + and the separators people type. No
# letters (vanity numbers, ``tel:``), control or bidirectional characters, or other scripts' digits.
_WRITTEN_NUMBER = re.compile(r"^\+?[0-9(][0-9 ().-]*$", re.ASCII)
MAX_WRITTEN_LENGTH = 32
# An international number as written (+ or 00, separators allowed), or a bare run of 8-15 digits.
_PHONE_LIKE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d[\d\s().-]{5,}\d|\d{8,15})(?![\w])")


def mask(number: str) -> str:
    """All but the last 4 digits replaced: ``+15550100123`` -> ``*******0123``."""
    digits = re.sub(r"\D", "", number)
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_text(text: str) -> str:
    """Mask every phone-number-looking run in free text (log messages, exception strings)."""
    return _PHONE_LIKE.sub(lambda m: mask(m.group(0)), text)


def mask_value(value: Any) -> Any:
    """Recursively mask phone numbers inside a JSON-like structure."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_value(item) for item in value]
    return value


def to_e164(raw: str, default_region: str | None = None) -> str:
    """Normalise a number as people write it (spaces, dashes, brackets, ``0086``, national format).

    >>> to_e164("(555) 010-0123", "US")
    '+15550100123'

    Raises InvalidInput with the reason when the text is not a valid number, or holds anything
    but digits, a leading ``+`` and separators (``phonenumbers`` alone would read letters as
    keypad digits and skip ``tel:`` or invisible characters).
    """
    import phonenumbers

    text = (raw or "").strip(" \t")
    if not text:
        raise InvalidInput("phone number is empty", code="invalid_phone")
    if len(text) > MAX_WRITTEN_LENGTH or not _WRITTEN_NUMBER.match(text):
        raise InvalidInput(
            "a phone number holds only digits, a leading + and spaces, dashes, dots or brackets",
            code="invalid_phone",
        )
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"not a phone number: {mask(text)} ({exc})", code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(f"not a valid phone number: {mask(text)}", code="invalid_phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def region_of(e164: str) -> str:
    """The ISO country code of a valid E.164 number (``+8613800138000`` -> ``CN``)."""
    import phonenumbers

    return str(phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or "")


def can_receive_sms(e164: str) -> bool:
    """Whether the number is a mobile (or, where the plan cannot tell, possibly mobile) number.

    Fixed lines, premium-rate, shared-cost, toll-free, VoIP and pager numbers are not: texting
    them is how SMS pumping spends a company's money.
    """
    import phonenumbers

    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
