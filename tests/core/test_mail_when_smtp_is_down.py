"""With the mail server down, every action that sends mail is saved once and answers its success page;
the mail goes out when the server is back.

The clinic used to send inside the request (transaction.on_commit calling the sender): with SMTP
down, sending a message saved it and answered 500, so trying again sent it twice. Now each mail is a
Celery task (clinic/tasks.py) queued after commit, retried while the server is down.

The requests run in real transactions (``transaction=True``) so their on-commit work runs inside the
request, as in production. "SMTP down" is Django's real SMTP backend pointed at a closed port.
"""

from __future__ import annotations

import smtplib
import socket

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse

from clinic import tasks as clinic_tasks
from clinic.models import Invitation, Message
from config.celery import app
from plans.report import REPORT_WARM_TASK

SMTP = "django.core.mail.backends.smtp.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: connections are refused


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2

    def back_up():
        settings.EMAIL_BACKEND = LOCMEM

    return back_up


@pytest.fixture
def broker(monkeypatch):
    """The broker takes each task and keeps it (nothing runs until the test runs it, as a worker would)."""
    queued: list[tuple[str, dict]] = []
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr(app, "send_task", lambda name, args=None, kwargs=None, **options: queued.append((name, kwargs)))
    return queued


def _run_when_smtp_returns(queued, smtp_back_up) -> None:
    """A worker's first try while the server is down fails with an error the task retries on; once the
    server is back, the retry sends."""
    # The client page the physio lands on also queues its PDF warm-up (docs/plans.md), which sends no mail.
    mail_tasks = [(name, kwargs) for name, kwargs in queued if name != REPORT_WARM_TASK]
    assert mail_tasks, "nothing was queued"
    for name, kwargs in mail_tasks:
        task = app.tasks[name]
        with pytest.raises(task.autoretry_for):
            task.run(**kwargs)
    smtp_back_up()
    for name, kwargs in mail_tasks:
        assert app.tasks[name].apply(kwargs=kwargs).successful()


@pytest.mark.django_db(transaction=True)
def test_a_physios_message_is_saved_once_and_mailed_when_smtp_returns(client, physio, runner, link, smtp_down, broker):
    client.force_login(physio)
    response = client.post(
        reverse("clinic:message_send", args=[link.public_id]), {"body": "How is the back?"}, follow=True
    )
    assert response.status_code == 200
    assert "Message sent." in response.content.decode()
    assert Message.objects.filter(body="How is the back?").count() == 1
    assert mail.outbox == []
    _run_when_smtp_returns(broker, smtp_down)
    assert [m.to for m in mail.outbox] == [[runner.email]]


@pytest.mark.django_db(transaction=True)
def test_a_runners_reply_is_saved_once_and_mailed_when_smtp_returns(client, physio, runner, link, smtp_down, broker):
    client.force_login(runner)
    response = client.post(reverse("clinic:reply", args=[link.public_id]), {"body": "Better, thanks"}, follow=True)
    assert response.status_code == 200
    assert f"Reply sent to {physio.name}." in response.content.decode()
    assert Message.objects.filter(body="Better, thanks").count() == 1
    _run_when_smtp_returns(broker, smtp_down)
    assert [m.to for m in mail.outbox] == [[physio.email]]


