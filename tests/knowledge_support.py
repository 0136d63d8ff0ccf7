"""The repository's articles and scripts in the in-process moto tables, seeded once per process.

Seeding writes ~90 items through the real code (``chalicelib.knowledge.seed``); later tests get
a copy of moto's seeded tables instead, the same state in a millisecond.
"""

from __future__ import annotations

import copy
import os
from typing import Any

from chalicelib.knowledge.files import repository_articles, repository_scripts
from chalicelib.knowledge.seed import seed
from chalicelib.tables.base import physical_table_name
from chalicelib.tables.knowledge import KnowledgeRecord

_seeded: dict[str, Any] = {}


def seed_repository_knowledge() -> None:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    region = os.environ.get("AWS_REGION", "us-east-1")
    names = (physical_table_name(KnowledgeRecord.Meta.logical_name),)
    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][region]
    if not _seeded:
        seed(repository_articles(), repository_scripts())
        _seeded.update({name: copy.deepcopy(backend.tables[name]) for name in names})
    backend.tables.update(copy.deepcopy(_seeded))
