"""The booking page in headless Chromium (Debian's package): book a slot, see it, cancel it."""

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


@pytest.fixture
def page(api: str, browser: Any) -> Any:
    """A phone-sized page in Shanghai (the worker's browser closes its context after the test)."""
    context = browser.new_context(
        locale="en-US", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_a_customer_books_sees_and_cancels_a_callback_on_the_page(api: str, page: Any) -> None:
    phone = "+12125550181"
    page.goto(f"{api}/book")
    page.get_by_label("Reason").select_option("fault")
    first_slot = page.locator("#slots input[type=radio]").first
    first_slot.check()
    page.get_by_label("Phone number (international format)").fill(phone)
    page.get_by_role("button", name="Text me a code").click()
    page.get_by_text("We sent a code to").wait_for()
    page.get_by_label("The 6-digit code we sent").fill(last_code_sent_to(phone))
    page.get_by_role("button", name="Confirm booking").click()

    page.get_by_text("Your callback is booked.").wait_for()
    assert page.locator("#booking-status").inner_text() == "Booked"
    reference = page.locator("#booking-reference").inner_text()
    assert len(reference) == 8
    booking_id = page.url.split("booking=")[1].split("&")[0]

    # the link in the confirmation SMS shows the same booking
    page.goto(f"{api}/book?booking={booking_id}")
    page.locator("#booking-status").get_by_text("Booked").wait_for()
    assert page.locator("#booking-reference").inner_text() == reference

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel the callback").click()
    page.get_by_text("Your callback is cancelled.").wait_for()
    assert page.locator("#booking-status").inner_text() == "Cancelled"
    assert not page.get_by_role("button", name="Cancel the callback").is_visible()


def test_the_page_speaks_chinese_and_declares_its_language(api: str, page: Any) -> None:
    page.goto(f"{api}/book?lang=zh-CN")
    page.get_by_role("heading", name="预约回电").wait_for()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.get_by_label("电话号码（国际格式）").is_visible()  # noqa: RUF001 (Chinese punctuation)
    page.locator("#slots input[type=radio]").first.wait_for()
    # every form control has a label a screen reader can announce
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=radio]), select')]
              .filter(el => !document.querySelector(`label[for="${el.id}"]`)).map(el => el.id)"""
    )
    assert unlabelled == []
