"""Sign-up, log-in, verification and reset pages in Backtrack's words; allauth's mails name the site from
settings and link to SITE_URL, whatever host the request came in on."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://backtrack.example.org"
    settings.SITE_NAME = "Backtrack Test"
    settings.ALLOWED_HOSTS = ["*"]


def signup(client, email="phoebe@example.com"):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": "Phoebe Phone",
            "role": "runner",
            "time_zone": "Europe/London",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
        HTTP_HOST="127.0.0.1:8123",
    )


@pytest.mark.parametrize(
    ("url", "heading", "button"),
    [
        ("/accounts/login/", "Log in to Backtrack", "Log in"),
        ("/accounts/signup/", "Sign up to Backtrack", "Sign up"),
        ("/accounts/password/reset/", "Set a new password", "Send me the link"),
        ("/accounts/confirm-email/no-such-key/", "Confirm your email address", None),
    ],
)
def test_account_pages_speak_backtrack(client, url, heading, button):
    html = client.get(url).content.decode()
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in html
    if button:
        assert f">{button}</button>" in html
    for default_words in ("Remember Me", "Sign In", "Sign Up", "Hello from", "Password Reset"):
        assert default_words not in html


def test_the_login_form_offers_to_keep_the_runner_logged_in_in_plain_words(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Keep me logged in on this device" in html
    assert 'href="/accounts/password/reset/">Forgotten your password?</a>' in html


def test_the_signup_mail_names_the_site_and_links_to_site_url_not_the_request_host(client):
    response = signup(client)
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "[Backtrack Test] Confirm your email address to finish signing up"
    assert "127.0.0.1" not in message.body
    assert "Hello from" not in message.body
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith("https://backtrack.example.org/accounts/confirm-email/")
    assert "Thank you for signing up to Backtrack Test." in message.body
    # the link works (path and key kept)
    path = link.removeprefix("https://backtrack.example.org")
    confirmed = client.post(path, HTTP_HOST="127.0.0.1:8123")
    assert confirmed.status_code == 302
    assert User.objects.get(email="phoebe@example.com").emailaddress_set.get().verified


def test_the_reset_mail_links_to_site_url_and_the_link_opens_the_new_password_form(client, runner):
    client.post("/accounts/password/reset/", {"email": runner.email}, HTTP_HOST="evil.example.com")
    message = mail.outbox[-1]
    assert message.subject == "[Backtrack Test] Set a new password"
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith("https://backtrack.example.org/accounts/password/reset/key/")
    response = client.get(link.removeprefix("https://backtrack.example.org"), follow=True)
    assert "Choose a new password" in response.content.decode()


def test_a_reset_for_an_unknown_address_links_to_sign_up_on_site_url(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, HTTP_HOST="evil.example.com")
    message = mail.outbox[-1]
    assert "https://backtrack.example.org/accounts/signup/" in message.body
    assert "evil.example.com" not in message.body


def test_a_password_change_notice_names_the_site(client, runner, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True  # off in production settings; the template is ready for it
    client.force_login(runner)
    client.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": "another-long-passphrase", "password2": "another-long-passphrase"},
    )
    message = mail.outbox[-1]
    assert message.subject == "[Backtrack Test] Your password was changed"
    assert "Your Backtrack Test password was changed." in message.body
    assert "https://backtrack.example.org/accounts/password/reset/" in message.body


def test_the_apps_own_mails_name_the_site_from_settings_too(runner):
    from monitoring.emails import send_daily_reminder

    send_daily_reminder(runner)
    message = mail.outbox[-1]
    assert message.subject == "[Backtrack Test] How is your back today?"
    assert "https://backtrack.example.org/" in message.body
