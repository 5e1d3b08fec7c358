"""The account pages a signed-in user manages (email addresses, setting a password, turning two-factor login
off, recovery codes, typing a code again) are Backtrack's own, in its words (docs/glossary.md), not allauth's
defaults."""

from __future__ import annotations

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.quality.words import findings, visible_text
from tests.utils import totp_code

pytestmark = pytest.mark.django_db

# allauth's own headings and buttons: none may show on our pages.
DEFAULT_WORDS = (
    "Email Addresses",
    "Make Primary",
    "Re-send Verification",
    "Add Email",
    "Set Password",
    "Deactivate Authenticator App",
    "Recovery Codes",
    "Download codes",
    "Generate new codes",
    "Confirm Access",
    "Enter an authenticator code",
    "Are you sure?",
)


def with_two_factor(user) -> list[str]:
    """Turns two-factor login on for ``user`` (an authenticator app and recovery codes); returns the codes."""
    TOTP.activate(user, generate_totp_secret())
    return RecoveryCodes.activate(user).get_unused_codes()


def recently_reauthenticated(client, user) -> None:
    """What allauth records when the user has just typed their password again (so no reauthentication step)."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    html = response.content.decode()
    for words in DEFAULT_WORDS:
        assert words not in html, f"{url} shows allauth's {words!r}"
    assert not findings(visible_text(html)), f"{url}: {findings(visible_text(html))}"  # docs/glossary.md
    return html


def heading(text: str) -> str:
    return f'<h1 class="h3 mb-3">{text}</h1>'


def test_the_email_page_speaks_backtrack(client, runner):
    EmailAddress.objects.create(user=runner, email="robin.new@example.com", verified=False, primary=False)
    client.force_login(runner)
    html = page(client, "/accounts/email/")
    assert heading("Your email address") in html
    assert "Used to log in</span>" in html
    assert "Not confirmed yet</span>" in html
    assert '<button type="submit" class="btn btn-brand" name="action_primary">Use it to log in</button>' in html
    assert ">Send the confirmation mail again</button>" in html
    assert ">Add this address</button>" in html
    assert 'href="/accounts/email/" aria-current="page">Email</a>' in html  # the account menu marks where we are


def test_removing_the_login_address_is_refused_in_plain_words(client, runner):
    client.force_login(runner)
    recently_reauthenticated(client, runner)  # address and password changes ask for it first
    response = client.post("/accounts/email/", {"email": runner.email, "action_remove": ""}, follow=True)
    assert f"You cannot remove {runner.email}: it is the address you log in with." in response.content.decode()


def test_adding_an_address_says_a_mail_is_on_its_way(client, runner):
    client.force_login(runner)
    recently_reauthenticated(client, runner)  # address and password changes ask for it first
    response = client.post("/accounts/email/", {"email": "robin.two@example.com", "action_add": ""}, follow=True)
    assert "We have sent a mail with a link to robin.two@example.com." in response.content.decode()


def test_an_account_without_a_password_chooses_one_on_our_page(client, runner):
    runner.set_unusable_password()
    runner.save(update_fields=["password"])
    client.force_login(runner)
    html = page(client, "/accounts/password/set/")
    assert heading("Choose a password") in html
    assert ">Save my password</button>" in html
    response = client.post(
        "/accounts/password/set/",
        {"password1": "a-long-enough-passphrase", "password2": "a-long-enough-passphrase"},
        follow=True,
    )
    assert "Your password is saved." in response.content.decode()


def test_turning_two_factor_login_off_asks_in_our_words_and_says_it_is_off(client, runner):
    with_two_factor(runner)
    client.force_login(runner)
    recently_reauthenticated(client, runner)
    html = page(client, "/accounts/2fa/totp/deactivate/")
    assert heading("Turn off two-factor login?") in html
    assert '<button type="submit" class="btn btn-danger">Turn off the authenticator app</button>' in html
    assert 'href="/accounts/2fa/">Keep it on</a>' in html
    response = client.post("/accounts/2fa/totp/deactivate/", follow=True)
    assert "Two-factor login is off." in response.content.decode()
    assert not Authenticator.objects.filter(user=runner, type=Authenticator.Type.TOTP).exists()


def test_the_recovery_codes_page_shows_the_codes_in_our_words(client, runner):
    codes = with_two_factor(runner)
    client.force_login(runner)
    recently_reauthenticated(client, runner)  # allauth asks again before showing codes
    html = page(client, "/accounts/2fa/recovery-codes/")
    assert heading("Your recovery codes") in html
    assert f"You have {len(codes)} unused codes of {len(codes)}." in html
    assert '<label class="form-label" for="recovery_codes">Unused recovery codes</label>' in html
    assert all(code in html for code in codes)
    assert ">Download them as a text file</a>" in html
    assert 'href="/accounts/2fa/recovery-codes/generate/">Make new recovery codes</a>' in html


def test_the_downloaded_codes_say_what_they_are(client, runner):
    codes = with_two_factor(runner)
    client.force_login(runner)
    recently_reauthenticated(client, runner)
    response = client.get("/accounts/2fa/recovery-codes/download/")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert text.startswith(f"Backtrack recovery codes for {runner.email}\nEach code logs you in once")
    assert text.split("\n\n", 1)[1].split() == codes


@pytest.mark.django_db(transaction=True)  # allauth adds the message on commit
def test_making_new_recovery_codes_warns_that_the_old_ones_stop(client, runner):
    old = with_two_factor(runner)
    client.force_login(runner)
    recently_reauthenticated(client, runner)
    html = page(client, "/accounts/2fa/recovery-codes/generate/")
    assert heading("Make new recovery codes?") in html
    assert f"Your {len(old)} unused codes will stop working." in html
    assert '<button type="submit" class="btn btn-danger">Make new codes</button>' in html
    response = client.post("/accounts/2fa/recovery-codes/generate/", follow=True)
    assert "New recovery codes are ready. Any older codes no longer work." in response.content.decode()
    assert heading("Your recovery codes") in response.content.decode()


def test_typing_a_code_again_is_asked_in_our_words_with_the_password_as_the_other_way(client, runner):
    with_two_factor(runner)
    client.force_login(runner)
    html = page(client, "/accounts/2fa/reauthenticate/")
    assert heading("Type a code from your authenticator app") in html
    assert ">Type your password instead</a>" in html
    html = page(client, "/accounts/reauthenticate/")
    assert heading("Type your password again") in html
    assert ">Type a code from your authenticator app instead</a>" in html


@pytest.mark.django_db(transaction=True)  # allauth adds the message on commit
def test_turning_two_factor_on_says_so_in_our_words(client, runner):
    client.force_login(runner)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302  # the password first
    recently_reauthenticated(client, runner)
    form_page = client.get("/accounts/2fa/totp/activate/")
    secret = form_page.context["form"].secret
    code = totp_code(secret)
    response = client.post("/accounts/2fa/totp/activate/", {"code": code}, follow=True)
    assert "Two-factor login is on. Keep your recovery codes somewhere safe." in response.content.decode()
