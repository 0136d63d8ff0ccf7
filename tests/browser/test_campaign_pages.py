"""The marketers' pages in headless Chromium (Debian's) on the local stack.

A marketer signs in, creates a campaign from the parcel-arrival template, checks an audience with
bad rows (nothing is stored) and sees each rejection and the dry run, uploads it (a pre-signed S3
PUT) and launches; the simulator dials on its virtual clock while the page refreshes, until the
page shows the campaign completed with the simulator's outcomes; the results export as CSV, and
the next campaign starts as a copy of this one.
"""

from __future__ import annotations

import csv
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from local.campaign_driver import CampaignCentre
from local.connect_simulator import Party
from local.workspace_session import chromium_available, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

CALLEES = {
    "+12125550181": Party.answers(presses=["2"]),
    "+12125550182": Party.no_answer(),
    "+12125550183": Party.answers(),
}
CAMPAIGN_REFRESH_MS = 2000  # REFRESH_MS in web/src/pages/campaigns/CampaignDetail.tsx
AUDIENCE = (
    "phone,language,name,locker,pickup_code,deadline\n"
    "+12125550181,en-US,Ana,A-1,111,Friday\n"
    "+12125550182,en-US,Bo,B-2,222,Friday\n"
    "not a number,en-US,Cy,C-3,333,Friday\n"
    "+12125550183,en-US,Di,D-4,444,Friday\n"
    "+12125550181,en-US,Ana twice,A-1,111,Friday\n"
    "+12125550184,en-US,Ed,,555,Friday\n"
)


def test_a_marketer_checks_an_audience_launches_and_watches_the_campaign_complete(
    local_stack: Any, browser: Any
) -> None:
    from local.staff_directory import demo_person

    api = local_stack.api_url
    marketer = demo_person("marketer")
    with CampaignCentre.open(api) as centre:  # the virtual clock: Wednesday 10:00 in New York
        for phone, party in CALLEES.items():
            centre.sim.script_callee(phone, party)
        page = signed_in(browser, api, marketer.username, marketer.password)
        page.clock.install()  # the page's timers on a clock the test can move on (it still flows)
        page.get_by_role("navigation").get_by_role("link", name="Campaigns (marketers)").click()
        page.locator("#new-campaign").click()
        page.locator("#campaign-template").select_option("template:parcel-arrival")
        assert "locker" in page.locator("#template-columns").inner_text()
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
                  .filter(el => !(el.labels && el.labels.length)).map(el => el.id || el.name)"""
        )
        assert unlabelled == []  # every field the schema generates has a label
        page.locator("#field-id").fill("parcel-browser")
        page.locator("#field-calling_window-start").fill("9 am")
        page.get_by_role("button", name="Create campaign").click()
        # the bundled schema refuses the time under its field before anything is sent
        assert "does not match" in page.locator("#error-field-calling_window-start").inner_text()
        page.locator("#field-calling_window-start").fill("09:00")
        page.locator("#field-schedule-start_date").fill("2026-11-01")
        page.locator("#field-retries-max_attempts").fill("1")
        page.locator("#field-menu-new").fill("2")  # key 2: confirm (a new menu option's action)
        page.locator("#field-menu").get_by_role("button", name="Add", exact=True).click()
        expect(page.locator("#field-menu-2-action")).to_have_value("confirm")
        page.get_by_role("button", name="Create campaign").click()
        page.locator("#campaign-status").get_by_text("draft").wait_for()

        page.locator("#audience-file").set_input_files(
            files=[{"name": "audience.csv", "mimeType": "text/csv", "buffer": AUDIENCE.encode()}]
        )
        page.get_by_role("button", name="Validate (stores nothing)").click()
        rejected = page.locator("#rejected-rows tbody tr")
        rejected.first.wait_for()
        reasons = {
            row.locator("td").nth(0).inner_text(): row.locator("td").nth(2).inner_text()
            for row in rejected.all()
        }
        assert reasons == {"4": "invalid_number", "6": "duplicate", "7": "missing_variable"}
        assert page.locator("#report-rows").inner_text() == "6"
        assert page.locator("#report-callable").inner_text() == "3"
        assert page.locator("#dry-run tbody tr.outlook-call_now").count() == 3
        assert centre.contacts("parcel-browser") == {}  # validating stored nothing

        page.get_by_role("button", name="Upload audience").click()
        page.locator("#audience-uploaded").wait_for()
        page.locator("#launch").click()
        page.locator("#campaign-status").get_by_text("running").wait_for()

        started = time.monotonic()
        while (status := centre.status("parcel-browser"))["status"] != "completed":
            assert time.monotonic() - started < 20, status
            centre.run(rounds=3)  # load, dial, calls end, events: the simulator's clock moves
        centre.run()  # the SMS fallback may still be on its way when the last contact finishes
        # the simulator's outcomes, as the page left open shows them at its next refresh (one
        # period of its own timer, on its clock)
        page.clock.fast_forward(CAMPAIGN_REFRESH_MS)
        expect(page.locator("#campaign-status")).to_have_text("completed", timeout=6_000)
        expected = {
            "progress": "100%",
            "dialled": "3",
            "answered": "2",
            "keys_pressed": "1",
            "sms_fallbacks": "1",
        }
        for figure, value in expected.items():
            where = "#campaign-progress" if figure == "progress" else f"#live-{figure}"
            expect(page.locator(where)).to_have_text(value, timeout=6_000)
        assert page.locator("#progress-chart polyline.series-finished").count() == 1

        with page.expect_download() as download:
            page.get_by_role("button", name="Export results (CSV)").click()
        with open(download.value.path(), encoding="utf-8", newline="") as handle:
            exported = {row["phone"]: row for row in csv.DictReader(handle)}
        contacts = centre.contacts("parcel-browser")
        assert {phone: row["outcome"] for phone, row in exported.items() if row["outcome"]} == {
            phone: row["outcome"] for phone, row in contacts.items() if row["outcome"]
        }
        assert exported["+12125550181"]["pressed_key"] == "2"
        assert exported["+12125550182"]["outcome"] == "no_answer"

        # the next campaign starts from a copy of this one, its menu included
        page.goto(page.url.split("#")[0] + "#/marketer")
        page.locator("#campaign-list").get_by_text("parcel-browser").wait_for()
        page.locator("#new-campaign").click()
        page.locator("#campaign-template").select_option("copy:parcel-browser")
        expect(page.locator("#field-id")).to_have_value("parcel-browser-copy")
        expect(page.locator("#field-menu-2-action")).to_have_value("confirm")
        page.context.close()
