"""The agent workspace driven end to end on the local stack: the demo's screenshot, the
screen-pop benchmark and the browser tests share it.

    with softphone_simulator(stack) as sim, console_browser() as browser:
        page = signed_in(browser, stack.api_url, "agent1", password)
        caller = seed_flagged_vip(stack.api_url, headers)       # warning-listed VIP, open ticket
        contact_id = call_in(sim, caller.phone, presses=("1",))  # the IVR queues it: fault
        page.locator("#warning-flag").wait_for()                 # the screen pop

The browser is Debian's Chromium (``/usr/bin/chromium``) driven by Playwright; nothing is
downloaded. ``console_browser`` opens one for a single use (the demo, the benchmark);
``ParkedBrowser`` keeps one for a whole test worker, a fresh context per test.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import requests

if TYPE_CHECKING:
    from collections.abc import Iterator

    from local.connect_simulator import ConnectSimulator
    from local.stack import LocalStack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Virtual seconds per real second: the IVR's prompts pass quickly, the agent has all the time.
SIMULATOR_SPEED = 60.0
#: The flagged caller's note, as a supervisor wrote it on the warning list.
WARNING_NOTE = "Threatened staff on 12 Nov: stay polite, do not promise refunds, escalate to a supervisor"


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM)


@contextlib.contextmanager
def softphone_simulator(stack: LocalStack, speed: float = SIMULATOR_SPEED) -> Iterator[ConnectSimulator]:
    """A Connect simulator with the product's flows behind the running stack's API and console:
    the functions reach it by endpoint (DescribeContact, GetContactAttributes) and the console's
    softphone is its agent desk. For a stack started without one (``LocalStack(connect=False)``)."""
    from chalicelib import telephony
    from local.connect_simulator import ConnectApiServer, ConnectSimulator, install_contact_centre
    from local.connect_simulator.agent_desk import AgentDesk
    from local.connect_simulator.function_app import load_chalice_app
    from local.connect_simulator.setup import connect_environment
    from local.environment import temporary_environment

    sim = ConnectSimulator()
    install_contact_centre(sim, load_chalice_app())
    server = ConnectApiServer(sim).start()
    previous_desk = stack.console.desk
    stack.console.desk = AgentDesk(sim)
    try:
        with temporary_environment(connect_environment(sim, server.endpoint)):
            telephony.forget_client()
            sim.run_in_background(speed=speed)
            yield sim
    finally:
        sim.stop_background()
        server.stop()
        stack.console.desk = previous_desk
        telephony.forget_client()


def launch_chromium(playwright: Any) -> Any:
    """Headless Debian Chromium with the console's settings: the one place that launches it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@contextlib.contextmanager
def console_browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright (one browser; a context per person)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


class ParkedBrowser:
    """One Chromium (and one Playwright driver) for many uses in one process, lent out one use
    at a time: a test worker pays ~0.8 s of launch once instead of once per test module.

    Between two of its calls, Playwright's sync API leaves its event loop marked as running on
    this thread (the loop lives on in a greenlet), and ``asyncio.run`` refuses to start there.
    The browser is parked between uses, so code that runs in between sees no loop; each use
    closes the contexts it opened, so nothing of one use reaches the next.
    """

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._loop = asyncio.events._get_running_loop()
        try:
            self.browser = launch_chromium(self._playwright)
        except BaseException:
            self._playwright.stop()
            raise
        self._park()

    def _park(self) -> None:
        asyncio.events._set_running_loop(None)

    def _resume(self) -> None:
        asyncio.events._set_running_loop(self._loop)

    @contextlib.contextmanager
    def lend(self) -> Iterator[Any]:
        """The browser for one use; the contexts the use leaves open are closed after it."""
        self._resume()
        try:
            yield self.browser
        finally:
            try:
                for context in self.browser.contexts:
                    context.close()
            finally:
                self._park()

    def close(self) -> None:
        self._resume()
        try:
            self.browser.close()
        finally:
            self._playwright.stop()
            self._park()


def signed_in(browser: Any, api_url: str, username: str, password: str, language: str = "en-US") -> Any:
    """A new page of the console at ``api_url``, signed in as ``username``."""
    context = browser.new_context(locale=language, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{api_url}/console/?lang={language}")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form.sign-in button[type=submit]").click()
    page.locator("#signed-in-user").wait_for()
    return page


@dataclass(frozen=True)
class FlaggedCaller:
    phone: str
    ticket_id: str


def _call(
    api_url: str, headers: dict[str, str], method: str, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = requests.request(method, api_url + path, json=body, headers=headers, timeout=30)
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
    return dict(response.json())


def hire_fault_agent(api_url: str, supervisor_headers: dict[str, str], username: str, name: str) -> None:
    """Put the signed-in person in the agent directory with the fault skill, so fault tickets
    are assigned to them (a supervisor's job)."""
    path = f"/agents/{quote(username, safe='')}"
    _call(api_url, supervisor_headers, "PUT", path, {"name": name, "skills": ["fault"]})


def seed_flagged_vip(
    api_url: str, headers: dict[str, str], phone: str, name: str = "Wei Zhang"
) -> FlaggedCaller:
    """A top-tier customer on the warning list (with a note) who has an open fault ticket."""
    number = quote(phone, safe="")
    _call(api_url, headers, "PUT", f"/customers/{number}", {"name": name, "tier": "top", "language": "en-US"})
    _call(api_url, headers, "PUT", f"/blacklist/{number}", {"list": "warn", "reason": WARNING_NOTE})
    subject = "Line drops every evening"
    body = {"phone": phone, "category": "fault", "channel": "phone", "subject": subject}
    ticket = _call(api_url, headers, "POST", "/tickets", body)
    return FlaggedCaller(phone=phone, ticket_id=str(ticket["id"]))


def call_in(
    sim: ConnectSimulator, phone: str, presses: tuple[str, ...] = ("1",), talk_s: float = 3600.0
) -> str:
    """The caller rings the main number and presses ``presses`` at the menu (1: a fault), then
    talks for ``talk_s`` virtual seconds once an agent answers. (The simulator ends a call the
    agent hung up at the end of that talk, so many calls in a row keep it short.)"""
    from local.connect_simulator import INBOUND_NUMBER, Party

    party = Party(answer_after_s=0, presses=presses, talk_to_agent_s=talk_s)
    return sim.place_inbound_call(phone, party, to_number=INBOUND_NUMBER)


def finish_contact(page: Any) -> None:
    """Accept, hang up and leave after-contact work on the console's current contact (whichever
    of these the contact still needs), until the agent waits for the next one."""
    for step in ("Accept", "Hang up"):
        button = page.get_by_role("button", name=step)
        if button.count():
            with contextlib.suppress(Exception):  # the caller left meanwhile: the step is gone
                button.click(timeout=2_000)
    page.get_by_role("button", name="Finish after-contact work").click()
    page.get_by_text("Waiting for a contact").first.wait_for()
