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

# The public names, each from where it lives, loaded on first use (``chalicelib.lazy_exports``)
# so that importing one submodule (the API contracts, the audience loader) does not build the
# compliance packs and dial rules.
if TYPE_CHECKING:
    from chalicelib.campaigns.compliance import ALLOWED as ALLOWED
    from chalicelib.campaigns.compliance import CallAttempt as CallAttempt
    from chalicelib.campaigns.compliance import ConsentStatus as ConsentStatus
    from chalicelib.campaigns.compliance import Contact as Contact
    from chalicelib.campaigns.compliance import Decision as Decision
    from chalicelib.campaigns.compliance import Refusal as Refusal
    from chalicelib.campaigns.compliance import dial_decision as dial_decision
    from chalicelib.campaigns.definition import Campaign as Campaign
    from chalicelib.campaigns.definition import CampaignInvalid as CampaignInvalid
    from chalicelib.campaigns.definition import CampaignProblem as CampaignProblem
    from chalicelib.campaigns.definition import MenuOption as MenuOption
    from chalicelib.campaigns.definition import load_campaign_file as load_campaign_file
    from chalicelib.campaigns.definition import parse_campaign as parse_campaign
    from chalicelib.campaigns.definition import parse_campaign_yaml as parse_campaign_yaml
    from chalicelib.campaigns.schema import CALL_OUTCOMES as CALL_OUTCOMES
    from chalicelib.campaigns.schema import MENU_ACTIONS as MENU_ACTIONS
    from chalicelib.campaigns.schema import PURPOSES as PURPOSES
    from chalicelib.campaigns.templates import CampaignTexts as CampaignTexts
    from chalicelib.campaigns.templates import MissingVariable as MissingVariable
    from chalicelib.campaigns.templates import RenderedContact as RenderedContact
    from chalicelib.campaigns.templates import TemplateError as TemplateError
    from chalicelib.campaigns.templates import load_campaign_texts as load_campaign_texts
    from chalicelib.campaigns.templates import render_contact as render_contact


__getattr__ = lazy_exports(__name__)
