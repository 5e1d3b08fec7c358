"""The physio's mail about a client's urgent flag: the clinic's, sent when monitoring announces the flag
(monitoring.signals.flag_opened / flag_worse), through a retrying mail task (clinic.tasks), to each linked,
verified physio, once per announcement."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem

from accounts.models import CareLink, LinkStatus
from clinic import emails, tasks
from config.celery import app
from journal.models import Entry
from monitoring.models import Flag
from monitoring.scan import scan_batch
from tests.factories import CareLinkFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)  # Wednesday noon UTC (and in London)
TODAY = NOW.date()


@pytest.fixture
def frozen(time_machine, settings):
    settings.SITE_URL = "https://backtrack.example.com"
    time_machine.move_to(NOW, tick=False)


def log_signs(runner, *codes, day=TODAY):
    Entry.objects.create(runner=runner, day=day, pain=5, symptoms=list(codes))


def scan(runner, capture):
    with capture(execute=True):
        return scan_batch(runner_ids=[runner.id])


def make_flag(runner, kind="leg_symptoms", severity="urgent", evidence=None):
    evidence = evidence or {
        "days": [{"day": "2026-03-11", "symptoms": ["leg_pain"], "pain": 6}],
        "last_day": "2026-03-11",
    }
    return Flag.objects.create(runner=runner, kind=kind, severity=severity, evidence=evidence)


def to_physio(runner, physio, *, kind="leg_symptoms", severity="urgent", evidence=None, worse=False):
    flag = make_flag(runner, kind, severity, evidence)
    emails.send_flag_opened_to_physio(flag_id=flag.pk, physio_id=physio.pk, worse=worse)
    return flag


# --- what the physio reads ------------------------------------------------------------------------------
def test_the_urgent_flag_email_to_a_physio_names_the_client_in_the_body_only(runner, physio, link, frozen):
    to_physio(runner, physio)
    (message,) = mail.outbox
    assert message.to == ["pat@example.com"]
    assert message.subject == "[Backtrack] Urgent flag for one of your clients: Leg symptoms logged"
    assert "Robin" not in message.subject
    assert "Hello Pat Physio" in message.body
    assert "your client Robin Runner (robin@example.com)" in message.body
    client_page = f"https://backtrack.example.com/clinic/clients/{link.public_id}/"
    assert f"Open your caseload to review it: {client_page}" in message.body
    assert f'href="{client_page}"' in message.alternatives[0][0]
    assert "robin@example.com" in message.alternatives[0][0]


def test_the_physio_reads_their_not_your(runner, physio, link, frozen):
    evidence = {
        "run_spikes": [{"day": "2026-03-10", "distance_m": 11500, "previous_longest_m": 10000, "increase_pct": 15.0}],
        "last_day": "2026-03-10",
    }
    to_physio(runner, physio, kind="load_spike", severity="advisory", evidence=evidence)
    body = mail.outbox[0].body
    assert "15% longer than their longest of the month before" in body
    assert "than your longest of" not in body  # (the quoted explanation to the runner may say "your")


def test_a_physio_no_longer_linked_when_the_mail_goes_out_gets_nothing(runner, physio, link, frozen):
    CareLink.objects.filter(pk=link.pk).update(status=LinkStatus.REVOKED)
    to_physio(runner, physio)
    assert mail.outbox == []


# --- who is told, and when ------------------------------------------------------------------------------
def test_urgent_flags_also_go_to_linked_verified_physios_only(
    runner, physio, unlinked_physio, unverified_physio, frozen, django_capture_on_commit_callbacks
):
    CareLinkFactory(runner=runner, physio=physio)
    CareLinkFactory(runner=runner, physio=unverified_physio)
    log_signs(runner, "bladder_bowel")
    for _ in range(2):  # the second scan tells nobody again
        scan(runner, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [physio.email, runner.email]


def test_review_flags_are_not_sent_to_physios(runner, physio, link, frozen, django_capture_on_commit_callbacks):
    log_signs(runner, "night_pain")
    scan(runner, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[runner.email]]


def test_a_new_emergency_sign_on_an_open_flag_tells_the_physio_again(
    runner, physio, link, frozen, django_capture_on_commit_callbacks
):
    log_signs(runner, "both_legs", day=TODAY - dt.timedelta(days=1))
    scan(runner, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [physio.email, runner.email]
    mail.outbox.clear()

    log_signs(runner, "bladder_bowel", "both_legs")  # today: bladder trouble as well
    scan(runner, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [physio.email, runner.email]
    again = next(m for m in mail.outbox if m.to == [physio.email])
    assert again.subject == (
        "[Backtrack] More warning signs on an urgent flag for one of your clients: Emergency warning signs logged"
    )
    assert "has logged more warning signs on an urgent flag that is still open" in again.body
    assert "bladder" in again.body.lower()

    mail.outbox.clear()
    scan(runner, django_capture_on_commit_callbacks)  # nothing new: nobody is told a third time
    assert mail.outbox == []


def test_the_physios_mail_is_a_task_queued_after_the_runner_is_told(
    runner, physio, link, frozen, monkeypatch, django_capture_on_commit_callbacks
):
    queued: list[tuple[str, dict]] = []
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr(app, "send_task", lambda name, args=None, kwargs=None, **options: queued.append((name, kwargs)))
    monkeypatch.setattr("monitoring.queueing._send", lambda runner_id: None)
    log_signs(runner, "saddle_numbness")
    scan(runner, django_capture_on_commit_callbacks)
    flag = Flag.objects.get(runner=runner)
    assert [m.to for m in mail.outbox] == [[runner.email]]  # the runner's own mail is sent by the scan
    assert queued == [
        ("clinic.send_flag_opened_to_physio", {"flag_id": flag.pk, "physio_id": physio.pk, "worse": False})
    ]


class RefusesThePhysioTwice(locmem.EmailBackend):
    """A mail server that drops the first two connections for the physio's mail, then works."""

    refused = 0

    def send_messages(self, messages):
        if any("pat@example.com" in m.to for m in messages) and type(self).refused < 2:
            type(self).refused += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_the_physios_mail_is_retried_until_the_mail_server_answers_and_sent_once(
    runner, physio, link, frozen, settings, django_capture_on_commit_callbacks
):
    """Through Celery's own retry machinery (run in this process): two refusals, then one mail each."""
    settings.EMAIL_BACKEND = f"{__name__}.RefusesThePhysioTwice"
    RefusesThePhysioTwice.refused = 0
    log_signs(runner, "saddle_numbness")
    scan(runner, django_capture_on_commit_callbacks)
    assert RefusesThePhysioTwice.refused == 2
    assert [m.to for m in mail.outbox] == [[runner.email], [physio.email]]
    assert Flag.objects.get(runner=runner).notified_at == NOW  # the runner's announcement stands


def test_the_flag_mail_task_retries_on_mail_server_errors():
    task = tasks.send_flag_opened_to_physio
    assert {smtplib.SMTPException, OSError} <= set(task.autoretry_for)
    assert task.max_retries >= 10
    assert task.acks_late is True


def test_a_flag_deleted_before_its_mail_went_out_is_dropped_quietly(physio):
    assert tasks.send_flag_opened_to_physio.apply(kwargs={"flag_id": 987654, "physio_id": physio.pk}).successful()
    assert mail.outbox == []
