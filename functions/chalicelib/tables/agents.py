"""The agent directory: who handles which categories, their Amazon Connect user, their team and
supervisor, their open load.

One table, two kinds of item per agent: the ``profile`` (name, Connect user id, team, the
supervisor who follows up on their work, active flag, ``open_tickets`` counter) and one
``skill#<category>`` item per skill. The sparse ``by-skill`` index lists the agents of a category
with one Query; their counters come from one BatchGetItem. The sparse ``by-connect-user`` index
finds the agent behind a Connect user id (what contact events name). Counters change only inside
the same transaction as the ticket that moves them.
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


class AgentsByConnectUser(GlobalSecondaryIndex["AgentRecord"]):
    class Meta:
        index_name = "by-connect-user"
        projection = KeysOnlyProjection()

    connect_user_id = UnicodeAttribute(hash_key=True)


class AgentRecord(TableModel):
    class Meta:
        logical_name = "agents"

    agent_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)  # PROFILE, or SKILL_PREFIX + category
    skill = UnicodeAttribute(null=True)  # set on skill items only (the sparse index key)
    name = UnicodeAttribute(null=True)
    skills = UnicodeSetAttribute(null=True)
    connect_user_id = UnicodeAttribute(null=True)  # set on profiles only (the sparse index key)
    team = UnicodeAttribute(null=True)  # the team's key in staff/<stage>.yaml
    team_name = UnicodeAttribute(null=True)
    supervisor = UnicodeAttribute(null=True)  # agent id of who follows up on this agent's work
    active = BooleanAttribute(null=True)
    open_tickets = NumberAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)

    by_skill = AgentsBySkill()
    by_connect_user = AgentsByConnectUser()