@pytest.mark.django_db(transaction=True)
def test_an_invitation_is_saved_once_and_mailed_when_smtp_returns(client, runner, smtp_down, broker):
    client.force_login(runner)
    response = client.post(reverse("clinic:invite"), {"email": "new-physio@example.com"}, follow=True)
    assert response.status_code == 200
    assert "Invitation sent to new-physio@example.com." in response.content.decode()
    assert Invitation.objects.filter(runner=runner, email="new-physio@example.com").count() == 1
    _run_when_smtp_returns(broker, smtp_down)
    assert [m.to for m in mail.outbox] == [["new-physio@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_accepting_an_invitation_is_saved_once_and_mailed_when_smtp_returns(client, runner, physio, smtp_down, broker):
    invitation = Invitation.objects.create(runner=runner, email=physio.email, physio=physio)
    client.force_login(physio)
    response = client.post(reverse("clinic:invitation_accept", args=[invitation.public_id]), follow=True)
    assert response.status_code == 200
    assert f"{runner.name} is now in your caseload." in response.content.decode()
    assert runner.care_links.filter(physio=physio, status="active").count() == 1
    _run_when_smtp_returns(broker, smtp_down)
    assert [m.to for m in mail.outbox] == [[runner.email]]


class ComesBackAfterTwoTries(locmem.EmailBackend):
    """A mail server that drops the first two connections, then works."""

    tries = 0

    def send_messages(self, messages):
        type(self).tries += 1
        if type(self).tries <= 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_celery_retries_the_mail_until_the_server_answers_and_sends_it_once(client, physio, runner, link, settings):
    """Through Celery's own retry machinery (run in this process): two failures, then one mail."""
    settings.EMAIL_BACKEND = f"{__name__}.ComesBackAfterTwoTries"
    ComesBackAfterTwoTries.tries = 0
    client.force_login(physio)
    response = client.post(reverse("clinic:message_send", args=[link.public_id]), {"body": "Any better?"})
    assert response.status_code == 302
    assert ComesBackAfterTwoTries.tries == 3
    assert [m.to for m in mail.outbox] == [[runner.email]]


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_and_smtp_both_down_the_message_is_still_saved_and_answered(
    client, physio, link, smtp_down, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr(app, "send_task", broker_down)
    client.force_login(physio)
    response = client.post(reverse("clinic:message_send", args=[link.public_id]), {"body": "Still there?"})
    assert response.status_code == 302
    assert Message.objects.filter(body="Still there?").count() == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_mail_is_sent_at_once_instead(client, physio, runner, link, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr(app, "send_task", broker_down)
    client.force_login(physio)
    client.post(reverse("clinic:message_send", args=[link.public_id]), {"body": "Still there?"})
    assert [m.to for m in mail.outbox] == [[runner.email]]


def test_every_clinic_mail_task_retries_on_mail_server_errors():
    for task in (clinic_tasks.send_invitation, clinic_tasks.send_invitation_accepted, clinic_tasks.send_new_message):
        assert {smtplib.SMTPException, OSError} <= set(task.autoretry_for)
        assert task.max_retries >= 10
        assert task.retry_backoff
        assert task.acks_late is True


@pytest.mark.django_db
def test_a_mail_for_a_message_deleted_before_it_went_out_is_dropped_quietly():
    assert clinic_tasks.send_new_message.apply(kwargs={"message_id": 987654}).successful()
    assert mail.outbox == []


# --- monitoring: its mail already goes out from worker tasks, and a failure is tried again ----------
@pytest.mark.django_db
def test_a_flag_mail_that_failed_goes_out_on_the_next_scan(
    runner, smtp_down, time_machine, django_capture_on_commit_callbacks
):
    from journal.models import Entry
    from monitoring.models import Flag
    from monitoring.scan import scan_batch
    from tests.utils import NOW

    time_machine.move_to(NOW, tick=False)
    Entry.objects.create(runner=runner, day=NOW.date(), pain=5, symptoms=["leg_pain"])
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_batch(runner_ids=[runner.id]).opened == 1
    assert Flag.objects.filter(runner=runner).count() == 1
    assert Flag.objects.get(runner=runner).notified_at is None  # un-claimed: the next scan tries again
    smtp_down()
    with django_capture_on_commit_callbacks(execute=True):
        scan_batch(runner_ids=[runner.id])
    assert Flag.objects.filter(runner=runner).count() == 1
    assert [m.to for m in mail.outbox] == [[runner.email]]


@pytest.mark.django_db
def test_a_check_in_mail_that_failed_goes_out_on_the_next_run(smtp_down, time_machine):
    import datetime as dt

    from monitoring.checkins import checkins_send_due
    from monitoring.models import CheckIn
    from tests.factories import RunnerFactory, TrainingSessionFactory
    from tests.utils import NOW

    TODAY = NOW.date()

    time_machine.move_to(NOW, tick=False)
    keen = RunnerFactory(email_checkins=True)
    session = TrainingSessionFactory(runner=keen, day=TODAY - dt.timedelta(days=1))
    CheckIn.objects.create(runner=keen, session=session, run_day=session.day, due_at=NOW - dt.timedelta(minutes=5))
    assert checkins_send_due() == 0
    assert CheckIn.objects.get(runner=keen).emailed_at is None
    smtp_down()
    assert checkins_send_due() == 1
    assert [m.to for m in mail.outbox] == [[keen.email]]


@pytest.mark.django_db
def test_a_reminder_that_failed_goes_out_on_the_next_run(smtp_down, time_machine):
    import datetime as dt

    from monitoring.reminders import reminders_send_due
    from tests.factories import RunnerFactory
    from tests.utils import NOW

    time_machine.move_to(NOW, tick=False)
    keen = RunnerFactory(reminder_enabled=True, reminder_time=dt.time(11, 55), time_zone="Europe/London")
    assert reminders_send_due() == 0
    smtp_down()
    assert reminders_send_due() == 1
    assert [m.to for m in mail.outbox] == [[keen.email]]


# --- accounts: allauth's mail (confirm an address, reset a password) is rendered in the request and sent by a task
@pytest.mark.django_db(transaction=True)
def test_a_sign_up_with_smtp_down_makes_one_account_and_mails_the_confirmation_when_smtp_returns(
    client, smtp_down, broker
):
    from accounts.models import User

    response = client.post(
        reverse("account_signup"),
        {
            "email": "nell@example.com",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "display_name": "Nell New",
            "role": "runner",
            "time_zone": "Europe/London",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert User.objects.filter(email="nell@example.com").count() == 1
    assert [name for name, _ in broker] == ["core.send_email"]
    _run_when_smtp_returns(broker, smtp_down)
    (message,) = mail.outbox
    assert message.to == ["nell@example.com"]
    assert "confirm" in message.subject.lower()
    assert "/accounts/confirm-email/" in message.body


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_asked_with_smtp_down_answers_and_mails_the_link_when_smtp_returns(
    client, runner, smtp_down, broker
):
    response = client.post(reverse("account_reset_password"), {"email": runner.email}, follow=True)
    assert response.status_code == 200
    _run_when_smtp_returns(broker, smtp_down)
    (message,) = mail.outbox
    assert message.to == [runner.email]
    assert "/accounts/password/reset/key/" in message.body


def test_a_rendered_message_travels_to_the_task_whole():
    from django.core.mail import EmailMultiAlternatives

    from core.mail import message_from_payload, message_payload

    sent = EmailMultiAlternatives("Subject", "Text", "from@example.com", ["to@example.com"], headers={"X-A": "1"})
    sent.attach_alternative("<p>HTML</p>", "text/html")
    again = message_from_payload(message_payload(sent))
    assert (again.subject, again.body, again.from_email, again.to) == (
        "Subject",
        "Text",
        "from@example.com",
        ["to@example.com"],
    )
    assert again.extra_headers == {"X-A": "1"}
    assert list(again.alternatives[0]) == ["<p>HTML</p>", "text/html"]
