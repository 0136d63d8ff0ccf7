"""Outbound campaigns: the definition (YAML / JSON, schemas/campaign.schema.json), the rendered
texts (prompts/ templates filled from audience rows) and the compliance decision before each dial.

The public surface for the loader and the dialler::

    campaign = load_campaign_file(path)            # or parse_campaign(stored_document)
    texts = load_campaign_texts(campaign, prompts_dir)   # at launch; store texts.to_document()
    rendered = render_contact(campaign, texts, row)      # call text, voice, SMS with opt-out line
    decision = dial_decision(Contact(phone), campaign, now, attempts, consent,
                             screening_refusal=None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from chalicelib.campaigns.compliance import (
        ALLOWED,
        CallAttempt,
        ConsentStatus,
        Contact,
        Decision,
        Refusal,
        dial_decision,
    )
    from chalicelib.campaigns.definition import (
        Campaign,
        CampaignInvalid,
        CampaignProblem,
        MenuOption,
        load_campaign_file,
        parse_campaign,
        parse_campaign_yaml,
    )
    from chalicelib.campaigns.schema import CALL_OUTCOMES, MENU_ACTIONS, PURPOSES
    from chalicelib.campaigns.templates import (
        CampaignTexts,
        MissingVariable,
        RenderedContact,
        TemplateError,
        load_campaign_texts,
        render_contact,
    )

#: Public name -> the submodule that defines it, loaded on first use (``chalicelib.lazy_exports``) so
#: that importing one submodule (the API contracts, the audience loader) does not build the
#: compliance packs and dial rules.
_HOME = {
    **dict.fromkeys(
        ("ALLOWED", "CallAttempt", "ConsentStatus", "Contact", "Decision", "Refusal", "dial_decision"),
        "compliance",
    ),
    **dict.fromkeys(
        (
            "Campaign",
            "CampaignInvalid",
            "CampaignProblem",
            "MenuOption",
            "load_campaign_file",
            "parse_campaign",
            "parse_campaign_yaml",
        ),
        "definition",
    ),
    **dict.fromkeys(("CALL_OUTCOMES", "MENU_ACTIONS", "PURPOSES"), "schema"),
    **dict.fromkeys(
        (
            "CampaignTexts",
            "MissingVariable",
            "RenderedContact",
            "TemplateError",
            "load_campaign_texts",
            "render_contact",
        ),
        "templates",
    ),
}


__getattr__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _HOME.items()})

__all__ = [
    "ALLOWED",
    "CALL_OUTCOMES",
    "MENU_ACTIONS",
    "PURPOSES",
    "CallAttempt",
    "Campaign",
    "CampaignInvalid",
    "CampaignProblem",
    "CampaignTexts",
    "ConsentStatus",
    "Contact",
    "Decision",
    "MenuOption",
    "MissingVariable",
    "Refusal",
    "RenderedContact",
    "TemplateError",
    "dial_decision",
    "load_campaign_file",
    "load_campaign_texts",
    "parse_campaign",
    "parse_campaign_yaml",
    "render_contact",
]
