"""The text-to-speech wording flows speak, read from ``prompts/<language>/<key>.txt|ssml`` at synth time.

Flows never keep a copy of the wording: the builders look keys up here, and the validator proves
that every key a flow uses exists in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
LANGUAGES: tuple[str, ...] = ("en-US", "zh-CN")


@dataclass(frozen=True)
class Prompt:
    """One wording in one language; SSML prompts are sent as ``SSML``, plain ones as ``Text``."""

    text: str
    is_ssml: bool = False


class PromptCatalogue:
    """Prompts by language and key, loaded once from a directory tree."""

    def __init__(self, root: Path = PROMPTS_DIR, languages: tuple[str, ...] = LANGUAGES) -> None:
        self.root = root
        self.languages = languages
        self._prompts: dict[str, dict[str, Prompt]] = {language: {} for language in languages}
        for language in languages:
            folder = root / language
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if path.suffix in (".txt", ".ssml") and path.is_file():
                    text = path.read_text(encoding="utf-8").strip()
                    self._prompts[language][path.stem] = Prompt(text, is_ssml=path.suffix == ".ssml")

    def get(self, language: str, key: str) -> Prompt | None:
        return self._prompts.get(language, {}).get(key)

    def missing_languages(self, key: str) -> list[str]:
        """The languages that have no wording for ``key`` (empty when the key is complete)."""
        return [language for language in self.languages if key not in self._prompts[language]]
