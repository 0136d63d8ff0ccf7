"""The agent workspace in ``make demo``: the console's address, and a screenshot of a screen pop.

``show_screen_pop(stack, out_dir, console)`` inside a running ``LocalStack``: a warning-listed VIP
with an open ticket calls, the demo agent's console (headless Debian Chromium) pops the customer
360, and the page is saved as ``screen-pop.png`` in ``out_dir`` (next to the quality report).
Without Chromium it says so and skips the screenshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

#: +1 212 555 01xx: a fictional number for the demo's flagged caller.
DEMO_FLAGGED_CALLER = "+12125550177"


def show_console_address(api_url: str, console: Console) -> None:
    console.print(
        f"[bold]Staff console: {api_url}/console/[/]  (sign in as a demo user below)", highlight=False
    )


def show_screen_pop(stack: Any, out_dir: Path, console: Console) -> Path | None:
    from local.console_site import ensure_console_bundle
    from local.staff_directory import demo_headers, demo_person
    from local.workspace_session import (
        call_in,
        chromium_available,
        console_browser,
        hire_fault_agent,
        seed_flagged_vip,
        signed_in,
        softphone_simulator,
    )

    console.rule("Agent workspace: the screen pop")
    if not chromium_available():
        console.print(
            "  Debian's chromium is not installed: no screenshot of the screen pop", highlight=False
        )
        return None
    ensure_console_bundle()
    api = stack.api_url
    agent = demo_person("agent")
    hire_fault_agent(api, demo_headers(api, "supervisor"), agent.username, agent.name)
    caller = seed_flagged_vip(api, demo_headers(api, "supervisor"), DEMO_FLAGGED_CALLER)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "screen-pop.png"
    with softphone_simulator(stack) as sim, console_browser() as browser:
        page = signed_in(browser, api, agent.username, agent.password)
        page.get_by_text("Waiting for a contact").first.wait_for()
        call_in(sim, caller.phone)
        page.locator("#warning-flag").wait_for()
        page.locator("#script, .knowledge p").first.wait_for()
        timing = page.evaluate("window.screenPopTimings[0]")
        page.screenshot(path=str(path), full_page=True)
        page.context.close()
    console.print(
        f"  {agent.name} ({agent.username}) was offered the call from a warning-listed VIP; the 360 was on "
        f"screen {timing['renderedAt'] - timing['offeredAt']:.0f} ms after the offer",
        highlight=False,
    )
    console.print(f"  [bold]screenshot: {path}[/]", highlight=False)
    return path
