"""Keyword search over articles, for English and Chinese alike: pure, no I/O.

Chinese has no spaces between words and we carry no dictionary, so a run of Chinese characters is
indexed by its overlapping character pairs (``退款进度`` -> 退款, 款进, 进度), which match words
of two characters or more; single characters count too, at half the weight, to catch
a word that is spelled around a different neighbour (``退`` in 退款 and 退货). Latin words are
lower-cased and their common endings trimmed (``charged``, ``charges`` -> ``charg``).

An article matches by the query's terms found in its keywords (weighted most), title, sample
questions, then answer and body, each term weighted by how rare it is among the articles; a
keyword written out whole in the query (``发票``, ``reset password``) adds a bonus. ``coverage``
is the share of the query's weight the best field of each term explained.

    rank("我的发票在哪里下载", articles)[0].article.article_id  # 'billing-invoice-copy'
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from chalicelib.knowledge.model import Article

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Pieces of speech that say nothing about what is asked.
_ENGLISH_STOPWORDS = (
    "a an the i i'm i've me my mine you your we our us it it's its is are was were be been am do does "
    "did doing to of for in on at by with from about into as and or but if so than then there this "
    "that these those can could would should will shall may might must have has had get got how what "
    "when where why which who whom please want wanted need like just some any hi hello thanks thank "
    "there's what's how's where's don't doesn't can't isn't"
)
_CHINESE_STOPWORDS = (
    "我的 你们 我们 怎么 什么 如何 可以 请问 一下 是否 为什么 哪里 这个 那个 能不 不能 了吗 的话 "
    "吗 呢 吧 啊 的 了 我 你 您 是 在 有 和 怎 么 什 请 问 一 个 这 那 们 到 给 还 就 都 也 会 要 想 能 可 以 "
    "哪 里 吗 呀 嘛 把 被 让 下 该 办"
)
ENGLISH_STOPWORDS = frozenset(_ENGLISH_STOPWORDS.split())
CHINESE_STOPWORDS = frozenset(_CHINESE_STOPWORDS.split())
CJK_SINGLE_WEIGHT = 0.5
FIELD_WEIGHTS = {"keywords": 3.0, "title": 2.0, "questions": 1.5, "text": 0.5}
KEYWORD_PHRASE_BONUS = 1.5


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _stem(word: str) -> str:
    for suffix, replacement, shortest in (
        ("ies", "y", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= shortest and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def terms(text: str) -> dict[str, float]:
    """The text's search terms with their weight: words, Chinese character pairs and characters."""
    normal = _normal(text)
    found: dict[str, float] = {}
    for run in CJK_RUN.findall(normal):
        for index in range(len(run) - 1):
            pair = run[index : index + 2]
            if pair not in CHINESE_STOPWORDS:
                found[pair] = 1.0
        for character in run:
            if character not in CHINESE_STOPWORDS:
                found.setdefault(character, CJK_SINGLE_WEIGHT)
    for word in LATIN_WORD.findall(CJK_RUN.sub(" ", normal)):
        if word not in ENGLISH_STOPWORDS:
            found[_stem(word)] = 1.0
    return found


@dataclass(frozen=True)
class Match:
    article: Article
    score: float
    coverage: float  # 0..1: how much of the query the article explains


@dataclass(frozen=True)
class _Indexed:
    article: Article
    fields: dict[str, frozenset[str]]
    phrases: tuple[str, ...]


def _index(article: Article) -> _Indexed:
    fields = {
        "keywords": frozenset(t for keyword in article.keywords for t in terms(keyword)),
        "title": frozenset(terms(article.title)),
        "questions": frozenset(t for question in article.questions for t in terms(question)),
        "text": frozenset(terms(f"{article.answer}\n{article.body}")),
    }
    phrases = tuple(_normal(keyword).strip() for keyword in article.keywords if keyword.strip())
    return _Indexed(article, fields, phrases)


def _phrase_in(phrase: str, query: str) -> bool:
    if CJK_RUN.search(phrase):
        return phrase in query
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", query) is not None


def rank(query: str, articles: Iterable[Article], limit: int = 10) -> list[Match]:
    """The articles that share terms with ``query``, best first (at most ``limit``)."""
    indexed = [_index(article) for article in articles]
    wanted = terms(query)
    if not indexed or not wanted:
        return []
    total = len(indexed)
    document_frequency = {
        term: sum(1 for item in indexed if any(term in field for field in item.fields.values()))
        for term in wanted
    }
    idf = {term: math.log(1 + (total + 1) / (count + 0.5)) for term, count in document_frequency.items()}
    best_possible = sum(idf[term] * weight for term, weight in wanted.items()) * FIELD_WEIGHTS["keywords"]
    normal_query = _normal(query)
    matches = []
    for item in indexed:
        score = 0.0
        for term, weight in wanted.items():
            field_weight = max(
                (FIELD_WEIGHTS[name] for name, found in item.fields.items() if term in found), default=0.0
            )
            score += idf[term] * weight * field_weight
        if score <= 0:
            continue
        coverage = min(1.0, score / best_possible) if best_possible else 0.0
        bonus = sum(KEYWORD_PHRASE_BONUS for phrase in item.phrases if _phrase_in(phrase, normal_query))
        matches.append(Match(item.article, round(score + bonus, 4), round(coverage, 4)))
    matches.sort(key=lambda match: (-match.score, match.article.article_id))
    return matches[:limit]


def best_match(
    query: str, articles: Sequence[Article], *, min_score: float, min_coverage: float
) -> Match | None:
    """The top match if it is strong enough to answer with, else None."""
    ranked = rank(query, articles, limit=1)
    if ranked and ranked[0].score >= min_score and ranked[0].coverage >= min_coverage:
        return ranked[0]
    return None
