"""The campaign file contract: the JSON Schema every campaign definition is validated against.

This dict is the single source of truth. ``schemas/campaign.schema.json`` is generated from it
(``PYTHONPATH=functions python -m chalicelib.campaigns.publish_schema``) and a unit test fails when the
published file is stale. The vocabularies below (purposes, outcomes, menu actions) are shared with
the code that builds a ``Campaign`` and with the dialler, so they are named once, here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_ID = "https://contact-centre.example/schemas/campaign.schema.json"

# Why a campaign calls decides which legal rules apply (consent for marketing, caps for collection).
PURPOSES = ("marketing", "informational", "collection")

# How a call ended, as the outcome engine names it; SMS fallback and retries are keyed by these.
CALL_OUTCOMES = (
    "completed",  # answered and heard to the end without pressing a key
    "key_pressed",  # answered and chose a menu option
    "hung_up_early",  # answered, hung up before the end of the message
    "no_answer",
    "busy",
    "voicemail",
    "failed",  # the call could not be placed (network, invalid destination ...)
)

MENU_ACTIONS = ("confirm", "reschedule", "transfer", "opt_out", "repeat")
# Actions the outbound flow gives one key each (one agent queue, one repeat, one reschedule key).
SINGLE_KEY_ACTIONS = ("transfer", "repeat", "reschedule")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Defaults the code applies when a field is left out (also published as "default" in the schema).
DEFAULT_SMS_SEND_ON = ("no_answer", "busy", "voicemail", "hung_up_early")
DEFAULT_RETRY_ON = ("no_answer", "busy", "failed")
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_RETRY_DELAY_MINUTES = 60
DEFAULT_MAX_CONCURRENT_CALLS = 10
DEFAULT_CALLS_PER_SECOND = 1.0
DEFAULT_PHONE_COLUMN = "phone"
DEFAULT_LANGUAGE_COLUMN = "language"
DEFAULT_TIMEZONE_COLUMN = "timezone"

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
CLOCK_OR_MIDNIGHT_PATTERN = r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"
_CLOCK = {"type": "string", "pattern": CLOCK_PATTERN}
_CLOCK_OR_MIDNIGHT = {"type": "string", "pattern": CLOCK_OR_MIDNIGHT_PATTERN}
_PROMPT_NAME = {
    "type": "string",
    "pattern": r"^[a-z0-9][a-z0-9_-]*$",
    "description": "A prompt in prompts/<language>/<name>.txt (without .txt), one file per language.",
}
_COLUMN = {"type": "string", "minLength": 1, "maxLength": 64}
_COUNTRY = {"type": "string", "pattern": r"^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code."}
_OUTCOMES = {"type": "array", "items": {"enum": list(CALL_OUTCOMES)}, "uniqueItems": True}

CAMPAIGN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Outbound voice campaign",
    "description": (
        "One campaign: what to say (per language), the key-press menu, the SMS fallback, when and "
        "how fast to call, and how often to retry. Times and dates are evaluated in each callee's "
        "own time zone."
    ),
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "purpose", "languages", "message", "calling_window", "schedule"],
    "properties": {
        "id": {
            "type": "string",
            "pattern": r"^[a-z0-9][a-z0-9-]{1,62}$",
            "description": "Stable identifier (lower case, digits, dashes); also the idempotency scope.",
        },
        "name": {"type": "string", "minLength": 1, "maxLength": 120},
        "description": {"type": "string"},
        "purpose": {
            "enum": list(PURPOSES),
            "description": (
                "marketing needs recorded consent (CN, US) and an opt_out key; collection is capped "
                "(US: 7 calls in 7 days) and not called after 22:00 in China."
            ),
        },
        "languages": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {
                "pattern": r"^[a-z]{2,3}-[A-Z]{2}$",
                "description": "a language tag like en-US",
            },
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["voice"],
                "properties": {
                    "voice": {
                        "type": "string",
                        "pattern": r"^[A-Z][A-Za-z-]+$",
                        "description": "Amazon Polly voice, e.g. Joanna (en-US) or Zhiyu (zh-CN).",
                    }
                },
            },
            "description": "Each language the campaign speaks, keyed by BCP 47 tag (en-US, zh-CN).",
        },
        "default_language": {
            "type": "string",
            "pattern": r"^[a-z]{2,3}-[A-Z]{2}$",
            "description": "For rows without a language; required when there are several languages.",
        },
        "message": {
            "type": "object",
            "additionalProperties": False,
            "required": ["template"],
            "properties": {"template": _PROMPT_NAME},
        },
        "menu": {
            "type": "object",
            "propertyNames": {"pattern": r"^[0-9*#]$", "description": "a phone key: 0-9, * or #"},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["action"],
                "properties": {
                    "action": {"enum": list(MENU_ACTIONS)},
                    "queue": {"type": "string", "minLength": 1, "description": "For transfer."},
                    "label": {"type": "string", "description": "For reports."},
                },
                "if": {"properties": {"action": {"const": "transfer"}}},
                "then": {"required": ["queue"]},
            },
            "description": "Key (0-9, *, #) -> what pressing it does.",
        },
        "sms": {
            "type": "object",
            "additionalProperties": False,
            "required": ["template"],
            "properties": {
                "template": _PROMPT_NAME,
                "send_on": {**_OUTCOMES, "default": list(DEFAULT_SMS_SEND_ON)},
            },
            "description": "The same message by SMS (once per contact, with an opt-out line).",
        },
        "calling_window": {
            "type": "object",
            "additionalProperties": False,
            "required": ["start", "end"],
            "properties": {
                "days": {
                    "type": "array",
                    "items": {"enum": list(WEEKDAYS)},
                    "uniqueItems": True,
                    "minItems": 1,
                    "default": list(WEEKDAYS),
                },
                "start": {**_CLOCK, "description": "Callee-local HH:MM, inclusive."},
                "end": {**_CLOCK_OR_MIDNIGHT, "description": "Callee-local HH:MM, exclusive."},
                "default_timezone": {
                    "type": "string",
                    "description": "IANA zone for numbers whose zone cannot be derived.",
                },
            },
        },
        "pacing": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max_concurrent_calls": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 1000,
                    "default": DEFAULT_MAX_CONCURRENT_CALLS,
                },
                "calls_per_second": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": 100,
                    "default": DEFAULT_CALLS_PER_SECOND,
                },
            },
        },
        "retries": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max_attempts": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 100,
                    "default": DEFAULT_MAX_ATTEMPTS,
                    "description": "Calls per contact over the whole campaign, first call included.",
                },
                "delay_minutes": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 43200,
                    "default": DEFAULT_RETRY_DELAY_MINUTES,
                },
                "retry_on": {**_OUTCOMES, "default": list(DEFAULT_RETRY_ON)},
                "max_attempts_per_24h": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 100,
                    "description": "Calls per contact in any rolling 24 hours (no limit when absent).",
                },
            },
        },
        "schedule": {
            "type": "object",
            "additionalProperties": False,
            "required": ["start_date"],
            "properties": {
                "start_date": {**_DATE, "description": "First calling day (callee-local)."},
                "end_date": {**_DATE, "description": "Last calling day, inclusive (callee-local)."},
            },
        },
        "restricted_dates": {
            "type": "array",
            "description": "Holidays and other days nobody is called (callee-local dates).",
            "items": {
                "oneOf": [
                    _DATE,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["date"],
                        "properties": {
                            "date": _DATE,
                            "name": {"type": "string"},
                            "countries": {"type": "array", "items": _COUNTRY, "minItems": 1},
                        },
                    },
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["from", "to"],
                        "properties": {
                            "from": _DATE,
                            "to": _DATE,
                            "name": {"type": "string"},
                            "countries": {"type": "array", "items": _COUNTRY, "minItems": 1},
                        },
                    },
                ]
            },
        },
        "answering_machine_detection": {
            "type": "boolean",
            "default": False,
            "description": (
                "Tell voicemail from a person. Such calls go to Amazon Connect as TrafficType "
                "CAMPAIGN, which needs the 'Amazon Connect campaigns' service quota increase; "
                "false dials ordinary (GENERAL) calls."
            ),
        },
        "audience": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "file": {
                    "type": "string",
                    "minLength": 1,
                    "description": "CSV path relative to the campaign file.",
                },
                "phone_column": {**_COLUMN, "default": DEFAULT_PHONE_COLUMN},
                "language_column": {**_COLUMN, "default": DEFAULT_LANGUAGE_COLUMN},
                "timezone_column": {**_COLUMN, "default": DEFAULT_TIMEZONE_COLUMN},
            },
        },
    },
}


def published_schema_text() -> str:
    """The exact text of ``schemas/campaign.schema.json``."""
    return json.dumps(CAMPAIGN_SCHEMA, indent=2, ensure_ascii=False) + "\n"


def write_published_schema(path: Path) -> None:
    path.write_text(published_schema_text(), encoding="utf-8")
