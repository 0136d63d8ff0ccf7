"""Settings the functions read from their environment, and what a missing one does.

CDK sets every variable on every function (``infra/functions_stack.py``); the local stack and the
tests set local values (``local.environment.LOCAL_SETTINGS``). The domain keeps no local
fallback: a deployed function missing a variable fails on first use with the variable's name,
instead of quietly writing to a local table or scheduling a local function.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

BUSINESS_TIME_ZONE_ENV = "BUSINESS_TIME_ZONE"
#: The centre's days and opening hours are in this zone when the stage names none (the one default:
#: callbacks, KPI days and the stage's hours of operation all read it).
DEFAULT_BUSINESS_TIME_ZONE = "Asia/Shanghai"


class MissingSetting(RuntimeError):
    """A variable the stack sets on every function is not set: the function cannot run."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} is not set: CDK sets it on every function (infra/functions_stack.py); "
            "local runs set it from local/environment.py"
        )
        self.name = name


def required(name: str, env: Mapping[str, str] | None = None) -> str:
    """The value of ``name``; raises ``MissingSetting`` naming it when unset or empty."""
    value = (os.environ if env is None else env).get(name)
    if not value:
        raise MissingSetting(name)
    return value


def business_time_zone_name(env: Mapping[str, str] | None = None) -> str:
    """The IANA name of the centre's time zone (``BUSINESS_TIME_ZONE``)."""
    return (os.environ if env is None else env).get(BUSINESS_TIME_ZONE_ENV) or DEFAULT_BUSINESS_TIME_ZONE
