"""InputValidation of GetParticipantInput with StoreInput True: custom length or a phone number.

``PhoneNumberValidation`` with ``NumberFormat`` E164 needs a full +country number; Local needs a
number valid in ``CountryCode`` (stored as E.164, the shape a callback number takes).
``CustomValidation.MaximumLength`` keeps at most that many characters (input stops there).
"""

from __future__ import annotations

from typing import Any

import phonenumbers


def stored_value(entered: str, validation: dict[str, Any]) -> tuple[str, str | None]:
    """The value stored for ``entered`` and, when it fails validation, why (else None)."""
    custom = validation.get("CustomValidation")
    if isinstance(custom, dict):
        maximum = int(str(custom.get("MaximumLength", len(entered))) or len(entered))
        return entered[:maximum], None
    phone = validation.get("PhoneNumberValidation")
    if not isinstance(phone, dict):
        return entered, None
    number_format = str(phone.get("NumberFormat", "E164"))
    region = None if number_format == "E164" else str(phone.get("CountryCode", "")).upper() or None
    text = entered if number_format != "E164" or entered.startswith("+") else f"+{entered}"
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        return entered, f"not a phone number ({exc})"
    if not phonenumbers.is_valid_number(parsed):
        return entered, f"{entered} is not a valid {number_format} number"
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None
