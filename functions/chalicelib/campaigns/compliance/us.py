"""United States: calls 08:00-21:00 callee-local (TCPA solicitation hours, FDCPA for collectors).

- Marketing by prerecorded or artificial voice needs the callee's prior express written consent
  (TCPA, 47 CFR 64.1200(a)(2)-(3)).
- Debt collection: at most 7 call attempts in 7 days to a number (Regulation F, 12 CFR 1006.14),
  counted over every collection campaign because the debtor is the same person.
- Florida numbers: 08:00-20:00 and at most 3 calls in 24 h (Florida Telephone Solicitation Act).
  Applied to every purpose and counted over every campaign: the cautious reading.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import TYPE_CHECKING

from chalicelib.campaigns.compliance import default
from chalicelib.campaigns.compliance.rules import ALL_DAYS, CapScope, LocalWindow, RollingCap, Rules

if TYPE_CHECKING:
    from chalicelib.campaigns.compliance.callee import Callee
    from chalicelib.campaigns.definition import Campaign

NAME = "us"
COUNTRY = "US"

_FEDERAL_WINDOW = LocalWindow(time(8), time(21), ALL_DAYS, "US: calls only 08:00-21:00 callee-local")
_FLORIDA_WINDOW = LocalWindow(time(8), time(20), ALL_DAYS, "Florida: calls only 08:00-20:00")
_FLORIDA_CAP = RollingCap(3, timedelta(hours=24), CapScope.NUMBER, "Florida: at most 3 calls in 24 h")
_COLLECTION_CAP = RollingCap(
    7, timedelta(days=7), CapScope.PURPOSE, "US debt collection: at most 7 call attempts in 7 days"
)


def rules(callee: Callee, campaign: Campaign) -> Rules:
    windows = [_FEDERAL_WINDOW]
    caps = []
    if campaign.is_collection:
        caps.append(_COLLECTION_CAP)
    if callee.subdivision == "FL":
        windows.append(_FLORIDA_WINDOW)
        caps.append(_FLORIDA_CAP)
    return default.rules(callee, campaign).adding(
        NAME, tuple(windows), tuple(caps), requires_marketing_consent=campaign.is_marketing
    )
