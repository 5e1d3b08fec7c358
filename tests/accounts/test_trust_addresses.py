"""Attack tests over HTTP: an address is someone's only once verified, and a signed-in session cannot move an
account to another address without the password (issue 20, findings 2 and 3). Each failed on the old code."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import CareLink, User
from clinic.models import Invitation
from tests.factories import TEST_PASSWORD, PhysioFactory

VICTIM = "vic@example.com"


@pytest.fixture
def mallory(db):
    """A physio account that typed someone else's address into its email page and never confirmed it."""
    mallory = PhysioFactory(email="mallory@example.com", display_name="Mallory")
    EmailAddress.objects.create(user=mallory, email=VICTIM, verified=False, primary=False)
    return mallory


def sign_up(client, email: str, role: str = "physio"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "display_name": "Vic Physio",
            "role": role,
            "time_zone": "Europe/London",
        },
    )


def link_in_mail(pattern: str, to: str) -> str:
    for message in reversed(mail.outbox):
        if to in message.to and (found := re.search(pattern, message.body)):
            return found.group(1)
    raise AssertionError(f"no mail to {to} with {pattern}")


def reauthenticate(client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_signing_up_with_an_address_left_unverified_on_another_account_makes_a_new_account(client, mallory):
    response = sign_up(client, VICTIM)
    assert response.status_code == 302
    vic = User.objects.get(email=VICTIM)
    assert vic != mallory
    # The confirmation mail is for Vic's own row; confirming it removes the stale copy on Mallory's account.
    confirm = link_in_mail(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", VICTIM)
    client.post(confirm)
    assert EmailAddress.objects.get(email=VICTIM, verified=True).user == vic
    assert not EmailAddress.objects.filter(user=mallory, email=VICTIM).exists()
    assert EmailAddress.objects.filter(user=mallory, email="mallory@example.com", verified=True).exists()


@pytest.mark.django_db
def test_a_runners_invitation_to_that_address_is_not_accepted_by_the_one_who_typed_it(client, runner, mallory):
    """The review's takeover: Mallory adds Vic's address, Vic signs up, a runner invites Vic, Mallory accepts."""
    client.force_login(runner)
    assert client.post(reverse("clinic:invite"), {"email": VICTIM}).status_code == 302
    invitation = Invitation.objects.get(email=VICTIM)
    client.logout()

    sign_up(client, VICTIM)
    client.post(link_in_mail(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", VICTIM))
    client.logout()

    client.force_login(mallory)
    caseload = client.get(reverse("clinic:caseload"))
    assert runner.name not in caseload.content.decode()
    accept = reverse("clinic:invitation_accept", args=[invitation.public_id])
    assert client.post(accept).status_code == 404
    assert not CareLink.objects.filter(physio=mallory).exists()
    client.logout()

    vic = User.objects.get(email=VICTIM)
    vic.physio_verified_at = timezone.now()
    vic.save(update_fields=["physio_verified_at"])
    client.force_login(vic)
    assert runner.name in client.get(reverse("clinic:caseload")).content.decode()
    assert client.post(accept).status_code == 302
    assert CareLink.objects.filter(physio=vic, runner=runner).exists()


@pytest.mark.django_db
def test_an_invitation_is_accepted_only_while_the_account_holds_its_address_verified(client, runner, mallory):
    """However an invitation came to an account, accepting it needs that address verified on it now."""
    invitation = Invitation.objects.create(runner=runner, email=VICTIM, physio=mallory)
    client.force_login(mallory)
    assert runner.name not in client.get(reverse("clinic:caseload")).content.decode()
    assert client.post(reverse("clinic:invitation_accept", args=[invitation.public_id])).status_code == 404
    assert not CareLink.objects.filter(physio=mallory).exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


@pytest.mark.django_db
def test_a_password_reset_goes_only_to_an_address_verified_on_the_account(client, mallory):
    client.post(reverse("account_reset_password"), {"email": VICTIM})
    assert not any("/accounts/password/reset/key/" in message.body for message in mail.outbox)
    client.post(reverse("account_reset_password"), {"email": "mallory@example.com"})
    assert link_in_mail(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", "mallory@example.com")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["action_add", "action_primary", "action_remove"])
def test_changing_the_address_asks_for_the_password_first(client, runner, action):
    """A signed-in session alone (a borrowed phone, a stolen cookie) cannot move the account to another address."""
    EmailAddress.objects.create(user=runner, email="robin.two@example.com", verified=True, primary=False)
    client.force_login(runner)
    email = "thief@example.com" if action == "action_add" else "robin.two@example.com"
    response = client.post(reverse("account_email"), {"email": email, action: ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert set(EmailAddress.objects.filter(user=runner).values_list("email", "primary")) == {
        ("robin@example.com", True),
        ("robin.two@example.com", False),
    }
    assert mail.outbox == []


@pytest.mark.django_db
def test_each_change_of_address_is_mailed_to_the_account_and_a_new_main_address_to_the_old_one(client, runner):
    client.force_login(runner)
    reauthenticate(client)
    client.post(reverse("account_email"), {"email": "robin.two@example.com", "action_add": ""})
    added = [m for m in mail.outbox if m.to == ["robin@example.com"]]
    assert [m.subject for m in added] == ["[Backtrack] An email address was added to your account"]
    assert "robin.two@example.com was added" in added[0].body

    client.post(link_in_mail(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", "robin.two@example.com"))
    mail.outbox.clear()
    client.post(reverse("account_email"), {"email": "robin.two@example.com", "action_primary": ""})
    [changed] = mail.outbox
    assert changed.to == ["robin@example.com"]  # the old address hears of it
    assert "changed from robin@example.com to robin.two@example.com" in changed.body

    mail.outbox.clear()
    client.post(reverse("account_email"), {"email": "robin@example.com", "action_remove": ""})
    [removed] = mail.outbox
    assert "robin@example.com was removed" in removed.body
    assert not EmailAddress.objects.filter(user=runner, email="robin@example.com").exists()


@pytest.mark.django_db
def test_a_sign_up_for_the_login_address_of_an_unconfirmed_account_hands_that_account_to_nobody(client):
    """Someone signed up with Vic's address and never confirmed it. Vic's sign-up makes no second account (the
    address is that account's login), and Vic is mailed no link that would confirm it for its maker."""
    stale = PhysioFactory(email=VICTIM, verified_email=False)
    EmailAddress.objects.create(user=stale, email=VICTIM, verified=False, primary=True)
    response = sign_up(client, VICTIM)
    assert response.status_code == 302
    assert User.objects.filter(email=VICTIM).count() == 1
    [message] = mail.outbox
    assert message.to == [VICTIM]
    assert "/accounts/confirm-email/" not in message.body
    client.post(reverse("account_reset_password"), {"email": VICTIM})
    assert not any("/accounts/password/reset/key/" in m.body for m in mail.outbox)
    assert not EmailAddress.objects.filter(email=VICTIM, verified=True).exists()


@pytest.mark.django_db
def test_confirming_an_address_that_is_an_unconfirmed_accounts_login_leaves_that_account_as_it_was(client, runner):
    """The address is the runner's once confirmed; the unfinished sign-up keeps its login address, never usable."""
    stale = PhysioFactory(email=VICTIM, verified_email=False)
    EmailAddress.objects.create(user=stale, email=VICTIM, verified=False, primary=True)
    client.force_login(runner)
    reauthenticate(client)
    client.post(reverse("account_email"), {"email": VICTIM, "action_add": ""})
    response = client.post(link_in_mail(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", VICTIM))
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=VICTIM, verified=True).user == runner
    stale.refresh_from_db()
    assert stale.email == VICTIM
    assert EmailAddress.objects.filter(user=stale, email=VICTIM, verified=False).exists()


@pytest.mark.django_db
def test_an_unconfirmed_sign_up_is_deleted_once_its_link_expires_and_the_owner_can_then_sign_up(client, settings):
    """The unfinished sign-up above blocks the address only until its confirmation link expires (3 days)."""
    from celery.schedules import crontab

    from accounts.tasks import delete_unconfirmed_accounts
    from tests.factories import AdminFactory, RunnerFactory

    entry = settings.CELERY_BEAT_SCHEDULE["accounts-delete-unconfirmed"]
    assert entry["task"] == "accounts.delete_unconfirmed_accounts"
    assert isinstance(entry["schedule"], crontab)

    four_days_ago = timezone.now() - timezone.timedelta(days=4)
    stale = PhysioFactory(email=VICTIM, verified_email=False, date_joined=four_days_ago)
    EmailAddress.objects.create(user=stale, email=VICTIM, verified=False, primary=True)
    recent = RunnerFactory(email="recent@example.com", verified_email=False)
    EmailAddress.objects.create(user=recent, email=recent.email, verified=False, primary=True)
    made_by_an_admin = RunnerFactory(email="made@example.com", verified_email=False, date_joined=four_days_ago)
    signed_in_once = RunnerFactory(email="once@example.com", verified_email=False, date_joined=four_days_ago)
    EmailAddress.objects.create(user=signed_in_once, email=signed_in_once.email, verified=False, primary=True)
    User.objects.filter(pk=signed_in_once.pk).update(last_login=four_days_ago)
    confirmed = RunnerFactory(email="done@example.com", date_joined=four_days_ago)
    staff = AdminFactory(email="staff@example.com", verified_email=False, date_joined=four_days_ago)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=False, primary=True)

    assert delete_unconfirmed_accounts() == 1
    assert not User.objects.filter(pk=stale.pk).exists()
    assert set(User.objects.values_list("email", flat=True)) == {
        recent.email,
        made_by_an_admin.email,
        signed_in_once.email,
        confirmed.email,
        staff.email,
    }
    sign_up(client, VICTIM)
    assert User.objects.filter(email=VICTIM).exists()
    client.post(link_in_mail(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", VICTIM))
    assert EmailAddress.objects.filter(email=VICTIM, verified=True).exists()
