"""The infra tests read templates through the CDK assertions API, not by walking their JSON.

A walk (``template.to_json()["Resources"]``, a filter by ``Type``, a substring of ``json.dumps``)
passes when the property it looks for moved or vanished as long as some text still matches, and
fails with a KeyError that names nothing; ``Template.has_resource_properties`` and ``Match`` name the
closest resource and the property that differs (issue 13, item 7). Parsed, not imported, so the
check loads no CDK.
"""

from __future__ import annotations

import ast
from pathlib import Path

INFRA_TESTS = Path(__file__).resolve().parents[1] / "infra"


def raw_walks(source: str) -> list[int]:
    """Lines of ``source`` that index a template's ``Resources`` or dump a Template to JSON."""
    found: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript):  # raw["Resources"]
            walks = isinstance(node.slice, ast.Constant) and node.slice.value == "Resources"
        elif isinstance(node, ast.Attribute):  # Template.from_stack(stack).to_json()
            walks = node.attr == "to_json"
        else:
            continue
        if walks:
            found.add(node.lineno)
    return sorted(found)


def test_no_infra_test_walks_the_raw_template() -> None:
    modules = sorted(INFRA_TESTS.glob("*.py"))
    assert len(modules) > 20
    walks = {path.name: lines for path in modules if (lines := raw_walks(path.read_text()))}
    assert walks == {}


def test_a_walk_is_recognised() -> None:
    walk = 'document = Template.from_stack(stack).to_json()\nfor resource in raw["Resources"].values():\n    pass\n'
    assert raw_walks(walk) == [1, 2]
    assert raw_walks('template.has_resource_properties("AWS::S3::Bucket", {"Resources": 1})\n') == []
