"""The centre's QA criteria file: valid against its schema, published in schemas/, scored right."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.errors import InvalidInput
from chalicelib.quality import criteria

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_criteria_file_is_valid_and_its_weights_make_a_100_point_score() -> None:
    document = criteria.load()
    assert criteria.check(document) == []
    full = {item["id"]: item["points"] for item in document["criteria"]}
    assert criteria.score(full) == 100
    assert criteria.score(dict.fromkeys(full, 0)) == 0


def test_the_published_schema_is_the_one_the_api_validates_with() -> None:
    published = REPO_ROOT / criteria.PUBLISHED_SCHEMA
    assert published.read_text(encoding="utf-8") == criteria.SCHEMA_FILE.read_text(encoding="utf-8"), (
        "schemas/qa-criteria.schema.json is stale: run "
        "PYTHONPATH=functions python -m chalicelib.quality.criteria"
    )


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"points": 0}, "points"),
        ({"id": "Greeting!"}, "id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_broken_criterion_is_named_in_the_problems(change: dict[str, object], complaint: str) -> None:
    document = criteria.load()
    broken = {**document, "criteria": [{**document["criteria"][0], **change}]}
    assert any(complaint in problem for problem in criteria.check(broken))


def test_a_rating_above_a_criterions_points_is_refused() -> None:
    full = {item["id"]: item["points"] for item in criteria.load()["criteria"]}
    with pytest.raises(InvalidInput, match="greeting"):
        criteria.score({**full, "greeting": 9})
