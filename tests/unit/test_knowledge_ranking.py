"""Keyword search ranking, in Chinese (character pairs) and English (trimmed words)."""

from __future__ import annotations

from chalicelib.knowledge.model import Article
from chalicelib.knowledge.ranking import best_match, rank, terms


def _article(article_id: str, title: str, keywords: tuple[str, ...], body: str = "") -> Article:
    return Article(
        article_id, "zh-CN", "billing", title, answer=title, body=body, keywords=keywords, published=True
    )


ARTICLES = [
    _article("refund", "退款多久到账", ("退款", "退钱")),
    _article("return", "退货和换货", ("退货", "换货")),
    _article("invoice", "获取发票", ("发票", "电子发票")),
    _article("password", "Reset your password", ("password", "forgot password"), body="sign in"),
]


def test_chinese_is_indexed_by_character_pairs_and_single_characters() -> None:
    found = terms("退款进度")
    assert {"退款", "款进", "进度"} <= set(found) and found["退款"] == 1.0
    assert found["退"] < 1.0
    assert "的" not in terms("我的退款")


def test_english_words_lose_their_endings_and_the_small_words() -> None:
    assert set(terms("I forgot my passwords")) == {"forgot", "password"}
    assert terms("charged") == terms("charges")


def test_a_chinese_question_finds_the_article_whose_keyword_it_contains() -> None:
    assert rank("我的退款什么时候到", ARTICLES)[0].article.article_id == "refund"
    assert rank("怎么换货", ARTICLES)[0].article.article_id == "return"
    assert rank("电子发票开错了", ARTICLES)[0].article.article_id == "invoice"


def test_a_question_about_nothing_we_know_matches_nothing_strongly() -> None:
    assert rank("purple elephants", ARTICLES) == []
    assert best_match("今天天气怎么样", ARTICLES, min_score=4.0, min_coverage=0.2) is None


def test_english_questions_rank_by_keyword_then_title() -> None:
    top = rank("I forgot the password to sign in", ARTICLES)[0]
    assert top.article.article_id == "password" and 0 < top.coverage <= 1
