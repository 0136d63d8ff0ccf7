"""The help centre in headless Chromium (Debian's) on a phone-sized screen: a customer searches and
reads an article and the announcements, opens a ticket for a number a texted code proves, and sees
its status; in Chinese and English."""

from __future__ import annotations

from typing import Any

import pytest

from local.workspace_session import chromium_available
from tests.callbacks_support import api, last_code_sent_to

__all__ = ["api"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

PHONE_SCREEN = {"width": 390, "height": 844}
CUSTOMER = "+12125550186"
ZH_PHONE_LABEL = "手机号码\uff08国际格式\uff09"  # with full-width brackets, as zh-CN writes them


def _phone_page(browser: Any, locale: str) -> Any:
    context = browser.new_context(locale=locale, viewport=PHONE_SCREEN, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_a_customer_finds_an_article_and_reads_the_announcements_on_a_phone(api: str, browser: Any) -> None:
    page = _phone_page(browser, "en-US")
    page.goto(f"{api}/help-centre/?lang=en-US")
    page.get_by_label("What do you need help with?").fill("where is my parcel")
    page.get_by_role("button", name="Search").click()
    result = page.locator("#search-results").get_by_role("link", name="Track your order or parcel")
    result.wait_for()
    page.get_by_text("Didn't find your answer?").wait_for()  # the ways to a person stay in reach
    result.click()
    page.get_by_role("heading", name="Track your order or parcel").wait_for()
    assert "tracking number" in page.locator(".answer").inner_text()
    assert page.locator(".article-body li").count() >= 1

    page.get_by_role("navigation").get_by_role("link", name="Announcements").click()
    page.get_by_role("heading", name="Holiday opening hours").wait_for()

    # usable on a phone: nothing wider than the screen, tap targets at least 44 px high
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert (
        page.locator('meta[name="viewport"]').get_attribute("content")
        == "width=device-width, initial-scale=1"
    )
    for link in page.get_by_role("navigation").get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44, link.inner_text()
    page.context.close()


def test_a_customer_opens_a_ticket_for_a_proved_number_and_sees_its_status(api: str, browser: Any) -> None:
    page = _phone_page(browser, "zh-CN")
    page.goto(f"{api}/help-centre/#/ticket")
    page.get_by_role("heading", name="提交工单").wait_for()
    page.get_by_label("问题类型").select_option("fault")
    page.get_by_label("标题").fill("路由器灯不亮")
    page.get_by_label("问题描述").fill("重启后还是不亮")
    submit = page.get_by_role("button", name="提交工单")
    assert submit.is_disabled()  # no ticket before the number is proved
    page.get_by_label(ZH_PHONE_LABEL).fill(CUSTOMER)
    page.get_by_role("button", name="发送验证码").click()
    page.get_by_text("验证码已发送至").wait_for()
    page.get_by_label("短信中的 6 位验证码").fill(last_code_sent_to(CUSTOMER))
    submit.click()
    reference = page.locator("#ticket-reference")
    reference.wait_for()
    ticket_id = reference.inner_text()

    page.get_by_role("link", name="我的工单").first.click()
    page.get_by_label(ZH_PHONE_LABEL).fill(CUSTOMER)
    page.get_by_role("button", name="发送验证码").click()
    page.get_by_text("验证码已发送至").wait_for()
    page.get_by_label("短信中的 6 位验证码").fill(last_code_sent_to(CUSTOMER))
    page.get_by_role("button", name="查看我的工单").click()
    mine = page.locator("#my-tickets")
    mine.wait_for()
    assert ticket_id in mine.inner_text() and "路由器灯不亮" in mine.inner_text()
    page.context.close()


def test_a_wrong_code_opens_no_ticket_and_says_why(api: str, browser: Any) -> None:
    page = _phone_page(browser, "en-US")
    phone = "+12125550187"
    page.goto(f"{api}/help-centre/?lang=en-US#/ticket")
    page.get_by_label("Mobile number (international format)").fill(phone)
    page.get_by_role("button", name="Text me a code").click()
    page.get_by_text("We sent a code to").wait_for()
    right = last_code_sent_to(phone)
    page.get_by_label("The 6-digit code we sent").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Submit the ticket").click()
    page.get_by_role("alert").get_by_text("wrong code").wait_for()
    assert page.locator("#ticket-reference").count() == 0
    page.context.close()
