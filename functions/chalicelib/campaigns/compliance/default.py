"""The default rule pack: only what the campaign itself configures.

Every pack starts from these: the campaign's calling window and its rolling 24-hour cap
(``retries.max_attempts_per_24h``). The per-campaign cap (``retries.max_attempts``) and the retry
delay are applied by the decision for every callee, whatever the pack.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from chalicelib.campaigns.compliance.rules import CapScope, LocalWindow, RollingCap, Rules

if TYPE_CHECKING:
    from chalicelib.campaigns.compliance.callee import Callee
    from chalicelib.campaigns.definition import Campaign

NAME = "default"


def rules(callee: Callee, campaign: Campaign) -> Rules:
    window = campaign.calling_window
    caps: tuple[RollingCap, ...] = ()
    if campaign.retries.max_attempts_per_24h is not None:
        caps = (
            RollingCap(
                campaign.retries.max_attempts_per_24h,
                timedelta(hours=24),
                CapScope.CAMPAIGN,
                f"campaign: at most {campaign.retries.max_attempts_per_24h} calls in 24 h",
            ),
        )
    return Rules(
        pack=NAME,
        windows=(LocalWindow(window.start, window.end, window.days, "campaign calling window"),),
        caps=caps,
    )
