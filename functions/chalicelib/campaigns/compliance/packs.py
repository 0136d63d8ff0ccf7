"""Which rule pack applies to a callee: chosen by the number's country, shaped by the campaign.

Countries without a pack get the default pack (the campaign's own window and caps). Add a
country by writing a module with ``rules(callee, campaign) -> Rules`` and listing it here.
"""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.campaigns.compliance import china, default, us
from chalicelib.campaigns.compliance.callee import Callee
from chalicelib.campaigns.compliance.rules import Rules
from chalicelib.campaigns.definition import Campaign

RulePack = Callable[[Callee, Campaign], Rules]

PACKS_BY_COUNTRY: dict[str, RulePack] = {
    us.COUNTRY: us.rules,
    china.COUNTRY: china.rules,
}


def rules_for(callee: Callee, campaign: Campaign) -> Rules:
    pack = PACKS_BY_COUNTRY.get(callee.country or "", default.rules)
    return pack(callee, campaign)
