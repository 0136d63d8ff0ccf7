"""Rendering what each recipient hears and reads, from prompts/ and the audience row."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pytest

from chalicelib.campaigns.definition import load_campaign_file
from chalicelib.campaigns.templates import (
    CampaignTexts,
    MissingVariable,
    TemplateError,
    UnsupportedLanguage,
    load_campaign_texts,
    render_contact,
    render_template,
    sms_segments,
    template_problems,
    template_variables,
)
from tests.unit.campaign_builders import CAMPAIGNS_DIR, PROMPTS_DIR, campaign

if TYPE_CHECKING:
    from pathlib import Path

PARCEL_ROW = {
    "phone": "+12125550101",
    "language": "en-US",
    "name": "Alex Morgan",
    "locker": "A-17",
    "pickup_code": "482913",
    "deadline": "Friday 6 pm",
}


def parcel():
    subject = load_campaign_file(CAMPAIGNS_DIR / "parcel-arrival.yaml")
    return subject, load_campaign_texts(subject, PROMPTS_DIR)


@pytest.mark.parametrize("path", sorted(CAMPAIGNS_DIR.glob("*.yaml")), ids=lambda path: path.stem)
def test_every_example_row_renders_in_its_language_with_an_sms_opt_out_line(path: Path) -> None:
    subject = load_campaign_file(path)
    texts = load_campaign_texts(subject, PROMPTS_DIR)
    audience = path.parent / str(subject.audience.file)
    with audience.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert template_problems(subject, PROMPTS_DIR, list(rows[0])) == []
    for row in rows:
        rendered = render_contact(subject, texts, row)
        assert row["name"] in rendered.call_text
        assert rendered.sms_text is not None
        assert rendered.sms_text.endswith(
            "Reply STOP to opt out." if rendered.language == "en-US" else "回复退订拒收"
        )


def test_the_parcel_call_says_the_locker_and_the_keys() -> None:
    subject, texts = parcel()
    rendered = render_contact(subject, texts, PARCEL_ROW)
    assert (rendered.language, rendered.voice) == ("en-US", "Joanna")
    assert "locker A-17" in rendered.call_text
    assert "If you cannot collect it, press 1" in rendered.call_text
    assert "press 3" in rendered.call_text


def test_a_chinese_row_is_spoken_by_the_chinese_voice() -> None:
    subject, texts = parcel()
    row = {**PARCEL_ROW, "language": "zh_cn", "name": "王小明"}
    rendered = render_contact(subject, texts, row)
    assert (rendered.language, rendered.voice) == ("zh-CN", "Zhiyu")
    assert rendered.call_text.startswith("王小明您好")
    assert rendered.sms_text is not None and rendered.sms_text.startswith("【示例快递】")


def test_a_row_without_language_gets_the_default_and_a_bare_primary_tag_is_understood() -> None:
    subject, texts = parcel()
    assert render_contact(subject, texts, {**PARCEL_ROW, "language": ""}).language == "en-US"
    assert render_contact(subject, texts, {**PARCEL_ROW, "language": "zh"}).language == "zh-CN"


def test_a_language_the_campaign_does_not_speak_is_a_clear_error() -> None:
    subject, texts = parcel()
    with pytest.raises(UnsupportedLanguage, match="'fr-FR' is not one this campaign speaks"):
        render_contact(subject, texts, {**PARCEL_ROW, "language": "fr-FR"})


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_or_blank_column_names_the_variable(value: str | None) -> None:
    subject, texts = parcel()
    row = {**PARCEL_ROW, "locker": value}
    with pytest.raises(MissingVariable) as error:
        render_contact(subject, texts, row)
    assert error.value.variable == "locker"
    assert error.value.code == "missing_variable"
    assert "{locker}" in error.value.message


def test_values_are_escaped_in_ssml_templates_but_not_in_plain_text() -> None:
    assert render_template("<speak>Hi {name}</speak>", {"name": "Tom & Jerry"}, template="t") == (
        "<speak>Hi Tom &amp; Jerry</speak>"
    )
    assert render_template("Hi {name}", {"name": "Tom & Jerry"}, template="t") == "Hi Tom & Jerry"


def test_literal_braces_are_written_double() -> None:
    assert render_template("{{code}} {name}", {"name": "Ada"}, template="t") == "{code} Ada"


@pytest.mark.parametrize("text", ["Hi {name!r}", "Hi {name:>10}", "Hi {user.name}", "Hi {0}", "Hi {name"])
def test_only_simple_placeholders_are_allowed(text: str) -> None:
    with pytest.raises(TemplateError):
        template_variables(text, template="t")


def test_template_problems_name_missing_prompts_and_columns(tmp_path: Path) -> None:
    (tmp_path / "en-US").mkdir()
    (tmp_path / "en-US" / "campaign-parcel-arrival.txt").write_text(
        "Hi {name}, locker {locker}", encoding="utf-8"
    )
    subject = campaign(languages={"en-US": {"voice": "Joanna"}, "zh-CN": {"voice": "Zhiyu"}})
    problems = [problem.message for problem in template_problems(subject, tmp_path, ["phone", "name"])]
    assert problems == [
        "en-US/campaign-parcel-arrival uses {locker} but the audience has no such column",
        f"no prompt campaign-parcel-arrival for zh-CN: {tmp_path / 'zh-CN' / 'campaign-parcel-arrival.txt'} "
        "does not exist",
    ]


def test_texts_survive_storage_so_a_running_campaign_keeps_its_words() -> None:
    _subject, texts = parcel()
    assert CampaignTexts.from_document(texts.to_document()) == texts


def test_a_campaign_without_sms_renders_no_sms() -> None:
    subject = campaign()
    texts = load_campaign_texts(subject, PROMPTS_DIR)
    assert render_contact(subject, texts, PARCEL_ROW).sms_text is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [("a" * 160, 1), ("a" * 161, 2), ("€" * 80, 1), ("€" * 81, 2), ("取" * 70, 1), ("取" * 71, 2)],
)
def test_sms_parts_follow_gsm_and_unicode_lengths(text: str, parts: int) -> None:
    assert sms_segments(text) == parts
