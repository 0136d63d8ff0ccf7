"""The console's campaign form checks a definition as the API does: its validator (bundled with
schemas/campaign.schema.json) and jsonschema agree on every example campaign and on broken ones,
and it puts each problem under the field a marketer must fix."""

from __future__ import annotations

import copy
import json
import subprocess
from typing import TYPE_CHECKING, Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from chalicelib.campaigns.schema import CAMPAIGN_SCHEMA
from chalicelib.campaigns.yaml_source import parse_yaml
from local.paths import REPO_ROOT

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

CHECKER = REPO_ROOT / "web" / "src" / "pages" / "campaigns" / "schemaCheck.ts"
EXAMPLES = sorted((REPO_ROOT / "campaigns").glob("*.yaml"))


def _example(name: str = "parcel-arrival") -> dict[str, Any]:
    text = (REPO_ROOT / "campaigns" / f"{name}.yaml").read_text(encoding="utf-8")
    return dict(parse_yaml(text).data)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for part in parents:
            document = document[part]
        document[last] = value

    return change


def _drop(name: str) -> Callable[[dict[str, Any]], None]:
    return lambda document: document.pop(name)


#: (what is broken, the change, the field the console must name)
BROKEN = [
    ("a clock time people write", _set("calling_window.start", "9 am"), "calling_window.start"),
    ("an unknown field", _set("pacing.speed", 3), "pacing.speed"),
    ("a transfer without a queue", _set("menu.3", {"action": "transfer"}), "menu.3.queue"),
    ("no language", _set("languages", {}), "languages"),
    ("a language tag", _set("languages.english", {"voice": "Joanna"}), "languages.english"),
    ("no calls per second", _set("pacing.calls_per_second", 0), "pacing.calls_per_second"),
    ("a day twice", _set("calling_window.days", ["mon", "mon"]), "calling_window.days"),
    ("a holiday that is no date", _set("restricted_dates", [{"name": "x"}]), "restricted_dates.0"),
    ("an unknown menu action", _set("menu.2.action", "maybe"), "menu.2.action"),
    ("no schedule", _drop("schedule"), "schedule"),
    ("an integer as text", _set("retries.max_attempts", "3"), "retries.max_attempts"),
]


@pytest.fixture(scope="module")
def console_check(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[list[dict[str, Any]]], list[list[dict[str, str]]]]:
    """The console's ``check`` as Node runs it from the bundle esbuild makes of it."""
    out: Path = tmp_path_factory.mktemp("console") / "check.cjs"
    subprocess.run(
        [
            str(REPO_ROOT / "node_modules" / ".bin" / "esbuild"),
            str(CHECKER),
            "--bundle",
            "--platform=node",
            "--format=cjs",
            f"--outfile={out}",
            "--log-level=warning",
        ],
        check=True,
        timeout=60,
    )

    def check(documents: list[dict[str, Any]]) -> list[list[dict[str, str]]]:
        script = (
            f"const {{ check }} = require({json.dumps(str(out))});"
            "let input = ''; process.stdin.on('data', (c) => (input += c));"
            "process.stdin.on('end', () => console.log(JSON.stringify(JSON.parse(input).map((d) => check(d)))));"
        )
        done = subprocess.run(
            ["node", "-e", script],
            input=json.dumps(documents),
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return list(json.loads(done.stdout))

    return check


def test_the_console_bundles_the_published_schema_itself() -> None:
    assert 'from "../../../../schemas/campaign.schema.json"' in CHECKER.read_text(encoding="utf-8")


def test_every_example_campaign_is_valid_in_the_console_as_in_jsonschema(console_check: Any) -> None:
    documents = [dict(parse_yaml(path.read_text(encoding="utf-8")).data) for path in EXAMPLES]
    validator = jsonschema.Draft202012Validator(CAMPAIGN_SCHEMA)
    assert all(validator.is_valid(document) for document in documents)
    assert console_check(documents) == [[] for _ in documents]


def test_a_broken_definition_is_refused_by_both_under_the_field_to_fix(console_check: Any) -> None:
    validator = jsonschema.Draft202012Validator(CAMPAIGN_SCHEMA)
    documents = []
    for _, change, _ in BROKEN:
        document = copy.deepcopy(_example())
        change(document)
        assert not validator.is_valid(document)
        documents.append(document)
    for (what, _, field), problems in zip(BROKEN, console_check(documents), strict=True):
        assert problems, f"the console accepts {what}"
        assert field in {problem["path"] for problem in problems}, (what, problems)
