"""The local values of the functions' settings, and environment variables set for a block: how
the local stack points the functions' clients and settings at simulators (boto3 and
``chalicelib`` read ``os.environ``), then puts them back.

CDK sets every setting on the deployed functions; ``chalicelib`` keeps no fallback for the ones
that name resources (``chalicelib.settings``). Everything that runs the functions here (the
local stack, the benchmarks, the tests) starts with ``use_local_settings()``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

#: What the local stack names its resources: ``<prefix><logical name>``.
LOCAL_PREFIX = "contact-centre-local-"
#: moto's placeholder account, in the local ARNs.
_LOCAL_ACCOUNT = "123456789012"
_LOCAL_REGION = "us-east-1"


def local_settings() -> dict[str, str]:
    """The settings CDK would set, with the local stack's names: the tables' name prefix, and the
    targets of the callbacks' one-time schedules (the local runner delivers them by name)."""
    from chalicelib.tables.base import TABLE_NAME_PREFIX_ENV
    from infra.wiring import SCHEDULED_FUNCTIONS

    values = {TABLE_NAME_PREFIX_ENV: LOCAL_PREFIX}
    for function_name, env_var in SCHEDULED_FUNCTIONS.items():
        values[env_var] = (
            f"arn:aws:lambda:{_LOCAL_REGION}:{_LOCAL_ACCOUNT}:function:{LOCAL_PREFIX}{function_name}"
        )
    values["SCHEDULER_ROLE_ARN"] = f"arn:aws:iam::{_LOCAL_ACCOUNT}:role/{LOCAL_PREFIX}scheduler"
    values["STAGE"] = "local"  # the Stage dimension of the metrics
    return values


def use_local_settings() -> None:
    """Set every local setting not set already (a value exported before wins)."""
    for key, value in local_settings().items():
        os.environ.setdefault(key, value)


@contextmanager
def temporary_environment(values: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` for the block; afterwards each of those keys is as it was
    (unset again if it was unset). Other variables are left alone.

        with temporary_environment({"AWS_ENDPOINT_URL_CONNECT": server.endpoint}):
            telephony.forget_client()   # clients made before still point at the old endpoint
            ...
    """
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
