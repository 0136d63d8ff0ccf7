"""Reads a flow file: the bare Flow-language document, or an export that wraps it in ``Content``.

Accepted shapes (botocore ``connect``: DescribeContactFlow returns ``{"ContactFlow": {..., "Type",
"Content"}}``, DescribeContactFlowModule ``{"ContactFlowModule": {..., "Content"}}``, and
``Content`` is "the JSON string that represents the content of the flow"):

- ``{"Version": "2019-10-30", "StartAction": ..., "Actions": [...]}`` (bare);
- ``{"ContactFlow": {"Name": ..., "Type": ..., "Content": "<JSON string>"}}``;
- ``{"ContactFlowModule": {"Name": ..., "Content": "<JSON string>"}}``;
- ``{"Name": ..., "Type": ..., "Content": "<JSON string>"}`` (the ContactFlow object alone).

``load_flow_document`` is shared by ``callctl flow validate`` and ``callctl flow run``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class FlowFileError(ValueError):
    """The file cannot be read as a flow: missing, not JSON, or its Content is not JSON."""


@dataclass(frozen=True)
class FlowDocument:
    """A flow's Flow-language content, and what the wrapper (if any) said about it."""

    content: Any
    #: Length of the Content string: the wrapped string as exported, else the document as compact JSON.
    content_length: int
    wrapped: bool = False
    name: str | None = None
    #: The export's ``Type`` (``CONTACT_FLOW`` ...), ``FLOW_MODULE`` for a module export, else None.
    flow_type: str | None = None


def parse_flow_document(text: str) -> FlowDocument:
    """The flow in ``text`` (bare or wrapped); ``FlowFileError`` when it is not readable JSON."""
    try:
        outer = json.loads(text)
    except json.JSONDecodeError as error:
        raise FlowFileError(f"not JSON: {error}") from error
    wrapper, flow_type = _wrapper(outer)
    if wrapper is None:
        return FlowDocument(outer, _compact_length(outer))
    content = wrapper["Content"]
    if isinstance(content, str):
        try:
            inner = json.loads(content)
        except json.JSONDecodeError as error:
            raise FlowFileError(f"Content is not a JSON string: {error}") from error
        length = len(content)
    else:
        inner, length = content, _compact_length(content)
    name = wrapper.get("Name")
    return FlowDocument(
        inner,
        length,
        wrapped=True,
        name=name if isinstance(name, str) else None,
        flow_type=flow_type or (wrapper.get("Type") if isinstance(wrapper.get("Type"), str) else None),
    )


def load_flow_document(path: str | Path) -> FlowDocument:
    """``parse_flow_document`` of a file; ``FlowFileError`` when it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowFileError(f"cannot read {path}: {error}") from error
    return parse_flow_document(text)


def _compact_length(content: Any) -> int:
    return len(json.dumps(content, separators=(",", ":"), ensure_ascii=False))


def _wrapper(outer: Any) -> tuple[dict[str, Any] | None, str | None]:
    if not isinstance(outer, dict):
        return None, None
    for key, flow_type in (("ContactFlow", None), ("ContactFlowModule", "FLOW_MODULE")):
        inner = outer.get(key)
        if isinstance(inner, dict) and "Content" in inner:
            return inner, flow_type
    if "Content" in outer and "Actions" not in outer:
        return outer, None
    return None, None
