"""Reading flow files as people have them: a bare Flow-language document, or a console /
DescribeContactFlow export that wraps it (``{"Content": "<json string>"}``, ``{"ContactFlow":
{...}}``, ``{"ContactFlowModule": {...}}``).

    document = read_flow_file(Path("exported.json"))
    document.content["StartAction"], document.names   # the flow, and the names it is known by
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class FlowFileError(Exception):
    """The file is not readable JSON holding a flow."""


@dataclass(frozen=True)
class FlowDocument:
    content: dict[str, Any]
    name: str
    names: frozenset[str]  # the file stem, and any Name, Id and Arn its export carries


def unwrap(data: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the Flow-language document, the export wrapper around it or {})."""
    if not isinstance(data, dict):
        raise FlowFileError("a flow file holds a JSON object")
    for key in ("ContactFlow", "ContactFlowModule"):
        if isinstance(data.get(key), dict):
            return unwrap(data[key])
    if "Content" in data:
        content = data["Content"]
        if isinstance(content, str):
            try:
                content = json.loads(content)
            except json.JSONDecodeError as exc:
                raise FlowFileError(f"Content is not JSON: {exc}") from exc
        if not isinstance(content, dict) or "Actions" not in content:
            raise FlowFileError("Content holds no Actions")
        return content, data
    if "Actions" in data:
        return data, {}
    raise FlowFileError("no Actions: neither a Flow-language document nor an export with Content")


def read_flow_file(path: Path) -> FlowDocument:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FlowFileError(f"{path}: {exc}") from exc
    content, wrapper = unwrap(data)
    names = {path.stem}
    for key in ("Name", "Id", "Arn"):
        if isinstance(wrapper.get(key), str):
            names.add(wrapper[key])
    return FlowDocument(content, str(wrapper.get("Name") or path.stem), frozenset(names))


def flow_folder(folder: Path) -> list[FlowDocument]:
    """Every readable flow file in ``folder`` (files that are not flows are skipped)."""
    documents = []
    for path in sorted(folder.glob("*.json")):
        try:
            documents.append(read_flow_file(path))
        except FlowFileError:
            continue
    return documents
