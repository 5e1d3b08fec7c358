import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from tests.factories import TEST_PASSWORD, RunnerFactory


@pytest.fixture
def signup_data():
    return {
        "email": "New.Runner@Example.com",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        "display_name": "Nell New",
        "role": "physio",
        "time_zone": "America/New_York",
    }


@pytest.mark.django_db
def test_signup_creates_a_user_with_the_chosen_role_and_sends_a_verification_email(client, signup_data):
    response = client.post(reverse("account_signup"), signup_data)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.runner@example.com"
    assert user.role == Role.PHYSIO
    assert user.time_zone == "America/New_York"
    assert user.physio_verified_at is None  # an admin verifies physios
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].subject.lower()


@pytest.mark.django_db
def test_signup_refuses_a_password_shorter_than_12_characters(client, signup_data):
    signup_data |= {"password1": "short-pass1", "password2": "short-pass1"}
    response = client.post(reverse("account_signup"), signup_data)
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_an_unknown_time_zone(client, signup_data):
    signup_data["time_zone"] = "Mars/Olympus_Mons"
    response = client.post(reverse("account_signup"), signup_data)
    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.django_db
def test_login_is_throttled_after_five_wrong_passwords(client):
    user = RunnerFactory(email="throttle@example.com")
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": user.email, "password": "wrong-password-123"})
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(url, {"login": user.email, "password": "wrong-password-123"})
    assert "Too many failed login attempts" in response.content.decode()
    # Even the right password is refused during the cool-off.
    response = client.post(url, {"login": user.email, "password": TEST_PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_profile_saves_time_zone_and_units(client, runner):
    client.force_login(runner)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Robin R", "time_zone": "Australia/Sydney", "units": "mi", "reminder_time": ""},
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert (runner.display_name, runner.time_zone, runner.units) == ("Robin R", "Australia/Sydney", "mi")


@pytest.mark.django_db
def test_profile_refuses_a_reminder_without_a_time(client, runner):
    client.force_login(runner)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Robin", "time_zone": "Europe/London", "units": "km", "reminder_enabled": "on"},
    )
    assert response.status_code == 200
    assert "Choose a time for the daily reminder" in response.content.decode()
    runner.refresh_from_db()
    assert runner.reminder_enabled is False


@pytest.mark.django_db
def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_delete_account_needs_the_confirmation_phrase_and_the_password(client, runner):
    client.force_login(runner)
    response = client.post(reverse("accounts:delete"), {"confirm": "yes", "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert User.objects.filter(pk=runner.pk).exists()
    response = client.post(reverse("accounts:delete"), {"confirm": "Delete my account", "password": "not-mine-at-all"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=runner.pk).exists()
    response = client.post(reverse("accounts:delete"), {"confirm": "Delete my account", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=runner.pk).exists()


@pytest.mark.django_db
def test_users_local_day_follows_their_time_zone(time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    london = RunnerFactory(time_zone="Europe/London")
    tokyo = RunnerFactory(time_zone="Asia/Tokyo")
    assert london.local_today() == dt.date(2026, 3, 1)
    assert tokyo.local_today() == dt.date(2026, 3, 2)


def test_the_project_hasher_makes_argon2id_hashes_with_owasps_parameters_and_verifies_them(settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

    from accounts.hashers import Argon2idHasher

    settings.PASSWORD_HASHERS = ["accounts.hashers.Argon2idHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
    encoded = make_password("a-long-enough-passphrase")
    hasher = identify_hasher(encoded)
    assert isinstance(hasher, Argon2idHasher)
    decoded = hasher.decode(encoded)
    assert (decoded["variety"], decoded["memory_cost"], decoded["time_cost"], decoded["parallelism"]) == (
        "argon2id",
        19 * 1024,
        2,
        1,
    )
    assert check_password("a-long-enough-passphrase", encoded)
    assert not check_password("a-long-enough-passphrasE", encoded)
    assert not hasher.must_update(encoded)
    # A hash made with Django's heavier defaults verifies with the project's hasher, which asks to redo it.
    heavier = Argon2PasswordHasher().encode("a-long-enough-passphrase", "saltsaltsaltsalt")
    assert hasher.verify("a-long-enough-passphrase", heavier)
    assert hasher.must_update(heavier)


@pytest.mark.django_db
def test_clinicians_must_set_up_two_factor_when_required(client, settings, physio, runner, admin_user):
    settings.MFA_REQUIRED_FOR_CLINICIANS = True
    mfa_url = reverse("mfa_activate_totp")
    for clinician in (physio, admin_user):
        client.force_login(clinician)
        response = client.get("/admin/" if clinician.is_staff else "/")
        assert response.status_code == 302
        assert response["Location"] == mfa_url
        # The setup page itself is reachable (allauth asks for the password again first): no redirect loop.
        assert client.get(mfa_url)["Location"].startswith(reverse("account_reauthenticate"))
    client.force_login(runner)
    assert client.get("/").get("Location") != mfa_url


@pytest.mark.django_db
def test_clinicians_are_signed_out_after_30_idle_minutes(client, physio, time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC))
    client.force_login(physio)
    client.get(reverse("accounts:profile"))
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 29, tzinfo=dt.UTC))
    assert client.get(reverse("accounts:profile")).status_code == 200
    time_machine.move_to(dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_by_email_sets_a_new_password(client, runner):
    import re

    response = client.post(reverse("account_reset_password"), {"email": runner.email})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password("a-brand-new-passphrase")


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client, runner):
    client.force_login(runner)
    url = reverse("account_change_password")
    data = {
        "oldpassword": "wrong-old-password",
        "password1": "another-long-passphrase",
        "password2": "another-long-passphrase",
    }
    assert client.post(url, data).status_code == 200
    runner.refresh_from_db()
    assert not runner.check_password("another-long-passphrase")
    response = client.post(url, {**data, "oldpassword": TEST_PASSWORD})
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password("another-long-passphrase")


@pytest.mark.django_db
def test_the_idle_timer_writes_its_stamp_at_most_once_a_minute(client, physio, time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    client.force_login(physio)
    client.get(reverse("accounts:profile"))
    stamp = client.session["last_seen"]
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, 59, tzinfo=dt.UTC), tick=False)
    client.get(reverse("accounts:profile"))
    assert client.session["last_seen"] == stamp
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 1, 0, tzinfo=dt.UTC), tick=False)
    client.get(reverse("accounts:profile"))
    assert client.session["last_seen"] == stamp + 60


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (60, "1 minute"),
        (1800, "30 minutes"),
        (5400, "1 hour 30 minutes"),
        (3600, "1 hour"),
        (90, "1 minute 30 seconds"),
    ],
)
def test_the_idle_period_is_said_in_words(seconds, words):
    from accounts.middleware import idle_period

    assert idle_period(seconds) == words


