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

# The public names, each from where it lives, loaded on first use (``chalicelib.lazy_exports``)
# so that validating an article (the model) or ranking one does not load the table and its client.
if TYPE_CHECKING:
    from chalicelib.knowledge.model import ARTICLE_CATEGORIES as ARTICLE_CATEGORIES
    from chalicelib.knowledge.model import LANGUAGES as LANGUAGES
    from chalicelib.knowledge.model import SCRIPT_STAGES as SCRIPT_STAGES
    from chalicelib.knowledge.model import Article as Article
    from chalicelib.knowledge.model import Script as Script
    from chalicelib.knowledge.model import article_from_dict as article_from_dict
    from chalicelib.knowledge.model import script_from_dict as script_from_dict
    from chalicelib.knowledge.ranking import Match as Match
    from chalicelib.knowledge.ranking import rank as rank
    from chalicelib.knowledge.store import article_records as article_records
    from chalicelib.knowledge.store import article_view as article_view
    from chalicelib.knowledge.store import articles as articles
    from chalicelib.knowledge.store import delete_article as delete_article
    from chalicelib.knowledge.store import get_article as get_article
    from chalicelib.knowledge.store import get_article_record as get_article_record
    from chalicelib.knowledge.store import get_script_record as get_script_record
    from chalicelib.knowledge.store import put_article as put_article
    from chalicelib.knowledge.store import put_script as put_script
    from chalicelib.knowledge.store import script_records as script_records
    from chalicelib.knowledge.store import script_view as script_view
    from chalicelib.knowledge.store import search as search


__getattr__ = lazy_exports(__name__)
