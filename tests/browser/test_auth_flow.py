import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User


@pytest.mark.django_db(transaction=True)
def test_a_runner_signs_up_confirms_logs_out_and_logs_back_in(phone):
    page = phone
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("phoebe@example.com")
    page.get_by_label("Your name").fill("Phoebe Phone")
    page.get_by_label("I run and want to track my back").check()
    page.locator("#id_password1").fill("a-long-enough-passphrase")
    page.get_by_label("Password (again)").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(urlparse(link).path)
    page.get_by_role("button", name="Confirm my address").click()
    # Wait for the page after confirming: clicking the menu before it arrives raced the navigation.
    expect(page.get_by_role("status").filter(has_text="You are logged in as Phoebe")).to_be_visible()
    assert User.objects.get(email="phoebe@example.com").role == "runner"

    # Logged in after confirming: log out through the menu, then back in.
    page.wait_for_load_state()  # Bootstrap's script has run: the menu button works
    page.get_by_role("button", name="Open the menu").click()
    # Wait until the menu has finished opening (Bootstrap then marks it "show"), so the click lands on the button.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    # The page before logging out has two status messages; wait for the one after it, alone.
    expect(page.get_by_role("status").filter(has_text="You are logged out")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="You are logged in as Phoebe")).to_have_count(0)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("phoebe@example.com")
    page.get_by_label("Password").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="You are logged in as Phoebe")).to_be_visible()
    page.wait_for_load_state()  # Bootstrap's script has run: the menu button works
    page.get_by_role("button", name="Open the menu").click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(page.get_by_role("link", name="Phoebe Phone")).to_be_visible()
