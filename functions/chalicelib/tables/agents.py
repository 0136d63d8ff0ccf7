"""The agent directory: who handles which categories, their Amazon Connect user, their open load.

One table, two kinds of item per agent: the ``profile`` (name, Connect user id, active flag,
``open_tickets`` counter) and one ``skill#<category>`` item per skill. The sparse ``by-skill``
index lists the agents of a category with one Query; their counters come from one BatchGetItem.
Counters change only inside the same transaction as the ticket that moves them.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.tables.base import TableModel

PROFILE = "profile"
SKILL_PREFIX = "skill#"


class AgentsBySkill(GlobalSecondaryIndex["AgentRecord"]):
    class Meta:
        index_name = "by-skill"
        projection = KeysOnlyProjection()

    skill = UnicodeAttribute(hash_key=True)
    agent_id = UnicodeAttribute(range_key=True)


class AgentRecord(TableModel):
    class Meta:
        table_env = "AGENTS_TABLE"
        logical_name = "agents"

    agent_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)  # PROFILE, or SKILL_PREFIX + category
    skill = UnicodeAttribute(null=True)  # set on skill items only (the sparse index key)
    name = UnicodeAttribute(null=True)
    skills = UnicodeSetAttribute(null=True)
    connect_user_id = UnicodeAttribute(null=True)
    active = BooleanAttribute(null=True)
    open_tickets = NumberAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)

    by_skill = AgentsBySkill()
