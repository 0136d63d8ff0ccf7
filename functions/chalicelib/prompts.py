"""The SMS texts the functions send, read from ``prompts/<language>/<name>.txt``: the one copy of
every wording (DESIGN.md rule 1), with ``{placeholders}`` filled per message.

Chalice packages only ``app.py`` and ``chalicelib/``, so CDK copies ``prompts/`` into
``chalicelib/prompts_packaged/`` while it packages (``infra/functions_stack.py``); the deployed
functions read that copy. In the repository (local stack, tests) there is no copy and the texts
come from ``prompts/`` itself. Whichever of the two has the file answers; nothing asks where we run.

    sms_text("callback_sms_moved", "zh-CN", when="6月3日 10:00", reference="CB-7Q2")
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en-US", "zh-CN")
DEFAULT_LANGUAGE = "en-US"
PACKAGED_DIR = Path(__file__).resolve().parent / "prompts_packaged"
REPOSITORY_DIR = Path(__file__).resolve().parents[2] / "prompts"
#: Looked up in order: the packaged copy (deployed), then the repository's prompts/.
SEARCH_PATH: tuple[Path, ...] = (PACKAGED_DIR, REPOSITORY_DIR)


class MissingPrompt(LookupError):
    """A text the code sends has no ``prompts/<language>/<name>.txt``: a packaging or naming bug."""


def language_or_default(language: str | None) -> str:
    """``language`` when we have texts in it, else en-US (a booking page or caller may send anything)."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@cache
def template(name: str, language: str | None, search_path: tuple[Path, ...] = SEARCH_PATH) -> str:
    """The wording of ``prompts/<language>/<name>.txt`` with its placeholders unfilled; read once."""
    relative = Path(language_or_default(language)) / f"{name}.txt"
    for root in search_path:
        try:
            return (root / relative).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            continue  # not packaged here (e.g. the repository): try the next place
    looked_in = ", ".join(str(root) for root in search_path)
    raise MissingPrompt(f"no SMS text prompts/{relative.as_posix()} (looked in {looked_in})")


def sms_text(name: str, language: str | None, **values: object) -> str:
    """The SMS ``name`` in ``language`` (unknown languages get en-US), placeholders filled from ``values``."""
    return template(name, language).format(**values)
