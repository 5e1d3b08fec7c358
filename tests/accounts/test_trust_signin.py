"""Attack tests over HTTP: no way of signing in lets a physio or admin with two-factor in on the password alone,
and the admin's login is allauth's, with its limits (issue 20, finding 1). Each failed on the stock admin login."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.utils import totp_code

ADMIN_PAGES = ("/admin/", "/admin/accounts/user/", "/admin/accounts/auditevent/")
TOO_MANY = "Too many failed login attempts"


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    return totp_code(secret)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def assert_kept_out(client, pages) -> None:
    for page in (*pages, "/accounts/2fa/", "/accounts/email/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(("/admin/login/", reverse("account_login"))), page


@pytest.fixture(params=[False, True], ids=["mfa-not-required", "mfa-required"])
def mfa_required(request, settings):
    settings.MFA_REQUIRED_FOR_CLINICIANS = request.param
    return request.param


@pytest.mark.django_db
def test_the_admin_login_form_does_not_sign_in_a_staff_account_with_the_password_alone(
    client, admin_user, mfa_required
):
    with_totp(admin_user)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin_user.email, "password": TEST_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not signed_in(client)
    assert_kept_out(client, ADMIN_PAGES)


@pytest.mark.django_db
def test_the_admin_login_page_sends_to_allauths_login_keeping_where_to_go_next(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Faccounts%2Fuser%2F"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_user", "physio"])
def test_allauths_login_asks_a_clinician_with_two_factor_for_the_code_before_any_page(
    client, request, who, mfa_required
):
    user = request.getfixturevalue(who)
    secret = with_totp(user)
    pages = ADMIN_PAGES if user.is_staff else ("/clinic/",)
    response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    assert_kept_out(client, pages)

    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    for page in pages:
        assert client.get(page).status_code == 200, page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_user", "physio"])
def test_a_session_signed_in_without_the_second_factor_is_ended_on_its_next_request(client, request, who, mfa_required):
    """What the stock admin login made: Django's login() with the password, no two-factor step recorded."""
    user = request.getfixturevalue(who)
    with_totp(user)
    client.force_login(user)
    page = "/admin/" if user.is_staff else "/clinic/"
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={page}"
    assert not signed_in(client)
    assert_kept_out(client, ("/admin/", "/clinic/"))


@pytest.mark.django_db
def test_confirming_the_address_does_not_sign_a_clinician_in_without_the_code(client, physio, mfa_required):
    secret = with_totp(physio)
    EmailAddress.objects.filter(user=physio).update(verified=False)
    response = client.post(reverse("account_login"), {"login": physio.email, "password": TEST_PASSWORD})
    assert not signed_in(client)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=physio).verified
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    assert_kept_out(client, ("/clinic/",))
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.get("/clinic/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_user", "physio"])
def test_completing_a_password_reset_does_not_sign_in(client, request, who, mfa_required):
    user = request.getfixturevalue(who)
    with_totp(user)
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert not signed_in(client)
    assert_kept_out(client, ("/admin/", "/clinic/"))


@pytest.mark.django_db
def test_thirty_wrong_passwords_by_way_of_the_admin_login_are_rate_limited(client, admin_user):
    """The attack of the review: 30 wrong passwords at /admin/login/, then the right one."""
    answers = []
    for _ in range(30):
        response = client.post("/admin/login/", {"username": admin_user.email, "password": "wrong-password-123"})
        assert response.status_code == 302  # no password is checked here any more: on to allauth's login
        response = client.post(response["Location"], {"login": admin_user.email, "password": "wrong-password-123"})
        answers.append(TOO_MANY in response.content.decode())
    assert answers[:5] == [False] * 5
    assert all(answers[5:])
    response = client.post("/admin/login/", {"username": admin_user.email, "password": TEST_PASSWORD})
    assert not signed_in(client)
    response = client.post(response["Location"], {"login": admin_user.email, "password": TEST_PASSWORD})
    assert response.status_code == 429 or TOO_MANY in response.content.decode()  # 31 tries: the per-address cap
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit, as in production
def test_a_clinician_who_sets_up_two_factor_in_this_session_carries_on(client, physio, settings):
    """Setting up the authenticator app (a code typed) counts as this session's second factor: no loop."""
    settings.MFA_REQUIRED_FOR_CLINICIANS = True
    client.post(reverse("account_login"), {"login": physio.email, "password": TEST_PASSWORD})
    assert signed_in(client)
    assert client.get("/clinic/")["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/clinic/").status_code == 200


@pytest.mark.django_db
def test_a_superuser_made_by_createsuperuser_confirms_the_address_and_then_reaches_the_admin(client):
    """docs/deploy.md: the first admin logs in at allauth's login, which mails a link to confirm the address."""
    from accounts.models import User

    User.objects.create_superuser("root@example.com", TEST_PASSWORD)  # no allauth address row, as the command
    response = client.post("/admin/login/?next=/admin/", {"username": "root@example.com", "password": TEST_PASSWORD})
    response = client.post(response["Location"], {"login": "root@example.com", "password": TEST_PASSWORD})
    assert not signed_in(client)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    client.post(link)
    client.post(reverse("account_login"), {"login": "root@example.com", "password": TEST_PASSWORD})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("used_the_code", [True, False])
def test_a_session_from_before_the_check_carries_on_only_if_it_used_the_code(client, physio, used_the_code):
    """docs/deploy.md: on upgrade, sessions signed in at allauth's login carry on; the admin form's are ended."""
    from accounts.middleware import SECOND_FACTOR_KEY

    secret = with_totp(physio)
    if used_the_code:
        client.post(reverse("account_login"), {"login": physio.email, "password": TEST_PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    else:
        client.force_login(physio)
    session = client.session
    del session[SECOND_FACTOR_KEY]  # what a session made before this release holds
    session.save()
    assert (client.get("/clinic/").status_code == 200) is used_the_code
    assert signed_in(client) is used_the_code
