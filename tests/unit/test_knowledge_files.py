"""The repository's knowledge files: every article and script parses, in both languages."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest

from chalicelib.errors import InvalidInput
from chalicelib.knowledge.files import read_article, repository_articles, repository_scripts
from chalicelib.knowledge.model import LANGUAGES, SCRIPT_STAGES, article_from_dict

if TYPE_CHECKING:
    from pathlib import Path


def test_every_article_exists_in_both_languages_with_at_least_25_published() -> None:
    articles = repository_articles()
    ids = {language: {a.article_id for a in articles if a.language == language} for language in LANGUAGES}
    assert ids["zh-CN"] == ids["en-US"]
    published = Counter(a.language for a in articles if a.published)
    assert min(published.values()) >= 25
    for article in articles:
        assert article.keywords and article.questions, article.article_id


def test_translations_agree_on_category_and_flags() -> None:
    by_key = {(a.article_id, a.language): a for a in repository_articles()}
    for (article_id, language), article in by_key.items():
        other = by_key[(article_id, "en-US" if language == "zh-CN" else "zh-CN")]
        assert (article.category, article.published, article.announcement) == (
            other.category,
            other.published,
            other.announcement,
        ), article_id


def test_every_script_has_every_stage_in_both_languages() -> None:
    scripts = repository_scripts()
    categories = {script.category for script in scripts}
    assert {"billing", "order", "fault", "account", "complaint", "cancellation", "emergency"} <= categories
    for category in categories:
        for language in LANGUAGES:
            (script,) = [s for s in scripts if s.category == category and s.language == language]
            assert list(script.stages) == list(SCRIPT_STAGES)


def test_an_article_file_with_a_bad_category_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles" / "en-US"
    folder.mkdir(parents=True)
    path = folder / "billing-x.md"
    path.write_text("---\ncategory: gifts\ntitle: X\nanswer: Y\n---\nbody\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"billing-x\.md: category must be one of"):
        read_article(path)
    path.write_text("no front matter", encoding="utf-8")
    with pytest.raises(InvalidInput, match="front matter"):
        read_article(path)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"id": "Billing Copy"}, "invalid_article_id"),
        ({"language": "fr-FR"}, "invalid_language"),
        ({"title": "  "}, "invalid_title"),
        ({"answer": "x" * 601}, "invalid_answer"),
    ],
)
def test_an_article_that_breaks_a_rule_is_refused_with_its_code(change: dict[str, str], code: str) -> None:
    valid = {"id": "billing-x", "language": "en-US", "category": "billing", "title": "T", "answer": "A"}
    article_from_dict(valid)
    with pytest.raises(InvalidInput) as refused:
        article_from_dict({**valid, **change})
    assert refused.value.code == code
