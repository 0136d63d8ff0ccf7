"""The booking page: one self-contained HTML document (styles and script inlined), served at /book.

Kept as plain files beside this module so they read as HTML, CSS and JavaScript; Chalice packages
``chalicelib`` whole, so they ship with the function.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def render() -> str:
    html = (_HERE / "book.html").read_text(encoding="utf-8")
    css = (_HERE / "book.css").read_text(encoding="utf-8")
    script = (_HERE / "book.js").read_text(encoding="utf-8")
    return html.replace("/*STYLE*/", css).replace("/*SCRIPT*/", script)


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The page's CSP: its own inline script and style (by hash), requests to its own origin only,
    and never inside a frame."""

    def hashes(tag: str) -> str:
        blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", render(), flags=re.DOTALL)
        digests = (base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() for block in blocks)
        return " ".join(f"'sha256-{digest}'" for digest in digests)

    return (
        f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; "
        "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
