"""Knowledge articles and scripts: seeded from the repository, read by agents, maintained by
supervisors, searched by the public help centre (moto tables, through the Chalice app)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from chalice.test import Client

from chalicelib.knowledge.files import repository_articles, repository_scripts
from chalicelib.knowledge.seed import seed
from local.connect_simulator.function_app import load_chalice_app
from tests.knowledge_support import seed_repository_knowledge
from tests.staff_support import role_headers

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def client(aws: None) -> Iterator[Client]:
    seed_repository_knowledge()
    with Client(load_chalice_app()) as test_client:
        yield test_client


def _call(
    client: Client, method: str, path: str, body: Any = None, role: str | None = None
) -> tuple[int, Any]:
    """A request; staff routes as an agent (reads) or a supervisor (writes) unless ``role`` says."""
    headers = {"Content-Type": "application/json"}
    if path.startswith("/knowledge"):
        headers.update(role_headers(role or ("agent" if method == "get" else "supervisor")))
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    response = getattr(client.http, method)(path, **kwargs)
    return response.status_code, json.loads(response.body) if response.body else None


def test_the_help_centre_finds_the_invoice_article_in_both_languages(client: Client) -> None:
    status, found = _call(
        client, "get", "/help/articles?q=%E5%8F%91%E7%A5%A8%E6%80%8E%E4%B9%88%E4%B8%8B%E8%BD%BD&lang=zh-CN"
    )
    assert status == 200
    assert found["items"][0]["id"] == "billing-invoice-copy"  # 发票怎么下载
    assert "账户 > 账单" in found["items"][0]["answer"]
    status, found = _call(client, "get", "/help/articles?q=download%20my%20invoice&lang=en-US")
    assert found["items"][0]["id"] == "billing-invoice-copy"


def test_the_help_centre_never_shows_a_draft(client: Client) -> None:
    status, found = _call(client, "get", "/help/articles?q=loyalty%20points&lang=en-US")
    assert status == 200 and "draft-loyalty-points" not in [item["id"] for item in found["items"]]
    status, error = _call(client, "get", "/help/articles/draft-loyalty-points/en-US")
    assert status == 404 and error["error"]["code"] == "not_found"
    status, found = _call(client, "get", "/knowledge/articles?q=loyalty%20points&language=en-US")
    assert found["items"][0]["id"] == "draft-loyalty-points" and found["items"][0]["published"] is False


def test_announcements_are_listed_per_language(client: Client) -> None:
    status, found = _call(client, "get", "/help/announcements?lang=zh-CN")
    assert status == 200
    assert {item["id"] for item in found["items"]} == {
        "announcement-holiday-hours",
        "announcement-maintenance",
    }
    assert all(item["language"] == "zh-CN" and item["body"] for item in found["items"])


def test_bad_help_centre_queries_are_refused_in_the_documented_shape(client: Client) -> None:
    for path, code in (
        ("/help/articles?q=" + "x" * 201, "invalid_query"),
        ("/help/articles?q=bill&lang=fr-FR", "invalid_language"),
        ("/help/articles/Not_An_Id/en-US", "invalid_article_id"),
        ("/help/articles?q=bill&unknown=1", "invalid_input"),
    ):
        status, error = _call(client, "get", path)
        assert status == 400 and error["error"]["code"] == code, path


def test_the_help_centre_is_rate_limited_per_address(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.api import knowledge as routes

    monkeypatch.setattr(routes, "HELP_REQUESTS_PER_ADDRESS_PER_HOUR", 3)
    statuses = [_call(client, "get", "/help/articles?q=refund&lang=en-US")[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_supervisor_edits_an_article_and_agents_and_customers_see_the_change(client: Client) -> None:
    path = "/knowledge/articles/inquiry-opening-hours/en-US"
    status, article = _call(client, "get", path)
    assert status == 200 and article["updatedBy"] == "seed"
    change = {**{k: article[k] for k in ("category", "title", "keywords", "questions", "published")}}
    change["answer"] = "From 1 December we answer calls 8 am to 8 pm, Monday to Saturday."
    status, saved = _call(client, "put", path, change)
    assert status == 200 and saved["answer"] == change["answer"] and saved["updatedBy"] == "supervisor1"
    status, found = _call(client, "get", "/help/articles?q=opening%20hours&lang=en-US")
    assert found["items"][0]["answer"] == change["answer"]
    # a second seed keeps the supervisor's edit
    report = seed(repository_articles(), repository_scripts())
    assert "article inquiry-opening-hours (en-US)" in report.kept_edited
    assert _call(client, "get", path)[1]["answer"] == change["answer"]


def test_a_new_article_is_created_validated_and_deleted(client: Client) -> None:
    path = "/knowledge/articles/order-gift-wrap/zh-CN"
    body = {
        "category": "order",
        "title": "礼品包装",
        "answer": "下单时勾选“礼品包装”即可，每件5元。",  # noqa: RUF001
        "published": True,
    }
    status, created = _call(client, "put", path, body)
    assert status == 201 and created["id"] == "order-gift-wrap" and created["language"] == "zh-CN"
    assert _call(client, "get", "/help/articles?q=%E7%A4%BC%E5%93%81%E5%8C%85%E8%A3%85&lang=zh-CN")[1][
        "items"
    ][0]["id"] == ("order-gift-wrap")
    status, error = _call(client, "put", path, {**body, "category": "gifts"})
    assert status == 400 and error["error"]["code"] == "invalid_category"
    status, error = _call(client, "put", path, {**body, "colour": "red"})
    assert status == 400
    assert _call(client, "delete", path)[0] == 200
    assert _call(client, "get", path)[0] == 404


def test_agents_read_the_script_for_a_category_stage_by_stage(client: Client) -> None:
    status, script = _call(client, "get", "/knowledge/scripts/complaint/zh-CN")
    assert status == 200
    assert list(script["stages"]) == ["greeting", "verification", "resolution", "closing"]
    assert "投诉" in script["stages"]["greeting"]
    status, found = _call(client, "get", "/knowledge/scripts?language=en-US")
    assert len(found["items"]) == 9 and {item["language"] for item in found["items"]} == {"en-US"}


def test_a_supervisor_rewrites_one_stage_of_a_script(client: Client) -> None:
    path = "/knowledge/scripts/fault/en-US"
    status, saved = _call(
        client, "put", path, {"stages": {"greeting": "Technical support, {agent} speaking."}}
    )
    assert status == 200 and saved["stages"] == {"greeting": "Technical support, {agent} speaking."}
    status, error = _call(client, "put", path, {"stages": {"farewell": "Bye"}})
    assert status == 400
    status, error = _call(client, "put", "/knowledge/scripts/fault/de-DE", {"stages": {"greeting": "Hallo"}})
    assert status == 400 and error["error"]["code"] == "invalid_language"


def test_an_agent_reads_but_cannot_change_articles_or_scripts_and_strangers_cannot_read(
    client: Client,
) -> None:
    path = "/knowledge/articles/order-track/en-US"
    article = _call(client, "get", path, role="agent")[1]
    change = {k: article[k] for k in ("category", "title", "answer")}
    status, error = _call(client, "put", path, change, role="agent")
    assert status == 403 and error["error"]["code"] == "forbidden"
    assert _call(client, "delete", path, role="agent")[0] == 403
    assert (
        _call(client, "put", "/knowledge/scripts/order/en-US", {"stages": {"greeting": "Hi"}}, role="agent")[
            0
        ]
        == 403
    )
    assert _call(client, "get", path, role="marketer")[0] == 403
    response = client.http.get(path)  # no token at all
    assert response.status_code == 401
