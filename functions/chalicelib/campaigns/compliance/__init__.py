"""Compliance before dialling: rule packs per country (US, China, default) and the dial decision.

The dialler and the loader call ``dial_decision`` for every contact, every time they are about
to dial (not only at load): windows move, caps fill and consent changes while a campaign runs.

>>> decision = dial_decision(Contact("+12125550142"), campaign, now, history, consent)
>>> decision.allowed, decision.reason, decision.next_allowed_at
"""

from chalicelib.campaigns.compliance.callee import FLORIDA_AREA_CODES, Callee, Contact, resolve_callee
from chalicelib.campaigns.compliance.decision import (
    ALLOWED,
    CallAttempt,
    ConsentStatus,
    Decision,
    Refusal,
    dial_decision,
)
from chalicelib.campaigns.compliance.packs import PACKS_BY_COUNTRY, rules_for
from chalicelib.campaigns.compliance.rules import CapScope, LocalWindow, RollingCap, Rules

__all__ = [
    "ALLOWED",
    "FLORIDA_AREA_CODES",
    "PACKS_BY_COUNTRY",
    "CallAttempt",
    "Callee",
    "CapScope",
    "ConsentStatus",
    "Contact",
    "Decision",
    "LocalWindow",
    "Refusal",
    "RollingCap",
    "Rules",
    "dial_decision",
    "resolve_callee",
    "rules_for",
]
