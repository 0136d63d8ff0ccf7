"""Shared table plumbing: each model reads its physical table name from one environment variable.

Every model's ``Meta`` declares ``table_env`` (the variable CDK sets to the generated table name)
and ``logical_name`` (construct id and local default). Nobody else spells these out.
"""

from __future__ import annotations

import os

LOCAL_TABLE_PREFIX = "contact-centre-local-"


def physical_table_name(env_var: str, logical_name: str) -> str:
    """The physical table name: ``$env_var`` when set (deployed), else the local default."""
    return os.environ.get(env_var) or f"{LOCAL_TABLE_PREFIX}{logical_name}"
