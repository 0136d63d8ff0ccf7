"""The SMS texts the functions send come from prompts/, exist in every language, and take the same
placeholders in each (a missing {placeholder} in one language would fail only when that SMS is sent)."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest

from chalicelib.callbacks import messages
from chalicelib.prompts import LANGUAGES, REPOSITORY_DIR, MissingPrompt, sms_text, template
from chalicelib.quality import survey_invitations

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"
_LITERAL_USE = re.compile(r"""sms_text\(\s*["']([^"']+)["']""")


def sms_prompts_the_functions_send() -> set[str]:
    """Every prompt name the code sends: the declared ones, and any written as a literal argument."""
    literals = {
        name
        for path in FUNCTIONS_DIR.rglob("*.py")
        for name in _LITERAL_USE.findall(path.read_text(encoding="utf-8"))
    }
    return {*messages.PROMPTS.values(), survey_invitations.SURVEY_PROMPT, *literals}


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field is not None}


def test_every_sms_the_functions_send_exists_in_every_language_with_the_same_placeholders() -> None:
    names = sms_prompts_the_functions_send()
    assert {"callback_sms_booked", "survey_sms_question"} <= names
    for name in sorted(names):
        wording = {language: template(name, language, (REPOSITORY_DIR,)) for language in LANGUAGES}
        assert all(wording.values()), f"{name} is empty in some language"
        placeholders = {language: _placeholders(text) for language, text in wording.items()}
        assert len(set(map(frozenset, placeholders.values()))) == 1, f"{name}: {placeholders}"


def test_callback_texts_are_filled_from_prompts_in_the_callers_language() -> None:
    chinese = messages.text("moved", "zh-CN", when="6月3日 10:00", reference="CB-7Q2")
    assert chinese == "您的回电已改到 6月3日 10:00。预约号 CB-7Q2。"
    code = messages.text("code", "en-US", code="482913", minutes=10)
    assert code.startswith("Your callback booking code is 482913. It expires in 10 minutes.")


def test_an_unknown_language_gets_the_english_text() -> None:
    assert sms_text(survey_invitations.SURVEY_PROMPT, "fr-FR") == sms_text(
        survey_invitations.SURVEY_PROMPT, "en-US"
    )
    assert "Reply with a number" in sms_text(survey_invitations.SURVEY_PROMPT, None)


def test_the_packaged_copy_answers_before_the_repository(tmp_path: Path) -> None:
    packaged, repository = tmp_path / "packaged", tmp_path / "repository"
    for root, wording in ((packaged, "packaged {code}"), (repository, "repository {code}")):
        (root / "en-US").mkdir(parents=True)
        (root / "en-US" / "greeting.txt").write_text(wording + "\n", encoding="utf-8")
    assert template("greeting", "en-US", (packaged, repository)) == "packaged {code}"
    assert template("greeting", "en-US", (tmp_path / "absent", repository)) == "repository {code}"


def test_a_missing_prompt_names_the_file_it_looked_for(tmp_path: Path) -> None:
    with pytest.raises(MissingPrompt, match=r"prompts/zh-CN/callback_sms_nowhere\.txt"):
        template("callback_sms_nowhere", "zh-CN", (tmp_path,))
