"""China: marketing only with recorded consent; collection calls only 08:00-22:00.

- Commercial (marketing) calls need the recipient's consent, and a refusal ends all further
  marketing at once (Advertising Law art. 43; MIIT rules on harassing calls). Both facts come from
  the shared consent record; the decision turns a refusal into ``opted_out``.
- Collection: no calls between 22:00 and 08:00 (CBIRC guidance on collection conduct).
"""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from chalicelib.campaigns.compliance import default
from chalicelib.campaigns.compliance.rules import ALL_DAYS, LocalWindow, Rules

if TYPE_CHECKING:
    from chalicelib.campaigns.compliance.callee import Callee
    from chalicelib.campaigns.definition import Campaign

NAME = "china"
COUNTRY = "CN"

_COLLECTION_WINDOW = LocalWindow(time(8), time(22), ALL_DAYS, "China: no collection calls 22:00-08:00")


def rules(callee: Callee, campaign: Campaign) -> Rules:
    windows = (_COLLECTION_WINDOW,) if campaign.is_collection else ()
    return default.rules(callee, campaign).adding(
        NAME, windows, requires_marketing_consent=campaign.is_marketing
    )
