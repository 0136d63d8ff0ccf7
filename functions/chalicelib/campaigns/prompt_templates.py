"""The campaign templates the stage knows: its ``prompts/<language>/campaign-<name>.txt`` messages
(with their ``-sms`` texts), offered to marketers as starting points, and the texts a campaign
created without them is given (the console sends a definition only; callctl sends the texts it
read from its checkout).

The prompts are the deployed copy (``chalicelib.prompts.SEARCH_PATH``): the one source of wording.

    campaign_templates()   # [{"name": "parcel-arrival", "languages": [...], "columns": [...], ...}]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.campaigns.templates import (
    SMS_OPT_OUT_PROMPT,
    TemplateError,
    load_campaign_texts,
    read_prompt,
    template_variables,
)

if TYPE_CHECKING:
    from pathlib import Path

    from chalicelib.campaigns.definition import Campaign
    from chalicelib.campaigns.templates import CampaignTexts

PREFIX = "campaign-"
SMS_SUFFIX = "-sms"
MENU_PROMPT = "campaign-menu-prompt"
#: Prompt files under the prefix that are not a campaign's message.
_NOT_MESSAGES = frozenset({MENU_PROMPT, SMS_OPT_OUT_PROMPT})


def prompts_dir() -> Path:
    """Where this deployment's prompts are (the packaged copy, else the repository's)."""
    from chalicelib.prompts import SEARCH_PATH

    for root in SEARCH_PATH:
        if root.is_dir():
            return root
    raise TemplateError("no prompts/ folder is packaged with the functions")


def campaign_templates(root: Path | None = None) -> list[dict[str, Any]]:
    """Every campaign message in prompts/, with its languages, SMS and the columns it fills."""
    root = root or prompts_dir()
    by_name: dict[str, dict[str, str]] = {}
    for path in sorted(root.glob(f"*/{PREFIX}*.txt")):
        name = path.stem
        if name in _NOT_MESSAGES or name.endswith(SMS_SUFFIX):
            continue
        by_name.setdefault(name, {})[path.parent.name] = read_prompt(root, path.parent.name, name)
    templates = []
    for name, texts in sorted(by_name.items()):
        sms_name = name + SMS_SUFFIX
        sms = {
            code: read_prompt(root, code, sms_name)
            for code in texts
            if (root / code / f"{sms_name}.txt").is_file()
        }
        columns: set[str] = set()
        for text in [*texts.values(), *sms.values()]:
            columns |= template_variables(text, template=name)
        templates.append(
            {
                "name": name.removeprefix(PREFIX),
                "message_template": name,
                "sms_template": sms_name if sms else None,
                "languages": sorted(texts),
                "columns": sorted(columns),
                "message": texts,
                "sms": sms,
            }
        )
    return templates


def texts_from_prompts(campaign: Campaign) -> tuple[CampaignTexts, dict[str, str]]:
    """The campaign's texts and menu prompts as this deployment's prompts/ words them."""
    root = prompts_dir()
    texts = load_campaign_texts(campaign, root)
    menu_prompts = {
        code: read_prompt(root, code, MENU_PROMPT)
        for code in campaign.languages
        if (root / code / f"{MENU_PROMPT}.txt").is_file()
    }
    return texts, menu_prompts
