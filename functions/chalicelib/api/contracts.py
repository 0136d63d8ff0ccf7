"""The API's input contract: a JSON Schema for every route's path parameters, query and body.

These dicts are the single source of truth. ``chalicelib.api.errors.route`` validates every
request against them before a view runs, and ``schemas/api/*.schema.json`` and
``schemas/openapi.json`` are generated from them (``PYTHONPATH=functions python -m
chalicelib.api.publish``); a unit test fails when the published files are stale.

A schema node may carry ``x-error-code``: the error code a request failing that node gets
(``invalid_phone`` rather than the generic ``invalid_input``), so clients keep stable codes.
Semantics a schema cannot say (a slot that is open, a transition that is allowed) stay in the
domain; the schemas bound what reaches it: types, sizes, characters, dates and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.campaigns.schema import SCHEMA_ID as CAMPAIGN_SCHEMA_ID

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://contact-centre.example/schemas/api/"

#: Bounds every JSON body obeys before it is validated: bytes, nesting and values.
MAX_BODY_BYTES = 1_048_576
MAX_JSON_DEPTH = 32
#: Longest query parameter value and path parameter (DynamoDB keys hold at most 1,024-2,048 bytes).
MAX_QUERY_VALUE = 2_048
#: Longest line of an uploaded CSV file (Python's csv module gives up on a 128 KiB cell).
MAX_CSV_LINE = 4_096

#: E.164: a +, a country code and at most 15 digits. The only spelling the JSON API accepts.
PHONE: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\+[1-9][0-9]{6,14}$",
    "description": "E.164, e.g. +8613800138000",
    "x-error-code": "invalid_phone",
}
#: An instant with an offset, in years a contact centre can mean (2000-2099).
INSTANT: dict[str, Any] = {
    "type": "string",
    "maxLength": 35,
    "pattern": r"^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$",
    "description": "ISO 8601 with an offset, e.g. 2026-01-05T01:30:00Z",
}
#: A calendar date, or an instant (with or without offset), in 2000-2099.
DATE_OR_INSTANT: dict[str, Any] = {
    "type": "string",
    "maxLength": 35,
    "pattern": r"^20[0-9]{2}-[01][0-9]-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?)?$",
}
DAY: dict[str, Any] = {
    "type": "string",
    "pattern": r"^20[0-9]{2}-[01][0-9]-[0-3][0-9]$",
    "description": "YYYY-MM-DD",
}
WHOLE_NUMBER_TEXT: dict[str, Any] = {"type": "string", "pattern": r"^[0-9]{1,6}$"}
FRACTION_TEXT: dict[str, Any] = {
    "type": "string",
    "pattern": r"^(0(\.[0-9]{1,6})?|1(\.0{1,6})?|\.[0-9]{1,6})$",
    "description": "a number from 0 to 1",
}
LANGUAGE: dict[str, Any] = {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", "maxLength": 12}
COUNTRY: dict[str, Any] = {
    "type": "string",
    "pattern": r"^[A-Za-z]{2}$",
    "description": "ISO 3166-1 alpha-2, e.g. CN",
    "x-error-code": "invalid_country",
}
TIME_ZONE: dict[str, Any] = {
    "type": "string",
    "maxLength": 64,
    "pattern": r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
    "description": "an IANA name, e.g. Asia/Shanghai",
    "x-error-code": "invalid_time_zone",
}
#: A DynamoDB-safe identifier (ticket ids, booking ids, agent ids, contact ids ...).
IDENTIFIER: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": 128,
    "pattern": r"^[A-Za-z0-9_.:@-]+$",
}
#: An opaque pagination cursor the API returned.
CURSOR: dict[str, Any] = {"type": "string", "maxLength": 1024, "pattern": r"^[A-Za-z0-9_=.-]*$"}
SHORT_NAME: dict[str, Any] = {"type": "string", "maxLength": 64}
VERIFICATION_ID: dict[str, Any] = {
    "type": "string",
    "pattern": r"^[0-9a-f]{32}$",
    "x-error-code": "invalid_verification",
}
VERIFICATION_CODE: dict[str, Any] = {
    "type": "string",
    "pattern": r"^ *[0-9]{6} *$",
    "x-error-code": "invalid_code",
}


def text(limit: int, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit, **extra}


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    """A closed object: unknown fields are refused (a typo must not be silently ignored)."""
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return {**schema, **extra}


def query(**properties: dict[str, Any]) -> dict[str, Any]:
    """A query string: each parameter a string, given once; no others."""
    return obj(
        {
            name: {**schema, "maxLength": schema.get("maxLength", MAX_QUERY_VALUE)}
            for name, schema in properties.items()
        }
    )


#: Path parameters by name, wherever they appear.
PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    "phone": PHONE,
    "ticket_id": IDENTIFIER,
    "booking_id": IDENTIFIER,
    "agent_id": IDENTIFIER,
    "contact_id": IDENTIFIER,
    "alert_id": IDENTIFIER,
    "campaign_id": {**IDENTIFIER, "pattern": r"^[a-z0-9][a-z0-9-]{0,62}$"},
    "import_id": {"type": "string", "pattern": r"^[A-Za-z0-9_-]{1,60}$"},
    "article_id": {
        "type": "string",
        "maxLength": 64,
        "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
        "x-error-code": "invalid_article_id",
    },
    "language": {"enum": ["zh-CN", "en-US"], "x-error-code": "invalid_language"},
    "category": {"type": "string", "pattern": r"^[a-z]{1,32}$", "x-error-code": "invalid_category"},
}

NO_QUERY = query()

#: A knowledge search: what a person types into a search box, not a document.
SEARCH_TEXT: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": 200,
    "x-error-code": "invalid_query",
}
KNOWLEDGE_LANGUAGE: dict[str, Any] = {"enum": ["zh-CN", "en-US"], "x-error-code": "invalid_language"}

CONSENT = obj({key: {"type": "boolean"} for key in ("marketing_voice", "marketing_sms", "service_calls")})
TEXT_PER_LANGUAGE: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 20,
    "propertyNames": LANGUAGE,
    "additionalProperties": text(4000),
}

BODIES: dict[str, dict[str, Any]] = {
    "customer": obj(
        {
            "phone": PHONE,
            "name": text(200),
            "language": LANGUAGE,
            "tier": text(32),
            "tags": {"type": "array", "maxItems": 50, "items": text(64, minLength=1)},
            "consent": CONSENT,
        }
    ),
    "agent": obj(
        {
            "name": text(200, minLength=1),
            "skills": {"type": "array", "maxItems": 20, "items": text(32)},
            "connect_user_id": text(256),
            "active": {"type": "boolean"},
            "team": text(200),
            "team_name": text(200),
            "supervisor": text(200),
        },
        ("name",),
    ),
    "ticket": obj(
        {
            "phone": PHONE,
            "category": text(32),
            "channel": text(32),
            "subject": text(200),
            "description": text(4000),
            "priority": {"type": "integer", "minimum": -1_000_000, "maximum": 1_000_000},
            "assignee": IDENTIFIER,
        },
        ("phone",),
    ),
    "ticket-change": obj(
        {
            "status": text(32),
            "assignee": {**IDENTIFIER, "minLength": 0},
            "priority": {"type": "integer", "minimum": -1_000_000, "maximum": 1_000_000},
            "disposition": text(64),
        }
    ),
    "ticket-note": obj({"text": text(4000)}),
    # acknowledging or resolving an alert carries nothing but the act itself
    "alert-action": obj({}, description="an empty object: {}"),
    "ticket-rating": obj(
        {
            "phone": PHONE,
            "rating": {"type": "integer", "minimum": -1_000, "maximum": 1_000},
            "comment": text(1000),
        },
        ("phone",),
    ),
    "self-service-ticket": obj(
        {
            "verificationId": VERIFICATION_ID,
            "code": VERIFICATION_CODE,
            "category": text(32),
            "subject": text(200),
            "description": text(4000),
        },
        ("verificationId", "code", "category"),
    ),
    "chat-start": obj(
        {
            "displayName": text(256, minLength=1, **{"x-error-code": "invalid_display_name"}),
            "language": {"enum": ["zh-CN", "en-US"], "x-error-code": "invalid_language"},
            "verification": obj(
                {"verificationId": VERIFICATION_ID, "code": VERIFICATION_CODE}, ("verificationId", "code")
            ),
        },
        ("displayName", "language"),
    ),
    "self-service-lookup": obj(
        {"verificationId": VERIFICATION_ID, "code": VERIFICATION_CODE}, ("verificationId", "code")
    ),
    "ticket-reply": obj(
        {
            "text": text(4000, minLength=1),
            "replyId": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"^[A-Za-z0-9-]+$"},
        },
        ("text",),
    ),
    "verification": obj({"phone": {**PHONE, "maxLength": 16}, "language": LANGUAGE}, ("phone",)),
    "booking": obj(
        {
            "verificationId": VERIFICATION_ID,
            "code": VERIFICATION_CODE,
            "slot": {**INSTANT, "x-error-code": "invalid_slot"},
            "reason": text(500, **{"x-error-code": "invalid_reason"}),
            "language": LANGUAGE,
            "timeZone": TIME_ZONE,
        },
        ("verificationId", "code", "slot"),
    ),
    "booking-move": obj({"slot": {**INSTANT, "x-error-code": "invalid_slot"}}, ("slot",)),
    "screening-entry": obj(
        {
            "list": text(32),
            "reason": text(500),
            "source": text(100),
            "expires_at": {**DATE_OR_INSTANT, "x-error-code": "invalid_expiry"},
            "added_by": text(200),
        },
        ("list",),
    ),
    "screening-request": obj(
        {
            "numbers": {"type": "array", "maxItems": 10_000, "items": text(64)},
            "purpose": text(64),
            "default_country": COUNTRY,
        },
        ("numbers",),
    ),
    "campaign-create": obj(
        {
            "campaign": {"$ref": CAMPAIGN_SCHEMA_ID},  # schemas/campaign.schema.json, by its $id
            "texts": obj(
                {"message": TEXT_PER_LANGUAGE, "sms": TEXT_PER_LANGUAGE, "sms_opt_out": TEXT_PER_LANGUAGE},
                ("message", "sms", "sms_opt_out"),
            ),
            "menu_prompts": {**TEXT_PER_LANGUAGE, "minProperties": 0},
        },
        ("campaign",),
    ),
    "campaign-launch": obj(
        {
            "audience_key": {
                "type": "string",
                "minLength": 1,
                "maxLength": 512,
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9/_.-]*\.csv$",
            }
        },
        ("audience_key",),
    ),
    "list-import-upload": obj({}),
    "list-import-start": obj({"list": text(100), "source": text(100)}),
    "knowledge-article": obj(
        {
            "category": {"type": "string", "pattern": r"^[a-z]{1,32}$", "x-error-code": "invalid_category"},
            "title": text(200, minLength=1),
            "answer": text(600, minLength=1),
            "body": text(20_000),
            "keywords": {"type": "array", "maxItems": 40, "items": text(200, minLength=1)},
            "questions": {"type": "array", "maxItems": 40, "items": text(200, minLength=1)},
            "published": {"type": "boolean"},
            "announcement": {"type": "boolean"},
        },
        ("category", "title", "answer"),
    ),
    "knowledge-script": obj(
        {
            "stages": obj(
                {
                    stage: text(2_000, minLength=1)
                    for stage in ("greeting", "verification", "resolution", "closing")
                },
                minProperties=1,
            )
        },
        ("stages",),
    ),
    "qa-review": obj(
        {
            "score": {"type": "integer", "minimum": -1_000, "maximum": 1_000},
            "ratings": {
                "type": "object",
                "description": "criterion id -> points (GET /quality/criteria); the score follows",
                "maxProperties": 30,
                "additionalProperties": {"type": "integer", "minimum": -1_000, "maximum": 1_000},
            },
            "notes": text(4000),
        },
        minProperties=1,
    ),
}

#: A body that is not JSON: its media type and the bounds checked on its text.
CSV_BODY: dict[str, Any] = {"type": "string", "contentMediaType": "text/csv", "maxLength": MAX_BODY_BYTES}


@dataclass(frozen=True)
class Contract:
    """What one route accepts. ``body`` names an entry of ``BODIES`` (or ``csv``); None: no body read."""

    query: dict[str, Any] = field(default_factory=lambda: NO_QUERY)
    body: str | None = None
    summary: str = ""

    def body_schema(self) -> dict[str, Any] | None:
        if self.body is None:
            return None
        return CSV_BODY if self.body == "csv" else BODIES[self.body]


def path_schema(path: str) -> dict[str, Any]:
    """The object schema of a route's path parameters (``/tickets/{ticket_id}`` -> ticket_id)."""
    import re

    names = re.findall(r"\{(\w+)\}", path)
    return obj({name: PATH_PARAMETERS[name] for name in names}, tuple(names))