@pytest.mark.django_db
def test_the_sign_out_message_names_the_configured_idle_timeout(client, physio, time_machine, settings):
    import datetime as dt

    from django.contrib.messages import get_messages

    settings.CLINICIAN_IDLE_TIMEOUT = 10 * 60
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    client.force_login(physio)
    client.get(reverse("accounts:profile"))
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 11, tzinfo=dt.UTC), tick=False)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out after 10 minutes without activity."
    ]


def test_the_time_zone_list_holds_places_people_live_not_the_databases_oddities():
    from accounts.models import time_zone_choices

    names = dict(time_zone_choices())
    assert {"Europe/London", "America/New_York", "Pacific/Kiritimati", "UTC"} <= set(names)
    assert not {"localtime", "Factory", "EST5EDT", "Etc/GMT+5", "US/Eastern"} & set(names)
    assert names["America/New_York"] == "America/New York"


@pytest.mark.django_db
def test_a_zone_chosen_before_the_list_was_trimmed_stays_choosable(client, runner):
    runner.time_zone = "US/Eastern"
    runner.save(update_fields=["time_zone"])
    client.force_login(runner)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="US/Eastern" selected>US/Eastern</option>' in page
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Robin", "time_zone": "US/Eastern", "units": "km"}
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.time_zone == "US/Eastern"
