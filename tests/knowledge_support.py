"""The repository's articles and scripts in the in-process moto tables, seeded once per process.

Seeding writes ~90 items through the real code (``chalicelib.knowledge.seed``); later tests get
a copy of moto's seeded tables instead, the same state in a millisecond.
"""

from __future__ import annotations

from chalicelib.knowledge.files import repository_articles, repository_scripts
from chalicelib.knowledge.seed import seed
from chalicelib.tables.base import physical_table_name
from chalicelib.tables.knowledge import KnowledgeRecord

_seeded: list[bytes] = []


def seed_repository_knowledge() -> None:
    from local import moto_tables

    if not _seeded:
        seed(repository_articles(), repository_scripts())
        _seeded.append(moto_tables.kept((physical_table_name(KnowledgeRecord.Meta.logical_name),)))
    moto_tables.put_back(_seeded[0])
