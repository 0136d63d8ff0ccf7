"""Put the repository's articles and scripts into the table without undoing people's edits.

An item still as the seed wrote it (``updated_by == "seed"``) follows the repository; one a
supervisor has changed is kept and reported. The write is conditional on that, so a seed racing
an edit cannot overwrite it. Running it twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chalicelib.knowledge.store import article_of, record_of, script_of, script_record_of
from chalicelib.tables import writes
from chalicelib.tables.knowledge import KnowledgeRecord

if TYPE_CHECKING:
    from collections.abc import Iterable

    from chalicelib.knowledge.model import Article, Script

SEED_ACTOR = "seed"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "keptEdited": self.kept_edited,
        }


def _current(record: KnowledgeRecord) -> KnowledgeRecord | None:
    try:
        return KnowledgeRecord.get(record.item_key, record.language, consistent_read=True)
    except KnowledgeRecord.DoesNotExist:
        return None


def _save_unless_edited(record: KnowledgeRecord) -> bool:
    """Write ``record`` if its item is absent or still the seed's; False if a person edited it."""
    condition = KnowledgeRecord.updated_by.does_not_exist() | (KnowledgeRecord.updated_by == SEED_ACTOR)
    return writes.save_if(record, condition)


def seed(articles: Iterable[Article], scripts: Iterable[Script]) -> SeedReport:
    report = SeedReport()
    for article in articles:
        record = record_of(article, SEED_ACTOR)
        current = _current(record)
        same = current is not None and article_of(current) == article
        _place(report, f"article {article.article_id} ({article.language})", current, same, record)
    for script in scripts:
        record = script_record_of(script, SEED_ACTOR)
        current = _current(record)
        same = current is not None and script_of(current) == script
        _place(report, f"script {script.category} ({script.language})", current, same, record)
    return report


def _place(
    report: SeedReport, name: str, current: KnowledgeRecord | None, same: bool, record: KnowledgeRecord
) -> None:
    if current is not None and current.updated_by != SEED_ACTOR:
        report.kept_edited.append(name)
    elif same:
        report.unchanged.append(name)
    elif _save_unless_edited(record):
        (report.created if current is None else report.updated).append(name)
    else:
        report.kept_edited.append(name)
