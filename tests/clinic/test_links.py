"""Consent links: invitations by email, one-time codes, revocation."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.models import CareLink, LinkStatus
from clinic import services
from clinic.models import Invitation, InvitationStatus, LinkCode
from tests.factories import PhysioFactory
from tests.utils import sees_client


def test_an_invitation_to_an_existing_physio_waits_for_their_acceptance(
    runner, physio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(runner=runner, email="PAT@example.com ")
    assert invitation.physio == physio
    assert invitation.email == "pat@example.com"
    assert not sees_client(physio, runner)
    assert mail.outbox[-1].to == ["pat@example.com"]
    assert mail.outbox[-1].subject == "[Backtrack] A runner would like you to follow their back journal"
    assert runner.name in mail.outbox[-1].body  # the name is in the body, never in the subject
    assert mail.outbox[-1].alternatives  # an HTML part too


def test_accepting_makes_the_link_active_and_tells_the_runner(runner, physio, django_capture_on_commit_callbacks):
    invitation = services.invitation_send(runner=runner, email=physio.email)
    with django_capture_on_commit_callbacks(execute=True):
        link = services.invitation_accept(physio=physio, invitation=invitation)
    assert link.status == LinkStatus.ACTIVE
    assert link.via == "email"
    assert link.accepted_at
    assert sees_client(physio, runner)
    assert mail.outbox[-1].to == [runner.email]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_an_invitation_is_answered_only_once(runner, physio):
    invitation = services.invitation_send(runner=runner, email=physio.email)
    services.invitation_accept(physio=physio, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_accept(physio=physio, invitation=invitation)
    assert CareLink.objects.filter(runner=runner, physio=physio).count() == 1


def test_an_invitation_to_an_address_without_an_account_is_kept_and_attached_on_sign_up(runner, client):
    invitation = services.invitation_send(runner=runner, email="new.physio@example.com")
    assert invitation.physio is None
    newcomer = PhysioFactory(email="new.physio@example.com")
    client.force_login(newcomer)
    response = client.get(reverse("clinic:caseload"))
    assert runner.name in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.physio == newcomer


def test_an_invitation_reaches_a_signed_in_physio_when_they_verify_that_address(runner, physio, client):
    # Sent to a second address the physio has not verified yet: nobody's until its owner proves it.
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    address = EmailAddress.objects.create(user=physio, email="pat.work@example.com", verified=False)
    invitation = services.invitation_send(runner=runner, email="pat.work@example.com")
    client.force_login(physio)
    assert runner.name not in client.get(reverse("clinic:caseload")).content.decode()
    key = EmailConfirmationHMAC(address).key
    assert client.post(reverse("account_confirm_email", args=[key])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.physio == physio
    assert runner.name in client.get(reverse("clinic:caseload")).content.decode()


def test_an_unverified_physio_keeps_invitations_until_verified(runner, unverified_physio, client):
    services.invitation_send(runner=runner, email=unverified_physio.email)
    client.force_login(unverified_physio)
    response = client.get(reverse("clinic:caseload"))
    assert response.status_code == 403
    assert "awaiting verification" in response.content.decode()
    assert runner.name not in response.content.decode()


def test_a_runner_cannot_invite_themself_or_invite_twice(runner, physio):
    with pytest.raises(ValidationError):
        services.invitation_send(runner=runner, email=runner.email)
    services.invitation_send(runner=runner, email=physio.email)
    with pytest.raises(ValidationError):
        services.invitation_send(runner=runner, email=physio.email)


def test_inviting_a_physio_who_already_has_access_is_refused(link):
    with pytest.raises(ValidationError):
        services.invitation_send(runner=link.runner, email=link.physio.email)


def test_a_code_links_at_once_and_works_only_once(runner, other_runner, physio):
    code = services.link_code_create(physio=physio)
    link = services.link_code_redeem(runner=runner, code=code.code.lower()[:4] + "-" + code.code[4:])
    assert link.status == LinkStatus.ACTIVE
    assert link.via == "code"
    assert sees_client(physio, runner)
    with pytest.raises(ValidationError):
        services.link_code_redeem(runner=other_runner, code=code.code)
    assert not sees_client(physio, other_runner)


def test_an_expired_or_unknown_code_is_refused(runner, physio):
    code = services.link_code_create(physio=physio)
    LinkCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.link_code_redeem(runner=runner, code=code.code)
    with pytest.raises(ValidationError):
        services.link_code_redeem(runner=runner, code="ZZZZ-ZZZZ")
    assert not CareLink.objects.exists()


def test_revoking_ends_access_immediately(link):
    services.link_revoke(runner=link.runner, link=link)
    link.refresh_from_db()
    assert link.status == LinkStatus.REVOKED
    assert link.ended_at
    assert not sees_client(link.physio, link.runner)
    assert link.physio not in access.linked_physios(link.runner)


def test_a_revoked_physio_can_be_invited_again(link):
    services.link_revoke(runner=link.runner, link=link)
    invitation = services.invitation_send(runner=link.runner, email=link.physio.email)
    new_link = services.invitation_accept(physio=link.physio, invitation=invitation)
    assert new_link.pk != link.pk
    assert new_link.public_id != link.public_id


def test_a_physio_whose_verification_is_withdrawn_loses_access(link):
    link.physio.physio_verified_at = None
    link.physio.save()
    assert not sees_client(link.physio, link.runner)


def test_runner_pages_send_invitations_and_show_errors_next_to_the_field(runner_client, physio):
    response = runner_client.post(reverse("clinic:invite"), {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    response = runner_client.post(reverse("clinic:invite"), {"email": physio.email}, follow=True)
    assert "Invitation sent to pat@example.com" in response.content.decode()
    assert Invitation.objects.filter(email=physio.email).exists()


def test_the_runner_withdraws_a_pending_invitation(runner_client, runner, physio):
    invitation = services.invitation_send(runner=runner, email=physio.email)
    runner_client.post(reverse("clinic:invitation_cancel", args=[invitation.public_id]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CANCELLED


def test_a_wrong_code_shows_a_message_next_to_the_field(runner_client):
    response = runner_client.post(reverse("clinic:code_redeem"), {"code": "ABCD-EFGH"})
    assert response.status_code == 400
    assert "This code is not valid" in response.content.decode()


def test_the_physio_creates_a_code_and_sees_it_on_the_caseload(physio_client, physio):
    response = physio_client.post(reverse("clinic:code_create"), follow=True)
    code = LinkCode.objects.get(physio=physio)
    assert services.format_code(code.code) in response.content.decode()


def test_the_physio_declines_an_invitation(physio_client, runner, physio):
    invitation = services.invitation_send(runner=runner, email=physio.email)
    physio_client.post(reverse("clinic:invitation_decline", args=[invitation.public_id]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not CareLink.objects.exists()


def test_another_physios_invitation_cannot_be_accepted(client, runner, physio, unlinked_physio):
    invitation = services.invitation_send(runner=runner, email=physio.email)
    client.force_login(unlinked_physio)
    response = client.post(reverse("clinic:invitation_accept", args=[invitation.public_id]))
    assert response.status_code == 404
    assert not CareLink.objects.exists()


def test_a_revoked_link_cannot_be_used_by_the_runner_either(runner_client, link):
    services.link_revoke(runner=link.runner, link=link)
    response = runner_client.post(reverse("clinic:reply", args=[link.public_id]), {"body": "hello?"})
    assert response.status_code == 404


def test_guessing_codes_is_refused_after_five_tries_a_minute(runner_client, runner, physio, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 8, 0, 50, tzinfo=dt.UTC), tick=False)  # one minute throughout
    url = reverse("clinic:code_redeem")
    for _ in range(5):
        assert runner_client.post(url, {"code": "ABCD-EFGH"}).status_code == 400
    real = services.link_code_create(physio=physio)
    response = runner_client.post(url, {"code": real.code})  # even a real code, during the cool-off
    assert response.status_code == 429
    assert response["Retry-After"] == "10"
    assert "Too many codes tried in a minute" in response.content.decode()
    assert not CareLink.objects.filter(runner=runner, physio=physio).exists()
    time_machine.move_to(dt.datetime(2026, 3, 2, 8, 1, 0, tzinfo=dt.UTC), tick=False)  # the next minute
    assert runner_client.post(url, {"code": real.code}).status_code == 302
    assert CareLink.objects.filter(runner=runner, physio=physio, status=LinkStatus.ACTIVE).exists()


def test_an_invitation_reaches_a_physio_whose_address_an_admin_marks_verified(runner):
    from allauth.account.models import EmailAddress

    physio = PhysioFactory(email="late@example.com", verified_email=False)
    address = EmailAddress.objects.create(user=physio, email=physio.email, verified=False, primary=True)
    invitation = services.invitation_send(runner=runner, email="late@example.com")
    assert invitation.physio is None
    address.verified = True
    address.save()  # as the admin's change form does
    invitation.refresh_from_db()
    assert invitation.physio == physio


def test_invitations_waiting_at_deploy_are_attached_once_by_the_migration(runner):
    import importlib

    from django.apps import apps

    physio = PhysioFactory(email="waiting@example.com")  # verified address, account made before the change
    invitation = Invitation.objects.create(runner=runner, email="waiting@example.com", physio=None)
    stranger = Invitation.objects.create(runner=runner, email="nobody@example.com", physio=None)
    importlib.import_module("clinic.migrations.0003_attach_waiting_invitations").attach(apps, None)
    invitation.refresh_from_db()
    stranger.refresh_from_db()
    assert (invitation.physio, stranger.physio) == (physio, None)
