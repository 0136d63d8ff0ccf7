"""Read a campaign YAML file into plain data, remembering the line of every value.

Marketers write these files by hand, so errors must point at a line. Two YAML 1.1 surprises are
switched off: ``9:00`` is not the integer 540 and ``2025-06-01`` stays a string (the schema checks
it). Integer keys (``1:`` in a menu) become strings. Duplicate keys are an error, not "last wins".
PyYAML is imported on first use: only the command line and launch read YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem:
    line: int | None
    path: Path
    message: str


@dataclass
class YamlDocument:
    """The parsed data and, per path (``("menu", "1", "action")``), the 1-based line it is on."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """Line of the value at ``path``, or of its nearest ancestor present in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


_DECIMAL_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


def _loader_class() -> type:
    import yaml

    class CampaignLoader(yaml.SafeLoader):
        pass

    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [
            (tag, regexp)
            for tag, regexp in entries
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")
        ]
        if kept:
            resolvers[first] = kept
    CampaignLoader.yaml_implicit_resolvers = resolvers
    CampaignLoader.add_implicit_resolver("tag:yaml.org,2002:int", _DECIMAL_INT, list("-+0123456789"))
    return CampaignLoader


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document. Syntax errors come back as problems with their line, not raised."""
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(data=None)
        document = YamlDocument(data=None)
        document.data = _build(loader, node, (), document)
        return document
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = "; ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
        return YamlDocument(data=None, problems=[YamlProblem(line, (), f"YAML syntax: {message}")])
    except yaml.YAMLError as exc:
        return YamlDocument(data=None, problems=[YamlProblem(None, (), f"YAML: {exc}")])
    finally:
        loader.dispose()


def _build(loader: Any, node: Any, path: Path, document: YamlDocument, line: int | None = None) -> Any:
    """Construct the value of ``node``; a mapping entry is located at its key's line."""
    import yaml

    document.lines[path] = line if line is not None else node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves "<<" merge keys
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str) else str(key)
            key_line = key_node.start_mark.line + 1
            if key in result:
                document.problems.append(YamlProblem(key_line, (*path, key), f"duplicate key {key!r}"))
            result[key] = _build(loader, value_node, (*path, key), document, key_line)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, index), document) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
