"""On a 390x844 phone: the menu with Flags and "Your data" marks the current page, a logged day opens its
entry, button text is centred, "Stop access" asks first, and the account, error and offline pages have no
serious or critical axe violations (two-factor pages with two-factor login on, and setting a first password, included)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from tests.browser.pages import AXE, assert_accessible
from tests.factories import TEST_PASSWORD, CareLinkFactory, EntryFactory
from tests.utils import login, totp_code


@pytest.mark.django_db(transaction=True)
def test_account_error_and_offline_pages_have_no_serious_violations_for_a_visitor(axe_page):
    assert_accessible(
        axe_page,
        [
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/accounts/password/reset/done/",
            "/accounts/confirm-email/no-such-key/",
            "/accounts/password/reset/key/1-bad/",
            "/offline/",
            "/no-such-page/",
        ],
    )


@pytest.mark.django_db(transaction=True)
def test_signed_in_account_and_care_team_pages_have_no_serious_violations(axe_page, runner, physio):
    CareLinkFactory(runner=runner, physio=physio)
    login(axe_page, runner)
    assert_accessible(axe_page, ["/accounts/2fa/", "/accounts/email/", "/accounts/password/change/", "/no-such-page/"])
    axe_page.goto("/clinic/care-team/")
    axe_page.locator("summary", has_text="Stop access").click()  # the opened confirmation too
    expect(axe_page.get_by_role("button", name="Yes, stop access for Pat Physio")).to_be_visible()
    # Scan the page as it settles, not half-way through a transition (colours fading in fail contrast).
    axe_page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []


@pytest.mark.django_db(transaction=True)
def test_the_phone_menu_has_flags_and_your_data_and_marks_the_current_page(phone, runner):
    page = phone
    login(page, runner)
    page.goto("/journal/import/csv/")
    page.get_by_role("button", name="Open the menu").click()
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Your data")).to_have_attribute("aria-current", "page")
    expect(menu.locator("[aria-current=page]")).to_have_count(1)
    with page.expect_navigation():
        menu.get_by_role("link", name="Flags").click()
    page.get_by_role("button", name="Open the menu").click()
    expect(page.get_by_role("navigation", name="Main").locator("[aria-current=page]")).to_have_text("Flags")


@pytest.mark.django_db(transaction=True)
def test_a_logged_day_opens_its_entry_and_edit_buttons_centre_their_text(phone, runner):
    day = runner.local_today() - dt.timedelta(days=2)
    EntryFactory(runner=runner, day=day, pain=3)
    page = phone
    login(page, runner)
    page.goto(f"/journal/entries/new/?day={day:%Y-%m-%d}")
    assert page.url.endswith(f"/journal/entries/{day:%Y-%m-%d}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Your entry for {day:%A} {day.day} {day:%B}")

    page.goto("/journal/entries/")
    button = page.get_by_role("link", name=f"Edit entry for {day.day} {day:%B}")
    offsets = button.evaluate(
        """(el) => {
            const box = el.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(el.firstChild);
            const text = range.getBoundingClientRect();
            return [
              (text.top + text.bottom) / 2 - (box.top + box.bottom) / 2,
              (text.left + text.right) / 2 - (box.left + box.right) / 2,
            ];
        }"""
    )
    assert abs(offsets[0]) <= 2, f"text is {offsets[0]}px off the vertical centre"
    assert abs(offsets[1]) <= 2, f"text is {offsets[1]}px off the horizontal centre"

    # The duplicate-day error links to the entry already logged.
    page.goto("/journal/entries/new/")
    page.get_by_label("Day").fill(f"{day:%Y-%m-%d}")
    page.locator("label[for=id_pain_5]").click()
    page.get_by_role("button", name="Save entry").click()
    page.get_by_role("link", name=f"Open your entry for {day:%A} {day.day} {day:%B}").click()
    expect(page).to_have_url(re.compile(re.escape(f"/journal/entries/{day:%Y-%m-%d}/") + "$"))


@pytest.mark.django_db(transaction=True)
def test_stop_access_asks_first_on_a_phone(phone, runner, physio):
    CareLinkFactory(runner=runner, physio=physio)
    page = phone
    login(page, runner)
    page.goto("/clinic/care-team/")
    confirm = page.get_by_role("button", name="Yes, stop access for Pat Physio")
    expect(confirm).to_be_hidden()
    page.locator("summary", has_text="Stop access").click()
    expect(confirm).to_be_visible()
    confirm.click()
    expect(page.get_by_role("status").filter(has_text="Pat Physio can no longer see your journal")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_two_factor_and_email_pages_have_no_serious_violations_when_two_factor_is_on(axe_page, runner):
    secret = generate_totp_secret()
    TOTP.activate(runner, secret)
    RecoveryCodes.activate(runner)
    page = axe_page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(runner.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill(totp_code(secret))  # never in a step's last seconds (tests/utils.py)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" not in url)
    # Turning it off asks for the password again first (our page), then opens our confirmation.
    page.goto("/accounts/2fa/totp/deactivate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Type your password again")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn off two-factor login?")
    assert_accessible(
        page,
        [
            "/accounts/2fa/",
            "/accounts/2fa/totp/deactivate/",
            "/accounts/2fa/recovery-codes/",
            "/accounts/2fa/recovery-codes/generate/",
            "/accounts/2fa/reauthenticate/",
            "/accounts/reauthenticate/",
            "/accounts/email/",
        ],
    )


@pytest.mark.django_db(transaction=True)
def test_the_set_password_page_has_no_serious_violations(axe_page, runner, client, live_server, settings):
    runner.set_unusable_password()  # (no password to log in with: the session is made here and handed over)
    runner.save(update_fields=["password"])
    client.force_login(runner)
    name = settings.SESSION_COOKIE_NAME
    axe_page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
    assert_accessible(axe_page, ["/accounts/password/set/"])
