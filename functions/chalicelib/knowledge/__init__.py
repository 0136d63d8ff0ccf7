"""Knowledge articles (知识库) and call scripts (话术): the store, its keyword search, the seed.

Public surface::

    search(query, "zh-CN", published_only=True) -> [Match(article, score, coverage)]
    articles("en-US", published_only=True)      -> [Article]
    get_article(id, language) / put_article(article, actor=...) / delete_article(id, language)
    script_records(category, language) / put_script(script, actor=...)
    article_from_dict(data) / script_from_dict(data)   validated plain data -> Article / Script

Agents and the workspace read through ``chalicelib.api.knowledge``'s routes; the assistant
(``chalicelib.assistant``) and the help centre search published articles only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from chalicelib.knowledge.model import (
        ARTICLE_CATEGORIES,
        LANGUAGES,
        SCRIPT_STAGES,
        Article,
        Script,
        article_from_dict,
        script_from_dict,
    )
    from chalicelib.knowledge.ranking import Match, rank
    from chalicelib.knowledge.store import (
        article_records,
        article_view,
        articles,
        delete_article,
        get_article,
        get_article_record,
        get_script_record,
        put_article,
        put_script,
        script_records,
        script_view,
        search,
    )

_HOME = {
    **dict.fromkeys(
        (
            "ARTICLE_CATEGORIES",
            "LANGUAGES",
            "SCRIPT_STAGES",
            "Article",
            "Script",
            "article_from_dict",
            "script_from_dict",
        ),
        "model",
    ),
    **dict.fromkeys(("Match", "rank"), "ranking"),
    **dict.fromkeys(
        (
            "article_records",
            "article_view",
            "articles",
            "delete_article",
            "get_article",
            "get_article_record",
            "get_script_record",
            "put_article",
            "put_script",
            "script_records",
            "script_view",
            "search",
        ),
        "store",
    ),
}

__getattr__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _HOME.items()})

__all__ = [
    "ARTICLE_CATEGORIES",
    "LANGUAGES",
    "SCRIPT_STAGES",
    "Article",
    "Match",
    "Script",
    "article_from_dict",
    "article_records",
    "article_view",
    "articles",
    "delete_article",
    "get_article",
    "get_article_record",
    "get_script_record",
    "put_article",
    "put_script",
    "rank",
    "script_from_dict",
    "script_records",
    "script_view",
    "search",
]
