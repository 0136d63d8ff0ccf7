"""The booking page: one self-contained HTML document (styles and script inlined), served at /book.

Kept as plain files beside this module so they read as HTML, CSS and JavaScript; Chalice packages
``chalicelib`` whole, so they ship with the function.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def render() -> str:
    html = (_HERE / "book.html").read_text(encoding="utf-8")
    css = (_HERE / "book.css").read_text(encoding="utf-8")
    script = (_HERE / "book.js").read_text(encoding="utf-8")
    return html.replace("/*STYLE*/", css).replace("/*SCRIPT*/", script)
