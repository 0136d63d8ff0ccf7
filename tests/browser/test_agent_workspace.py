"""The agent workspace in headless Chromium (Debian's) on the local stack, per role.

An agent signs in; a warning-listed VIP with an open ticket calls; the screen pop shows the flag
and its note, the VIP badge, the open ticket and the fault script; the agent resolves the ticket
and the history names them. An agent is refused the supervisors' and marketers' pages, and the
API refuses their token too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import requests

from local.workspace_session import (
    WARNING_NOTE,
    call_in,
    chromium_available,
    hire_fault_agent,
    seed_flagged_vip,
    signed_in,
    softphone_simulator,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

VIP_CALLER = "+12125550171"


@pytest.fixture(scope="module")
def sim(local_stack: Any) -> Iterator[Any]:
    """The stack with a Connect simulator behind its console."""
    with softphone_simulator(local_stack) as simulator:
        yield simulator


def _person(role: str) -> Any:
    from local.staff_directory import demo_person

    return demo_person(role)


def _headers(api: str, role: str) -> dict[str, str]:
    from local.staff_directory import demo_headers

    return demo_headers(api, role)


def test_an_agent_sees_the_screen_pop_and_resolves_the_ticket_under_their_name(
    local_stack: Any, sim: Any, browser: Any
) -> None:
    api = local_stack.api_url
    agent = _person("agent")
    hire_fault_agent(api, _headers(api, "supervisor"), agent.username, agent.name)
    caller = seed_flagged_vip(api, _headers(api, "supervisor"), VIP_CALLER)
    page = signed_in(browser, api, agent.username, agent.password)
    page.get_by_text("Waiting for a contact").first.wait_for()

    call_in(sim, caller.phone, presses=("1",))

    flag = page.locator("#warning-flag")
    flag.wait_for()
    assert flag.get_attribute("role") == "alert"
    assert page.locator("#warning-note").inner_text() == WARNING_NOTE
    assert page.locator("#customer-name").inner_text().startswith("Wei Zhang")
    assert page.locator("#vip-badge").is_visible()
    assert caller.ticket_id in page.locator("#open-tickets").inner_text()
    assert page.locator("#contact-category").inner_text() == "fault"
    # The script panel follows the IVR's category (its stages come from the knowledge API).
    page.get_by_role("heading", name="Script · fault").wait_for()
    greeting = page.locator("#script li").first  # knowledge/scripts/fault.yaml, seeded by the stack
    greeting.get_by_text("Thank you for calling technical support").wait_for()

    page.get_by_role("button", name="Accept").click()
    page.get_by_role("button", name="Hang up").wait_for()
    page.get_by_label("Note").fill("Customer calm today; line fault confirmed, engineer booked")
    page.get_by_role("button", name="Add note").click()
    page.locator("#ticket-history").get_by_text("engineer booked").wait_for()
    page.get_by_role("button", name="Resolve").click()
    page.locator("#ticket-status").get_by_text("resolved").wait_for()

    page.locator("#signed-in-user").get_by_text(agent.name).wait_for()  # the directory's name for agent1
    resolved = page.locator("#ticket-history li").filter(has_text="status_changed").last
    assert agent.name in resolved.inner_text() and "resolved" in resolved.inner_text()
    stored = requests.get(
        f"{api}/tickets/{caller.ticket_id}", headers=_headers(api, "supervisor"), timeout=30
    ).json()
    assert stored["status"] == "resolved"
    assert [entry["actor"] for entry in stored["history"] if entry["detail"].get("to") == "resolved"] == [
        agent.username
    ]

    page.get_by_role("button", name="Hang up").click()
    page.get_by_role("button", name="Finish after-contact work").click()
    page.get_by_text("Waiting for a contact").first.wait_for()
    page.context.close()


def test_an_agent_is_refused_the_supervisor_and_marketer_pages_and_their_routes(
    local_stack: Any, sim: Any, browser: Any
) -> None:
    api = local_stack.api_url
    agent = _person("agent")
    page = signed_in(browser, api, agent.username, agent.password)
    nav = page.get_by_role("navigation")
    assert nav.get_by_role("link", name="Team (supervisors)").count() == 0
    assert nav.get_by_role("link", name="Campaigns (marketers)").count() == 0

    for page_name in ("supervisor", "marketer"):
        page.goto(f"{api}/console/#/{page_name}")
        page.locator("#not-allowed").wait_for()

    token = page.evaluate("JSON.parse(sessionStorage.getItem('console.session')).idToken")
    for path in ("/metrics?from=2026-11-01&to=2026-11-30", "/campaigns/parcel-arrival"):
        refused = requests.get(api + path, headers={"Authorization": token}, timeout=30)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["error"]["code"] == "forbidden"
    page.context.close()


def test_the_console_speaks_chinese_and_every_control_has_a_label(
    local_stack: Any, sim: Any, browser: Any
) -> None:
    agent = _person("agent")
    page = signed_in(browser, local_stack.api_url, agent.username, agent.password, language="zh-CN")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.get_by_role("button", name="退出").wait_for()  # sign out
    page.get_by_role("heading", name="软电话").wait_for()  # the softphone panel
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
              .filter(el => !(el.labels && el.labels.length)).map(el => el.id || el.name)"""
    )
    assert unlabelled == []
    page.context.close()
