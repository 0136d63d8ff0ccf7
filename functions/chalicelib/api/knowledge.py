"""Routes: knowledge articles and call scripts for staff, and the help centre's public search.

Staff (``authorizer=STAFF``): agents read articles and scripts; supervisors write them. Public
(``/help/...``): published articles only, validated and rate-limited per client address like
the other public routes. Domain modules are imported inside the views (cold start).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.api import contracts
from chalicelib.api.contracts import Contract, query
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import STAFF, source_ip, staff_actor

blueprint = Blueprint(__name__)

HOUR = 3600
#: Help-centre requests per client address per hour: a person searching, not a crawler.
HELP_REQUESTS_PER_ADDRESS_PER_HOUR = 300
DEFAULT_RESULTS = 10
MAX_RESULTS = 50

_ARTICLE = "/knowledge/articles/{article_id}/{language}"
_SCRIPT = "/knowledge/scripts/{category}/{language}"


def _limit(raw: str | None) -> int:
    return max(1, min(MAX_RESULTS, int(raw))) if raw else DEFAULT_RESULTS


def _help_request() -> dict[str, str]:
    """The public request's query, once it is within the address's hourly allowance."""
    from chalicelib import rate_limit

    request = blueprint.current_request
    rate_limit.hit(
        "help-centre:address",
        source_ip(request),
        limit=HELP_REQUESTS_PER_ADDRESS_PER_HOUR,
        window_seconds=HOUR,
    )
    return dict(request.query_params or {})


def _summary(article: Any, score: float | None = None) -> dict[str, Any]:
    found = {
        "id": article.article_id,
        "language": article.language,
        "category": article.category,
        "title": article.title,
        "answer": article.answer,
        "announcement": article.announcement,
    }
    return found if score is None else {**found, "score": score}


# --- staff: articles ---------------------------------------------------------------------------


@route(
    blueprint,
    "/knowledge/articles",
    ["GET"],
    Contract(
        query(
            language=contracts.KNOWLEDGE_LANGUAGE,
            category=contracts.PATH_PARAMETERS["category"],
            q=contracts.SEARCH_TEXT,
            limit=contracts.WHOLE_NUMBER_TEXT,
        ),
        summary="Articles of one language (default zh-CN), a category's, or ranked for q",
    ),
    authorizer=STAFF,
)
def list_articles() -> dict[str, Any]:
    from chalicelib import knowledge

    params = dict(blueprint.current_request.query_params or {})
    language = params.get("language", "zh-CN")
    category = params.get("category")
    if params.get("q"):
        matches = knowledge.search(params["q"], language, published_only=False, limit=MAX_RESULTS)
        found = [
            {**_summary(m.article, m.score), "published": m.article.published}
            for m in matches
            if category in (None, m.article.category)
        ]
        return {"items": found[: _limit(params.get("limit"))]}
    records = [r for r in knowledge.article_records(language) if category in (None, r.category)]
    return {"items": [knowledge.article_view(record) for record in records]}


@route(blueprint, _ARTICLE, ["GET"], authorizer=STAFF)
def get_article(article_id: str, language: str) -> dict[str, Any]:
    from chalicelib import knowledge

    return knowledge.article_view(knowledge.get_article_record(article_id, language))


@route(blueprint, _ARTICLE, ["PUT"], Contract(body="knowledge-article"), authorizer=STAFF)
def put_article(article_id: str, language: str) -> Response:
    """Create or replace one language of an article (supervisors)."""
    from chalicelib import knowledge
    from chalicelib.errors import NotFound

    request = blueprint.current_request
    article = knowledge.article_from_dict({**json_body(request), "id": article_id, "language": language})
    try:
        knowledge.get_article_record(article_id, language)
        existed = True
    except NotFound:
        existed = False
    record = knowledge.put_article(article, actor=staff_actor(request))
    return Response(body=knowledge.article_view(record), status_code=200 if existed else 201)


@route(blueprint, _ARTICLE, ["DELETE"], authorizer=STAFF)
def delete_article(article_id: str, language: str) -> dict[str, Any]:
    """Remove one language of an article (supervisors); answers what was removed."""
    from chalicelib import knowledge

    removed = knowledge.article_view(knowledge.get_article_record(article_id, language))
    knowledge.delete_article(article_id, language)
    return removed


# --- staff: scripts ----------------------------------------------------------------------------


@route(
    blueprint,
    "/knowledge/scripts",
    ["GET"],
    Contract(query(category=contracts.PATH_PARAMETERS["category"], language=contracts.KNOWLEDGE_LANGUAGE)),
    authorizer=STAFF,
)
def list_scripts() -> dict[str, Any]:
    from chalicelib import knowledge

    params = dict(blueprint.current_request.query_params or {})
    records = knowledge.script_records(params.get("category"), params.get("language"))
    return {"items": [knowledge.script_view(record) for record in records]}


@route(blueprint, _SCRIPT, ["GET"], authorizer=STAFF)
def get_script(category: str, language: str) -> dict[str, Any]:
    from chalicelib import knowledge

    return knowledge.script_view(knowledge.get_script_record(category, language))


@route(blueprint, _SCRIPT, ["PUT"], Contract(body="knowledge-script"), authorizer=STAFF)
def put_script(category: str, language: str) -> dict[str, Any]:
    """Replace the stages of one category's script in one language (supervisors)."""
    from chalicelib import knowledge

    request = blueprint.current_request
    body = json_body(request)
    script = knowledge.script_from_dict(
        {"category": category, "language": language, "stages": body["stages"]}
    )
    return knowledge.script_view(knowledge.put_script(script, actor=staff_actor(request)))


# --- public: the help centre -------------------------------------------------------------------


@route(
    blueprint,
    "/help/articles",
    ["GET"],
    Contract(
        query(
            q=contracts.SEARCH_TEXT,
            lang=contracts.KNOWLEDGE_LANGUAGE,
            category=contracts.PATH_PARAMETERS["category"],
            limit=contracts.WHOLE_NUMBER_TEXT,
        ),
        summary="Published articles: ranked for q, else all of the language (default zh-CN)",
    ),
)
def search_help_articles() -> dict[str, Any]:
    from chalicelib import knowledge

    params = _help_request()
    language = params.get("lang", "zh-CN")
    category = params.get("category")
    limit = _limit(params.get("limit"))
    if params.get("q"):
        matches = knowledge.search(params["q"], language, published_only=True, limit=MAX_RESULTS)
        items = [_summary(m.article, m.score) for m in matches if category in (None, m.article.category)]
    else:
        found = knowledge.articles(language, published_only=True)
        items = [_summary(article) for article in found if category in (None, article.category)]
    return {"language": language, "items": items[:limit]}


@route(blueprint, "/help/articles/{article_id}/{language}", ["GET"])
def get_help_article(article_id: str, language: str) -> dict[str, Any]:
    from chalicelib import knowledge
    from chalicelib.errors import NotFound

    _help_request()
    article = knowledge.get_article(article_id, language)
    if not article.published:
        raise NotFound(f"no article {article_id} in {language}")
    return {**_summary(article), "body": article.body}


@route(
    blueprint,
    "/help/announcements",
    ["GET"],
    Contract(query(lang=contracts.KNOWLEDGE_LANGUAGE)),
)
def list_announcements() -> dict[str, Any]:
    from chalicelib import knowledge

    language = _help_request().get("lang", "zh-CN")
    found = [a for a in knowledge.articles(language, published_only=True) if a.announcement]
    return {"language": language, "items": [{**_summary(a), "body": a.body} for a in found]}
