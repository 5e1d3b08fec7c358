"""Each message monitoring sends the runner, as they read it (mail.outbox), and when check-ins and reminders go out.

The physio's mail about an urgent flag is the clinic's: tests/clinic/test_flag_mail.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from monitoring import emails
from monitoring.checkins import checkin_answer, checkins_send_due
from monitoring.models import CheckIn, Flag
from monitoring.reminders import reminders_send_due
from tests.factories import EntryFactory, RunnerFactory, TrainingSessionFactory

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://backtrack.example.com"


def make_flag(runner, kind="leg_symptoms", severity="urgent", evidence=None):
    evidence = evidence or {
        "days": [{"day": "2026-03-11", "symptoms": ["leg_pain"], "pain": 6}],
        "last_day": "2026-03-11",
    }
    return Flag.objects.create(runner=runner, kind=kind, severity=severity, evidence=evidence)


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_the_flag_email_to_the_runner_explains_it_with_the_numbers_and_a_link(runner, site):
    emails.send_flag_opened_to_runner(make_flag(runner))
    (message,) = mail.outbox
    assert message.to == ["robin@example.com"]
    assert message.subject == "[Backtrack] Urgent: Leg symptoms logged"
    assert "Hello Robin Runner" in message.body
    assert (
        "Ticked in the journal on Wednesday 11 March: “Pain spreading down a leg”." in message.body
    )  # words, not ISO or codes
    assert "2026-03-11" not in message.body
    assert "see a doctor or physiotherapist soon" in message.body
    assert "https://backtrack.example.com/flags/" in message.body
    assert 'href="https://backtrack.example.com/flags/"' in html_of(message)
    assert "<li>Ticked in the journal on Wednesday 11 March: “Pain spreading down a leg”.</li>" in html_of(message)
    assert "leg_pain" not in message.body


def test_review_flag_subjects_are_not_marked_urgent_and_say_review(runner, site):
    evidence = {
        "baseline_week_of": "2026-02-16", "baseline_pain": 2, "recent_week_of": "2026-03-02", "recent_pain": 7,
        "rise_points": 5, "rise_pct": 250.0, "weeks": [], "last_day": "2026-03-08",
    }  # fmt: skip
    emails.send_flag_opened_to_runner(make_flag(runner, "worsening_week_on_week", "review", evidence))
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "[Backtrack] Pain getting worse"
    assert "Review: Pain getting worse" in body
    assert (
        "Typical pain in the week of Monday 2 March: 7/10, against 2/10 in your better week of Monday 16 February."
        in body
    )
    assert "A rise of 5 points." in body


def test_advice_flags_say_advice_not_advisory(runner, site):
    evidence = {
        "run_spikes": [{"day": "2026-03-10", "distance_m": 11500, "previous_longest_m": 10000, "increase_pct": 15.0}],
        "last_day": "2026-03-10",
    }
    emails.send_flag_opened_to_runner(make_flag(runner, "load_spike", "advisory", evidence))
    body = mail.outbox[0].body
    assert "Advice: A much longer run while in pain" in body
    assert "Advisory" not in body
    assert "Run on Tuesday 10 March: 11.5 km, 15% longer than your longest of the month before (10.0 km)." in body


def test_an_emergency_flag_email_gives_emergency_numbers_and_never_111(runner, site):
    evidence = {"days": [{"day": "2026-03-11", "symptoms": ["saddle_numbness"], "pain": 6}], "last_day": "2026-03-11"}
    emails.send_flag_opened_to_runner(make_flag(runner, "emergency_symptoms", "urgent", evidence))
    body = mail.outbox[0].body
    assert "Call 999 (emergency): 999" in body
    assert "111" not in body
    assert '<a href="tel:999">' in html_of(mail.outbox[0])


def test_an_urgent_flag_email_gives_same_day_care_numbers(runner, site):
    evidence = {"days": [{"day": "2026-03-11", "symptoms": ["fever"], "pain": 6}], "last_day": "2026-03-11"}
    emails.send_flag_opened_to_runner(make_flag(runner, "serious_cause_signs", "urgent", evidence))
    body = mail.outbox[0].body
    assert "See a doctor today" in body
    assert "Call NHS 111 (urgent advice, day and night): 111" in body
    assert "If it gets worse: call 999 (emergency): 999" in body


def test_the_check_in_email_asks_about_the_run_with_a_link_to_answer(runner, site, frozen):
    session = TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 10))
    checkin = CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=NOW)
    emails.send_checkin(checkin)
    (message,) = mail.outbox
    assert message.subject == "[Backtrack] Has your back settled since your run on Tuesday 10 March?"
    assert f"https://backtrack.example.com/flags/checkins/{checkin.pk}/" in message.body
    assert "turn them off" in message.body
    assert f'href="https://backtrack.example.com/flags/checkins/{checkin.pk}/"' in html_of(message)


def test_the_daily_reminder_links_to_logging_and_to_the_profile(runner, site):
    emails.send_daily_reminder(runner)
    (message,) = mail.outbox
    assert message.subject == "[Backtrack] How is your back today?"
    assert "Log today: https://backtrack.example.com/" in message.body
    assert "https://backtrack.example.com/accounts/profile/" in message.body
    assert 'href="https://backtrack.example.com/accounts/profile/"' in html_of(message)


# --- when check-ins go out -------------------------------------------------------------------------
def due_checkin(runner, *, due_at):
    session = TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=1))
    return CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=due_at)


def test_a_due_check_in_is_emailed_once_to_a_runner_who_opted_in(frozen):
    keen = RunnerFactory(email_checkins=True)
    quiet = RunnerFactory(email_checkins=False)
    due_checkin(keen, due_at=NOW - dt.timedelta(minutes=5))
    due_checkin(quiet, due_at=NOW - dt.timedelta(minutes=5))
    due_checkin(keen, due_at=NOW + dt.timedelta(hours=1))  # not yet due
    assert checkins_send_due() == 1
    assert checkins_send_due() == 0
    assert [m.to for m in mail.outbox] == [[keen.email]]


def test_answered_or_stale_check_ins_are_not_emailed(frozen):
    keen = RunnerFactory(email_checkins=True)
    answered = due_checkin(keen, due_at=NOW - dt.timedelta(minutes=5))
    checkin_answer(checkin=answered, settled=True)
    due_checkin(keen, due_at=NOW - dt.timedelta(days=3))
    assert checkins_send_due() == 0


# --- daily reminders -------------------------------------------------------------------------------
def test_the_reminder_goes_at_the_runners_local_time_once_a_day(time_machine):
    # 07:30 in New York is 11:30 UTC (daylight saving from 8 March 2026).
    runner = RunnerFactory(time_zone="America/New_York", reminder_enabled=True, reminder_time=dt.time(7, 30))
    time_machine.move_to(dt.datetime(2026, 3, 11, 11, 25, tzinfo=dt.UTC), tick=False)
    assert reminders_send_due() == 0
    time_machine.move_to(dt.datetime(2026, 3, 11, 11, 35, tzinfo=dt.UTC), tick=False)
    assert reminders_send_due() == 1
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC), tick=False)
    assert reminders_send_due() == 0  # already sent this local day
    time_machine.move_to(dt.datetime(2026, 3, 12, 11, 40, tzinfo=dt.UTC), tick=False)
    assert reminders_send_due() == 1
    assert [m.to for m in mail.outbox] == [[runner.email], [runner.email]]


def test_no_reminder_without_opting_in_or_after_logging_today(frozen):
    RunnerFactory(reminder_enabled=False, reminder_time=dt.time(11, 0))
    logged = RunnerFactory(reminder_enabled=True, reminder_time=dt.time(11, 0))
    EntryFactory(runner=logged, day=TODAY)
    assert reminders_send_due() == 0
    assert mail.outbox == []
