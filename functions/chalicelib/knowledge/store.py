"""Articles and scripts in DynamoDB (``chalicelib.tables.knowledge``): read, write, search.

put_article(article, actor="sup-lin")      # creates or replaces one language of an article
search(query, "zh-CN", published_only=True) # the help centre's and the assistant's search
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib import clock
from chalicelib.errors import NotFound
from chalicelib.knowledge.model import Article, Script, checked_language
from chalicelib.knowledge.ranking import Match, rank
from chalicelib.tables.knowledge import ARTICLE, SCRIPT, KnowledgeRecord, item_key, shelf


def now() -> datetime:
    return datetime.fromtimestamp(clock.now(), UTC)


def _name(record: KnowledgeRecord) -> str:
    """The article id or script category: the item key without its kind."""
    return record.item_key.split("#", 1)[1]


def article_of(record: KnowledgeRecord) -> Article:
    return Article(
        article_id=_name(record),
        language=record.language,
        category=record.category,
        title=record.title,
        answer=record.answer,
        body=record.body or "",
        keywords=tuple(str(keyword) for keyword in record.keywords or ()),
        questions=tuple(str(question) for question in record.questions or ()),
        published=bool(record.published),
        announcement=bool(record.announcement),
    )


def record_of(article: Article, actor: str) -> KnowledgeRecord:
    return KnowledgeRecord(
        item_key(ARTICLE, article.article_id),
        article.language,
        shelf=shelf(ARTICLE, article.language),
        category=article.category,
        title=article.title,
        answer=article.answer,
        body=article.body,
        keywords=list(article.keywords),
        questions=list(article.questions),
        published=article.published,
        announcement=article.announcement,
        updated_by=actor,
        updated_at=now(),
    )


def _view(record: KnowledgeRecord, fields: dict[str, Any]) -> dict[str, Any]:
    return {**fields, "updatedBy": record.updated_by, "updatedAt": record.updated_at.isoformat()}


def article_view(record: KnowledgeRecord) -> dict[str, Any]:
    """An article as the staff API shows it: its fields, who changed it last and when."""
    return _view(record, article_of(record).to_dict())


def _get(kind: str, name: str, language: str, missing: str) -> KnowledgeRecord:
    try:
        return KnowledgeRecord.get(item_key(kind, name), checked_language(language))
    except KnowledgeRecord.DoesNotExist:
        raise NotFound(missing) from None


def get_article_record(article_id: str, language: str) -> KnowledgeRecord:
    return _get(ARTICLE, article_id, language, f"no article {article_id} in {language}")


def get_article(article_id: str, language: str) -> Article:
    return article_of(get_article_record(article_id, language))


def put_article(article: Article, *, actor: str) -> KnowledgeRecord:
    record = record_of(article, actor)
    record.save()
    return record


def delete_article(article_id: str, language: str) -> None:
    get_article_record(article_id, language).delete()


def article_records(language: str) -> list[KnowledgeRecord]:
    """Every article of one language, by id."""
    return list(KnowledgeRecord.by_shelf.query(shelf(ARTICLE, checked_language(language))))


def articles(language: str, *, published_only: bool = False) -> list[Article]:
    found = [article_of(record) for record in article_records(language)]
    return [article for article in found if article.published or not published_only]


def search(query: str, language: str, *, published_only: bool, limit: int = 10) -> list[Match]:
    """Articles of ``language`` ranked for ``query`` (``chalicelib.knowledge.ranking``)."""
    return rank(query, articles(language, published_only=published_only), limit=limit)


# --- scripts -----------------------------------------------------------------------------------


def script_of(record: KnowledgeRecord) -> Script:
    stages = record.stages.as_dict() if record.stages is not None else {}
    return Script(_name(record), record.language, {str(k): str(v) for k, v in stages.items()})


def script_record_of(script: Script, actor: str) -> KnowledgeRecord:
    return KnowledgeRecord(
        item_key(SCRIPT, script.category),
        script.language,
        shelf=shelf(SCRIPT, script.language),
        category=script.category,
        stages=dict(script.stages),
        updated_by=actor,
        updated_at=now(),
    )


def script_view(record: KnowledgeRecord) -> dict[str, Any]:
    return _view(record, script_of(record).to_dict())


def script_records(category: str | None = None, language: str | None = None) -> list[KnowledgeRecord]:
    """Scripts of one category (every language, or one), or of every category."""
    languages = [checked_language(language)] if language else ["en-US", "zh-CN"]
    if category is not None:
        key = item_key(SCRIPT, category)
        found = [record for record in KnowledgeRecord.query(key) if record.language in languages]
    else:
        found = [r for lang in languages for r in KnowledgeRecord.by_shelf.query(shelf(SCRIPT, lang))]
    return sorted(found, key=lambda record: (record.item_key, record.language))


def get_script_record(category: str, language: str) -> KnowledgeRecord:
    return _get(SCRIPT, category, language, f"no script for {category} calls in {language}")


def put_script(script: Script, *, actor: str) -> KnowledgeRecord:
    record = script_record_of(script, actor)
    record.save()
    return record
