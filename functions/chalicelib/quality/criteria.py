"""The centre's quality review criteria (``criteria.json`` beside this module) and the score a
set of ratings earns.

The file is the one place a centre changes what supervisors score calls on: each criterion has a
weight and a number of points (rated 0..points). It is JSON, not YAML, because it travels in the
Lambda package (which carries no YAML parser), and ``criteria.schema.json`` validates it; a file
that does not follow the schema, or repeats an id, fails loudly when first read (and in the tests).

    score = round(100 * sum(weight * rating / points) / sum(weight))
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.errors import InvalidInput

HERE = Path(__file__).parent
CRITERIA_FILE = HERE / "criteria.json"
SCHEMA_FILE = HERE / "criteria.schema.json"


class CriteriaFileInvalid(Exception):
    """``criteria.json`` does not follow its schema or names a criterion twice."""


def check(document: Any) -> list[str]:
    """Every problem of a criteria document (empty when it is valid)."""
    import jsonschema  # type: ignore[import-untyped]

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    problems = [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    ]
    if not problems:
        ids = [criterion["id"] for criterion in document["criteria"]]
        problems += [
            f"criteria: id {name!r} is used twice" for name in sorted({i for i in ids if ids.count(i) > 1})
        ]
    return problems


@lru_cache(maxsize=1)
def load(path: Path = CRITERIA_FILE) -> dict[str, Any]:
    """The criteria document, validated."""
    document = json.loads(path.read_text(encoding="utf-8"))
    problems = check(document)
    if problems:
        raise CriteriaFileInvalid(f"{path.name}: " + "; ".join(problems))
    return dict(document)


def score(ratings: Any, document: dict[str, Any] | None = None) -> int:
    """The 0-100 score of one rating per criterion; 400 for a missing, unknown or out-of-range one.

    >>> doc = {"criteria": [{"id": "a", "weight": 3, "points": 4}, {"id": "b", "weight": 1, "points": 2}]}
    >>> score({"a": 4, "b": 0}, doc), score({"a": 2, "b": 2}, doc), score({"a": 0, "b": 0}, doc)
    (75, 62, 0)
    """
    criteria = (document or load())["criteria"]
    if not isinstance(ratings, dict):
        raise InvalidInput("ratings must be an object: criterion id -> points")
    known = {criterion["id"] for criterion in criteria}
    unknown = sorted(set(ratings) - known)
    if unknown:
        raise InvalidInput(f"unknown criteria: {', '.join(unknown)}")
    missing = [criterion["id"] for criterion in criteria if criterion["id"] not in ratings]
    if missing:
        raise InvalidInput(f"rate every criterion; missing: {', '.join(missing)}")
    earned: float = 0.0
    for criterion in criteria:
        value = ratings[criterion["id"]]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion["points"]:
            raise InvalidInput(f"{criterion['id']} must be a whole number from 0 to {criterion['points']}")
        earned += criterion["weight"] * value / criterion["points"]
    total = float(sum(criterion["weight"] for criterion in criteria))
    return round(100 * earned / total)


#: Where the repository publishes the schema beside the others (``schemas/``); kept current by
#: ``python -m chalicelib.quality.criteria`` and a test.
PUBLISHED_SCHEMA = Path("schemas") / "qa-criteria.schema.json"

if __name__ == "__main__":
    PUBLISHED_SCHEMA.write_text(SCHEMA_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"wrote {PUBLISHED_SCHEMA}")
