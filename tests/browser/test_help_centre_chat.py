"""The help centre's chat end to end in headless Chromium on the local stack.

A customer on a phone searches the help centre and finds no answer, starts a chat (the widget's
amazon-connect-chatjs against the Connect simulator's participant service and websocket, through
the inbound chat flow); the assistant answers one question from its article and hands over on
人工; the customer picks a team by typing a digit; an agent signed in to the workspace accepts the
chat, sees the whole conversation (the bot's turns included) and replies; the customer sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from local.workspace_session import chromium_available, signed_in, softphone_simulator

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

PHONE_SCREEN = {"width": 390, "height": 844}
QUESTION = "发票怎么下载"
#: From billing-invoice-copy's short answer (knowledge/articles/zh-CN/billing-invoice-copy.md).
ARTICLE_ANSWER = "近24个月的每份账单和发票都可以下载PDF"
REPLY = "您好 我是客服小李 公司抬头的发票我稍后发到您的邮箱"


@pytest.fixture(scope="module")
def chat_stack(local_stack: Any) -> Iterator[Any]:
    """The stack with a Connect simulator behind its API, console and chat."""
    with softphone_simulator(local_stack):
        yield local_stack


def _customer_page(browser: Any) -> Any:
    context = browser.new_context(locale="zh-CN", viewport=PHONE_SCREEN, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _say(page: Any, text: str) -> None:
    page.get_by_label("消息").fill(text)
    page.get_by_role("button", name="发送").click()


def test_the_bot_answers_then_hands_over_on_request_and_an_agent_replies(
    chat_stack: Any, browser: Any
) -> None:
    from local.staff_directory import demo_person

    api = chat_stack.api_url
    agent = demo_person("agent")
    workspace = signed_in(browser, api, agent.username, agent.password)
    workspace.get_by_text("Waiting for a contact").first.wait_for()

    customer = _customer_page(browser)
    customer.goto(f"{api}/help-centre/?lang=zh-CN")
    customer.get_by_role("searchbox").fill("积分兑换礼品")
    customer.get_by_role("button", name="搜索").click()
    stuck = customer.locator(".still-stuck")
    stuck.wait_for()
    # loyalty points have only a draft article: nothing published answers
    assert "积分" not in customer.locator("#search-results .results").inner_text()
    stuck.get_by_role("link", name="在线咨询").click()

    customer.get_by_label("您的称呼").fill("王小姐")
    customer.get_by_role("button", name="开始对话").click()
    log = customer.locator("#chat-log")
    log.get_by_text("请输入您的问题").wait_for()  # the flow's welcome and the assistant's prompt

    _say(customer, QUESTION)
    answer = log.locator("li[data-role=CUSTOM_BOT]").filter(has_text=ARTICLE_ANSWER)
    answer.wait_for()
    log.get_by_text("还有其他问题吗").wait_for()

    _say(customer, "人工")
    log.get_by_text("请输入数字").wait_for()  # which team: a menu typed as a digit
    _say(customer, "6")
    log.get_by_text("客服人员马上会加入对话").wait_for()

    workspace.get_by_text("Incoming chat").wait_for()
    workspace.get_by_role("button", name="Accept").click()
    transcript = workspace.locator("#chat-transcript")
    transcript.get_by_text(ARTICLE_ANSWER).wait_for()  # the agent sees what the bot said
    seen = transcript.inner_text()
    assert (
        QUESTION in seen
        and "人工" in seen
        and "王小姐" in workspace.locator(".chat-conversation").inner_text()
    )
    workspace.get_by_label("Reply").fill(REPLY)
    workspace.get_by_role("button", name="Send").click()

    reply = log.locator("li[data-role=AGENT]").filter(has_text=REPLY)
    reply.wait_for()
    assert log.locator("li.joined").count() >= 1  # the agent joined the chat, by name
    customer.context.close()
    workspace.context.close()
