"""The repository's knowledge files, read into Articles and Scripts (for seeding and the bot).

``knowledge/articles/<language>/<id>.md`` is one article: YAML front matter between ``---``
lines (category, title, answer, keywords, questions, published, announcement), then the body in
Markdown. ``knowledge/scripts/<category>.yaml`` holds, per language, the text of each stage.
Only the command line, the local stack and the bot generator read these files; the functions
read DynamoDB. PyYAML is imported on first use (it is not packaged for Lambda).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chalicelib.errors import InvalidInput
from chalicelib.knowledge.model import Article, Script, article_from_dict, script_from_dict

KNOWLEDGE_DIR = Path(__file__).resolve().parents[3] / "knowledge"
FRONT_MATTER = "---"


def _yaml(text: str, where: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InvalidInput(f"{where}: not valid YAML: {error}") from None


def read_article(path: Path) -> Article:
    """One article file; its id is the file name, its language the folder's name."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if (
        not lines
        or lines[0].strip() != FRONT_MATTER
        or FRONT_MATTER not in (line.strip() for line in lines[1:])
    ):
        raise InvalidInput(f"{path}: an article starts with front matter between '---' lines")
    end = next(index for index, line in enumerate(lines[1:], start=1) if line.strip() == FRONT_MATTER)
    header = _yaml("\n".join(lines[1:end]), path)
    if not isinstance(header, dict):
        raise InvalidInput(f"{path}: the front matter must be a mapping")
    for derived in ("id", "language", "body"):
        if derived in header:
            raise InvalidInput(
                f"{path}: {derived} comes from the file's name, folder or text, not the front matter"
            )
    try:
        return article_from_dict(
            {
                **header,
                "id": path.stem,
                "language": path.parent.name,
                "body": "\n".join(lines[end + 1 :]).strip(),
            }
        )
    except InvalidInput as error:
        raise InvalidInput(f"{path}: {error.message}", code=error.code) from None


def read_scripts(path: Path) -> list[Script]:
    """The scripts of one category (the file's name), one per language it names."""
    document = _yaml(path.read_text(encoding="utf-8"), path)
    if not isinstance(document, dict):
        raise InvalidInput(f"{path}: a scripts file maps each language to its stages")
    try:
        return [
            script_from_dict({"category": path.stem, "language": language, "stages": stages})
            for language, stages in document.items()
        ]
    except InvalidInput as error:
        raise InvalidInput(f"{path}: {error.message}", code=error.code) from None


def repository_articles(directory: Path = KNOWLEDGE_DIR) -> list[Article]:
    """Every article of the repository, by language then id."""
    return [read_article(path) for path in sorted((directory / "articles").glob("*/*.md"))]


def repository_scripts(directory: Path = KNOWLEDGE_DIR) -> list[Script]:
    return [
        script for path in sorted((directory / "scripts").glob("*.yaml")) for script in read_scripts(path)
    ]
