"""The SMS texts of callback booking: ``prompts/<language>/callback_sms_<key>.txt``, one SMS segment
each, in every language of ``LANGUAGES``."""

from __future__ import annotations

from chalicelib.prompts import LANGUAGES, language_or_default, sms_text

__all__ = ["LANGUAGES", "PROMPTS", "language_or_default", "text"]

#: key -> the prompt it sends; every one must exist in every language (tests/unit/test_sms_prompts.py).
PROMPTS: dict[str, str] = {
    key: f"callback_sms_{key}" for key in ("code", "booked", "moved", "cancelled", "reminder", "missed")
}


def text(key: str, language: str | None, **values: object) -> str:
    """The callback SMS ``key`` (code | booked | moved | cancelled | reminder | missed), filled in."""
    return sms_text(PROMPTS[key], language, **values)
