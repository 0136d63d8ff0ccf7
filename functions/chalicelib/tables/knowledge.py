"""Knowledge articles and call scripts, in one table: what agents read, the help centre searches
and the assistant answers from. Seeded from ``knowledge/`` in the repository, then maintained by
supervisors.

One table rather than two: every table costs each function an environment variable, and
Lambda's 4 KB of environment is nearly spent. Items are keyed ``article#<id>`` or
``script#<category>`` with the language as sort key; ``shelf`` (``article#zh-CN``) lists one kind
in one language.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.tables.base import TableModel

ARTICLE = "article"
SCRIPT = "script"


def item_key(kind: str, name: str) -> str:
    """``article#billing-invoice-copy``, ``script#billing``."""
    return f"{kind}#{name}"


def shelf(kind: str, language: str) -> str:
    """``article#zh-CN``: every item of one kind in one language."""
    return f"{kind}#{language}"


class KnowledgeByShelf(GlobalSecondaryIndex["KnowledgeRecord"]):
    """Every article (or script) of one language: what a search ranks (a few hundred at most)."""

    class Meta:
        index_name = "by-shelf"
        projection = AllProjection()

    shelf = UnicodeAttribute(hash_key=True)
    item_key = UnicodeAttribute(range_key=True)


class KnowledgeRecord(TableModel):
    """One article, or one category's script, in one language (``zh-CN`` / ``en-US``)."""

    class Meta:
        logical_name = "knowledge"

    item_key = UnicodeAttribute(hash_key=True)
    language = UnicodeAttribute(range_key=True)
    shelf = UnicodeAttribute()
    category = UnicodeAttribute()
    # --- articles: translations share the id
    title = UnicodeAttribute(default="")
    #: the short answer the assistant gives and the help centre shows first
    answer = UnicodeAttribute(default="")
    body = UnicodeAttribute(default="")
    keywords = ListAttribute(of=UnicodeAttribute, default=list)
    #: how customers ask for it: the assistant's sample utterances and extra search text
    questions = ListAttribute(of=UnicodeAttribute, default=list)
    published = BooleanAttribute(default=False)
    announcement = BooleanAttribute(default=False)
    # --- scripts: stage (greeting, verification, resolution, closing) -> text
    stages = MapAttribute[str, object](default=dict)
    #: ``seed`` while the item is as the repository has it; a person's id once edited
    updated_by = UnicodeAttribute(default="seed")
    updated_at = UTCDateTimeAttribute()

    by_shelf = KnowledgeByShelf()
