"""What an article and a script are, and the checks a new or edited one must pass.

Plain data, no I/O: the store, the seed files, the API and the assistant share these shapes.

    article_from_dict({"id": "billing-invoice-copy", "language": "en-US", "category": "billing",
                       "title": "Get a copy of your bill", "answer": "Sign in ..."})
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from chalicelib.errors import InvalidInput

LANGUAGES = ("zh-CN", "en-US")
#: The call categories (``chalicelib.tickets.rules.CATEGORIES``) plus the two subjects that
#: customers ask about most and that no menu key names: their bill and their account.
ARTICLE_CATEGORIES = (
    "billing",
    "order",
    "fault",
    "account",
    "complaint",
    "cancellation",
    "emergency",
    "inquiry",
    "consultation",
)
#: The stages of a call, in the order an agent goes through them.
SCRIPT_STAGES = ("greeting", "verification", "resolution", "closing")
ARTICLE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ARTICLE_ID = 64
MAX_TITLE = 200
MAX_ANSWER = 600  # the assistant reads it out or texts it: a few sentences
MAX_BODY = 20_000
MAX_LIST = 40
MAX_LIST_ITEM = 200
MAX_SCRIPT_TEXT = 2_000


@dataclass(frozen=True)
class Article:
    article_id: str
    language: str
    category: str
    title: str
    answer: str
    body: str = ""
    keywords: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    published: bool = False
    announcement: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = data.pop("article_id")
        data["keywords"] = list(self.keywords)
        data["questions"] = list(self.questions)
        return data


@dataclass(frozen=True)
class Script:
    category: str
    language: str
    stages: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "language": self.language,
            "stages": {stage: self.stages[stage] for stage in SCRIPT_STAGES if stage in self.stages},
        }


def checked_language(value: Any) -> str:
    if value not in LANGUAGES:
        raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}", code="invalid_language")
    return str(value)


def checked_category(value: Any) -> str:
    if value not in ARTICLE_CATEGORIES:
        raise InvalidInput(
            f"category must be one of {', '.join(ARTICLE_CATEGORIES)}", code="invalid_category"
        )
    return str(value)


def checked_article_id(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_ARTICLE_ID or not ARTICLE_ID.match(value):
        raise InvalidInput(
            "an article id is lower-case words joined by hyphens, e.g. billing-invoice-copy",
            code="invalid_article_id",
        )
    return value


def _text(data: dict[str, Any], name: str, limit: int, *, required: bool) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{name} is required", code=f"invalid_{name}")
    if len(value) > limit:
        raise InvalidInput(f"{name} is longer than {limit} characters", code=f"invalid_{name}")
    return value


def _texts(data: dict[str, Any], name: str) -> tuple[str, ...]:
    values = data.get(name) or []
    if not isinstance(values, list) or len(values) > MAX_LIST:
        raise InvalidInput(f"{name} must be a list of at most {MAX_LIST} texts")
    cleaned = []
    for value in values:
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_LIST_ITEM:
            raise InvalidInput(f"each of {name} must be text of 1 to {MAX_LIST_ITEM} characters")
        if value.strip() not in cleaned:
            cleaned.append(value.strip())
    return tuple(cleaned)


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise InvalidInput(f"{name} must be true or false")
    return value


def article_from_dict(data: dict[str, Any]) -> Article:
    """An Article from its plain form (API body, seed file), or InvalidInput saying what is wrong."""
    return Article(
        article_id=checked_article_id(data.get("id")),
        language=checked_language(data.get("language")),
        category=checked_category(data.get("category")),
        title=_text(data, "title", MAX_TITLE, required=True),
        answer=_text(data, "answer", MAX_ANSWER, required=True),
        body=_text(data, "body", MAX_BODY, required=False),
        keywords=_texts(data, "keywords"),
        questions=_texts(data, "questions"),
        published=_flag(data, "published"),
        announcement=_flag(data, "announcement"),
    )


def script_from_dict(data: dict[str, Any]) -> Script:
    """A Script from its plain form: every stage named, each a text."""
    category = data.get("category")
    if category not in ARTICLE_CATEGORIES:
        raise InvalidInput(
            f"category must be one of {', '.join(ARTICLE_CATEGORIES)}", code="invalid_category"
        )
    stages = data.get("stages")
    if not isinstance(stages, dict) or not stages:
        raise InvalidInput(f"stages must name at least one of {', '.join(SCRIPT_STAGES)}")
    unknown = sorted(set(stages) - set(SCRIPT_STAGES))
    if unknown:
        raise InvalidInput(
            f"unknown stage(s) {', '.join(unknown)}: use {', '.join(SCRIPT_STAGES)}", code="invalid_stage"
        )
    for stage, text in stages.items():
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_SCRIPT_TEXT:
            raise InvalidInput(f"stage {stage} must be text of 1 to {MAX_SCRIPT_TEXT} characters")
    return Script(
        category=str(category),
        language=checked_language(data.get("language")),
        stages={stage: str(stages[stage]).strip() for stage in SCRIPT_STAGES if stage in stages},
    )
