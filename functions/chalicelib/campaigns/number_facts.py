"""What the stores say about numbers before a dial: the screening lists' verdict and the consent
record. The dialler reads them for the contact it is about to call, the audience check (the
console's dry run) for every number of a file; both hand them to ``dial_decision``.

    facts = read_number_facts(campaign, {"+12125550142"}, now)["+12125550142"]
    dial_decision(contact, campaign, now, history, facts.consent,
                  screening_refusal=facts.screening_refusal)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chalicelib.campaigns.compliance import ConsentStatus

if TYPE_CHECKING:
    from collections.abc import Collection
    from datetime import datetime

    from chalicelib.campaigns.definition import Campaign


@dataclass(frozen=True)
class NumberFacts:
    """What the stores say about one number: the screening refusal (None: may dial) and consent."""

    screening_refusal: str | None = None
    consent: ConsentStatus = field(default_factory=ConsentStatus)


def read_number_facts(campaign: Campaign, numbers: Collection[str], now: datetime) -> dict[str, NumberFacts]:
    """The screening verdict and consent of each number: one BatchGetItem per 100 numbers of the
    screening lists, and of the customers (their marketing consent) for a marketing campaign."""
    from chalicelib.screening import Purpose, ScreeningList, active, decide
    from chalicelib.screening.store import read_many
    from chalicelib.tables import CustomerRecord

    purpose = Purpose.OUTBOUND_MARKETING if campaign.is_marketing else Purpose.OUTBOUND_SERVICE
    entries = read_many(numbers)
    consented: dict[str, datetime] = {}
    if campaign.is_marketing and numbers:
        for customer in CustomerRecord.batch_get(sorted(numbers)):
            if customer.consent.marketing_voice:
                consented[customer.phone] = customer.updated_at
    facts = {}
    for number in numbers:
        lists = active(entries.get(number, {}), now)
        verdict, reason = decide(lists, purpose)
        opt_out = lists.get(ScreeningList.OPTOUT)
        facts[number] = NumberFacts(
            screening_refusal=None if verdict.value in ("allow", "warn") else reason.value,
            consent=ConsentStatus(
                marketing_consent_at=consented.get(number),
                opted_out_at=opt_out.added_at if opt_out else None,
            ),
        )
    return facts
