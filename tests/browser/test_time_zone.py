"""Sign-up in a browser set to Madrid: the time zone select shows Madrid, chosen by our own static script
(issue 22 §4); the profile offers the device's zone without changing the saved one."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.utils import login


def madrid_phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
        timezone_id="Europe/Madrid",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.live_server_url = live_server.url
    return context, page


@pytest.mark.django_db(transaction=True)
def test_signup_preselects_the_browsers_time_zone(browser, live_server):
    context, page = madrid_phone(browser, live_server)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto("/accounts/signup/")
        select = page.get_by_label("Time zone")
        expect(select).to_have_value("Europe/Madrid")
        expect(select.locator("option:checked")).to_have_text("Madrid")
        expect(select.locator("optgroup[label='Europe'] option[value='Europe/Madrid']")).to_have_count(1)
    finally:
        context.close()
    assert errors == [], "no CSP or script error"


@pytest.mark.django_db(transaction=True)
def test_the_profile_offers_the_devices_zone_and_keeps_the_saved_one_until_asked(browser, live_server, runner):
    context, page = madrid_phone(browser, live_server)
    try:
        login(page, runner)
        page.goto("/accounts/profile/")
        select = page.get_by_label("Time zone")
        expect(select).to_have_value("Europe/London")  # the saved zone
        page.get_by_role("button", name="Use this device's time zone: Madrid").click()
        expect(select).to_have_value("Europe/Madrid")
    finally:
        context.close()
