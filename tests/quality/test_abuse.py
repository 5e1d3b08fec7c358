"""Abuse paths from the security review (issue 14), each written as the attack.

Mail (section 2): unlimited invitations with the runner's words in the subject, HTML-escaped plain text,
an invitation taken over through an unverified address, and one client blocking everyone's login
behind the proxy.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts import access
from clinic import services
from clinic.models import Invitation
from tests.factories import TEST_PASSWORD, PhysioFactory, RunnerFactory

pytestmark = pytest.mark.django_db
PHISHING = "URGENT: your account is locked, verify at http://evil.example"


def test_thirty_invitations_meet_the_daily_limit_after_five(client, runner, settings):
    settings.INVITATIONS_PER_RUNNER_PER_DAY = 5
    client.force_login(runner)
    statuses = []
    for i in range(30):
        response = client.post(reverse("clinic:invite"), {"email": f"stranger{i}@example.com"})
        statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429] * 25
    assert "You have sent 5 invitations today" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Invitation.objects.filter(runner=runner).count() == 5


def test_one_address_receives_at_most_three_invitations_a_day_from_anyone(settings, django_capture_on_commit_callbacks):
    settings.INVITATIONS_PER_ADDRESS_PER_DAY = 3
    runners = [RunnerFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for runner in runners[:3]:
            services.invitation_send(runner=runner, email="target@example.com")
        with pytest.raises(services.InvitationLimit, match="This address has had as many invitations today"):
            services.invitation_send(runner=runners[3], email="target@example.com")
    assert [m.to for m in mail.outbox] == [["target@example.com"]] * 3


def test_a_display_name_never_reaches_a_subject_line(django_capture_on_commit_callbacks):
    runner = RunnerFactory(display_name=PHISHING)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(runner=runner, email="pat.new@example.com")
    (message,) = mail.outbox
    assert message.subject == "A runner would like you to follow their back journal on Backtrack"
    assert "evil" not in message.subject


def test_plain_text_mail_is_not_html_escaped(django_capture_on_commit_callbacks):
    runner = RunnerFactory(display_name="Niamh O'Brien & <Co>")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(runner=runner, email="pat.new@example.com")
    (message,) = mail.outbox
    assert "Niamh O'Brien & <Co> uses Backtrack" in message.body
    assert "&#x27;" not in message.body
    html = message.alternatives[0][0]
    assert "Niamh O&#x27;Brien &amp; &lt;Co&gt;" in html  # the HTML part stays escaped


@pytest.mark.parametrize("verification", ["mandatory", "optional", "none"])
def test_an_unverified_address_made_primary_does_not_take_over_an_invitation(client, runner, settings, verification):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    services.invitation_send(runner=runner, email="real.physio@example.com")
    attacker = PhysioFactory(email="mallory@example.com")
    # the attack: add the invited address unverified, make it primary, open the caseload
    EmailAddress.objects.filter(user=attacker).update(primary=False)
    EmailAddress.objects.create(user=attacker, email="real.physio@example.com", verified=False, primary=True)
    attacker.email = "real.physio@example.com"
    attacker.save(update_fields=["email"])
    client.force_login(attacker)
    assert client.get(reverse("clinic:caseload")).status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.physio is None
    assert not access.can_view_journal(attacker, runner)


def test_an_invitation_to_an_unverified_address_is_not_bound_when_sent(runner):
    physio = PhysioFactory(email="new.physio@example.com", verified_email=False)
    EmailAddress.objects.create(user=physio, email=physio.email, verified=False, primary=True)
    invitation = services.invitation_send(runner=runner, email="new.physio@example.com")
    assert invitation.physio is None
    EmailAddress.objects.filter(user=physio).update(verified=True)  # once they verify, it attaches
    assert services.invitations_attach(physio=physio) == 1


def test_behind_the_proxy_failed_logins_from_one_client_do_not_lock_out_another(client, runner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("account_login")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for i in range(11):  # different accounts, so only the per-address limit can bite
        client.post(
            url, {"login": f"nobody{i}@example.com", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
        )
    blocked = client.post(
        url, {"login": "nobody@example.com", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    assert "Too many failed login attempts" in blocked.content.decode()  # the attacker's own address is limited ...
    response = client.post(
        url, {"login": runner.email, "password": TEST_PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert response.status_code == 302  # ... and a different client behind the same proxy signs in
    assert response.wsgi_request.user == runner
