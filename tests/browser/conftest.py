"""One Chromium per test worker, lent to each browser test with nothing open in it.

Launching Chromium and the Playwright driver costs ~0.8 s of wall and ~0.6 s of CPU; the browser
tests used to pay it once per module. Each test opens its own contexts (one per person), which
share nothing with another's (cookies, storage, cache), and whatever a test leaves open is closed
after it, failed or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from local.workspace_session import ParkedBrowser


@pytest.fixture(scope="session")
def parked_browser() -> Iterator[ParkedBrowser]:
    from local.console_site import ensure_console_bundle
    from local.workspace_session import ParkedBrowser

    ensure_console_bundle()  # the console and the help centre, built once per worker
    shared = ParkedBrowser()
    try:
        yield shared
    finally:
        shared.close()


@pytest.fixture
def browser(parked_browser: ParkedBrowser) -> Iterator[Any]:
    """The worker's Chromium for this test: open a context per person."""
    with parked_browser.lend() as chromium:
        yield chromium
