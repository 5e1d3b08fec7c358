"""Abuse paths from the security review (issue 14), each written as the attack.

Mail (section 2): unlimited invitations with the runner's words in the subject, HTML-escaped plain text,
an invitation taken over through an unverified address, and one client blocking everyone's login
behind the proxy. Audit (section 3): a client's page shown without an audit row, and care links
changed by an admin without consent or record.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts import access
from accounts.models import AuditAction, AuditEvent, LinkStatus, User
from clinic import services
from clinic.models import Invitation
from tests.factories import TEST_PASSWORD, CareLinkFactory, FlagFactory, PhysioFactory, RunnerFactory

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
    assert message.subject == "[Backtrack] A runner would like you to follow their back journal"
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
    assert not access.client_links(attacker).filter(runner=runner).exists()


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


# --- section 3: every look is audited, once ---------------------------------------------------
def views_of(runner) -> list[str]:
    return list(AuditEvent.objects.filter(runner=runner).values_list("action", flat=True))


def test_opening_the_client_page_writes_exactly_one_view_record(client, physio, link):
    client.force_login(physio)
    assert client.get(reverse("clinic:client", args=[link.public_id])).status_code == 200
    assert views_of(link.runner) == [AuditAction.VIEW]


@pytest.mark.parametrize("action", ["clinic:note_add", "clinic:message_send", "clinic:flag_acknowledge"])
def test_an_empty_post_that_re_renders_the_client_page_is_audited(client, physio, link, action):
    flag = FlagFactory(runner=link.runner)
    args = [link.public_id, flag.pk] if action == "clinic:flag_acknowledge" else [link.public_id]
    client.force_login(physio)
    response = client.post(reverse(action, args=args), {})
    assert response.status_code == 400
    assert link.runner.name in response.content.decode()  # the 400 answer shows the client's page ...
    assert views_of(link.runner) == [AuditAction.VIEW]  # ... so it is recorded, once


def test_the_flag_note_form_says_who_will_read_the_note(client, physio, link):
    FlagFactory(runner=link.runner)
    client.force_login(physio)
    html = client.get(reverse("clinic:client", args=[link.public_id])).content.decode()
    assert "With Resolve, the client too: it is shown with the flag in their own list of flags." in html


def test_an_admin_cannot_create_a_care_link(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_carelink_add")).status_code == 403


@pytest.mark.parametrize("start", [LinkStatus.REVOKED])
def test_an_admin_cannot_activate_a_link_without_the_runners_consent(client, admin_user, runner, physio, start):
    link = CareLinkFactory(runner=runner, physio=physio, status=start)
    client.force_login(admin_user)
    response = client.post(reverse("admin:accounts_carelink_change", args=[link.pk]), {"status": "active"})
    assert response.status_code == 200  # the form again, with the error
    assert "Only the runner can give a physio access." in response.content.decode()
    link.refresh_from_db()
    assert link.status == start
    assert not access.client_links(physio).filter(runner=runner).exists()
    assert views_of(runner) == []


def test_an_admin_may_end_a_link_and_the_runner_sees_it_in_their_audit_list(client, admin_user, runner, physio, link):
    client.force_login(admin_user)
    response = client.post(reverse("admin:accounts_carelink_change", args=[link.pk]), {"status": "revoked"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == LinkStatus.REVOKED
    assert link.ended_at is not None
    event = AuditEvent.objects.get(runner=runner)
    assert (event.actor, event.action) == (admin_user, AuditAction.ADMIN_LINK_CHANGE)
    assert not access.client_links(physio).filter(runner=runner).exists()


# --- section 6: headers and caching -----------------------------------------------------------
@pytest.mark.parametrize("url", ["/journal/", "/journal/entries/", "/flags/", "/journal/export/entries.csv"])
def test_pages_with_a_runners_health_data_are_never_stored(client, runner, url):
    client.force_login(runner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_a_physios_view_of_a_client_is_never_stored(client, physio, link):
    client.force_login(physio)
    response = client.get(reverse("clinic:client", args=[link.public_id]))
    assert response["Cache-Control"] == "no-store, private"


def test_an_anonymous_triage_result_is_never_stored_but_the_public_home_page_may_be(client):
    result = client.get("/triage/result/?pain_now=3")
    assert result["Cache-Control"] == "no-store, private"
    assert "Cache-Control" not in client.get("/triage/")
    assert client.get("/triage/?pain_now=7&bladder_bowel=yes")["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("url", ["/", "/triage/", "/healthz", "/no-such-page/"])
def test_every_answer_turns_off_the_browser_features_the_app_never_uses(client, url):
    policy = client.get(url)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize(
    "notes",
    [" =1+1", "\t=1+1", "\n=1+1", '\r\n=HYPERLINK("http://x")', "＝1+1", "＋1", "－1", "＠SUM(A1)", "  @x"],
)
def test_the_formula_guard_catches_spaces_full_width_signs_and_line_breaks(notes):
    from journal.exporting import neutralise

    assert neutralise(notes) == "'" + notes


@pytest.mark.parametrize("notes", ["ran 5k", "a = b", "", "'quoted", "1+1"])
def test_the_formula_guard_leaves_plain_text_alone(notes):
    from journal.exporting import neutralise

    assert neutralise(notes) == notes


def test_a_guarded_note_round_trips_through_export_and_import(runner, other_runner):
    from journal.exporting import entries_csv
    from journal.importing.journal_csv import csv_import
    from journal.models import Entry
    from tests.factories import EntryFactory

    EntryFactory(runner=runner, notes=" ＝1+1")
    data = "".join(entries_csv(runner=runner)).encode()
    assert "' ＝1+1" in data.decode()
    csv_import(runner=other_runner, data=data)
    assert Entry.objects.get(runner=other_runner).notes == " ＝1+1"


# --- section 5: people leave cleanly ----------------------------------------------------------
def test_deleting_an_account_asks_for_the_password_and_ends_every_session(client, runner):
    from django.contrib.sessions.models import Session
    from django.test import Client

    other_device = Client()
    other_device.post(reverse("account_login"), {"login": runner.email, "password": TEST_PASSWORD})
    third_device = Client()
    third_device.force_login(runner)
    client.force_login(runner)
    bystander = RunnerFactory()
    Client().force_login(bystander)
    assert Session.objects.count() == 4

    response = client.post(reverse("accounts:delete"), {"confirm": "delete my account", "password": "guess"})
    assert response.status_code == 400
    response = client.post(reverse("accounts:delete"), {"confirm": "delete my account", "password": TEST_PASSWORD})
    assert response.status_code == 302
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert remaining == [str(bystander.pk)]  # only the other person's session is left
    assert runner.email not in "".join(s.session_data for s in Session.objects.all())


@pytest.mark.usefixtures("still_clock")
def test_guessing_the_password_on_the_deletion_page_is_limited(client, runner):
    client.force_login(runner)
    statuses = [
        client.post(reverse("accounts:delete"), {"confirm": "delete my account", "password": f"guess{i}"}).status_code
        for i in range(6)
    ]
    assert statuses == [400] * 5 + [429]


def test_beat_clears_expired_sessions_daily(settings):
    from celery.schedules import crontab
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from core.tasks import clear_sessions

    entry = settings.CELERY_BEAT_SCHEDULE["clear-sessions"]
    assert entry["task"] == "core.clear_sessions"
    assert isinstance(entry["schedule"], crontab)
    old = SessionStore()
    old.set_expiry(-10)
    old["x"] = 1
    old.create()
    live = SessionStore()
    live["y"] = 2
    live.create()
    clear_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_when_a_physio_leaves_the_runner_keeps_the_conversation_and_the_audit_trail(client, runner, physio, link):
    services.message_send(sender=physio, link=link, body="How is the back after the long run?")
    services.message_send(sender=runner, link=link, body="Stiff in the morning, easing by lunch")
    client.force_login(physio)
    client.get(reverse("clinic:client", args=[link.public_id]))
    physio.delete()

    events = list(AuditEvent.objects.filter(runner=runner).values_list("actor_email", "action"))
    assert events == [("pat@example.com", AuditAction.VIEW)]
    client.force_login(runner)
    html = client.get(reverse("clinic:care_team")).content.decode()
    former = html[html.index('id="former-messages"') :]
    assert "How is the back after the long run?" in former
    assert "Stiff in the morning, easing by lunch" in former
    assert former.index("A former physio") < former.index("How is the back") < former.index("You,")


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "AAAAAAAAAAAA!", "abcdefghijkl", "123456789012", "qwertyuiopas", "abcabcabcabc", "zyxwvutsrqpo"],
)
def test_passwords_of_one_repeated_character_or_an_obvious_sequence_are_refused(password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "password_pattern" in [e.code for e in refused.value.error_list]


@pytest.mark.parametrize("password", ["correct-horse-battery-staple", "mzpq7rt2kk91", "Runs 5k on Sundays!"])
def test_ordinary_strong_passwords_pass_the_pattern_rule(password):
    from django.contrib.auth.password_validation import validate_password

    validate_password(password)


def test_sign_up_refuses_aaaaaaaaaaaa(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "aaaaaaaaaaaa",
            "password2": "aaaaaaaaaaaa",
            "role": "runner",
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 200
    assert "one character repeated or an obvious sequence" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()
