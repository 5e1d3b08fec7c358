"""On a phone: the runner reads a flag, dismisses it with a note, and answers a check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from monitoring.models import CheckIn, Flag
from tests.factories import EntryFactory, TrainingSessionFactory
from tests.utils import login


@pytest.mark.django_db(transaction=True)
def test_a_runner_dismisses_a_flag_and_answers_a_check_in_on_a_phone(phone, runner):
    today = runner.local_today()
    EntryFactory(runner=runner, day=today, pain=3, symptoms=["night_pain"])  # so a re-check keeps the flag open
    flag = Flag.objects.create(
        runner=runner,
        kind="night_pain",
        severity="review",
        evidence={"night_pain_days": [today.isoformat()], "last_day": today.isoformat()},
    )
    session = TrainingSessionFactory(runner=runner, day=runner.local_today() - dt.timedelta(days=1))
    checkin = CheckIn.objects.create(
        runner=runner, session=session, run_day=session.day, due_at=timezone.now() - dt.timedelta(hours=1)
    )
    login(phone, runner)
    phone.goto("/flags/")
    assert phone.get_by_text(f"Night pain logged on {today:%A} {today.day} {today:%B}.").is_visible()

    phone.get_by_role("button", name="Not settled").click()
    phone.wait_for_url("**/flags/")
    checkin.refresh_from_db()
    assert checkin.settled is False

    phone.get_by_text("Dismiss with a note").click()
    phone.get_by_label("Why are you dismissing it?").fill("My physio has seen it")
    box = phone.get_by_role("button", name="Dismiss this flag").bounding_box()
    assert box["height"] >= 44
    phone.get_by_role("button", name="Dismiss this flag").click()
    assert phone.get_by_text("Dismissed: Night pain.").is_visible()
    flag.refresh_from_db()
    assert flag.status == "resolved"
    assert flag.resolve_note == "My physio has seen it"


@pytest.mark.django_db(transaction=True)
def test_a_runner_with_no_physio_records_an_assessment_on_a_phone(phone, runner):
    flag = Flag.objects.create(runner=runner, kind="serious_cause_signs", severity="urgent", evidence={"last_day": "x"})
    login(phone, runner)
    phone.goto("/flags/")
    assert phone.locator('a[href^="tel:"]').first.is_visible()
    phone.get_by_text("I have been assessed by a clinician").click()
    phone.get_by_label("The day a clinician assessed you").fill(runner.local_today().isoformat())
    phone.get_by_label("Anything they said (optional)").fill("Blood tests clear")
    box = phone.get_by_role("button", name="Close this flag").bounding_box()
    assert box["height"] >= 44
    phone.get_by_role("button", name="Close this flag").click()
    assert phone.get_by_text("Thank you for getting it checked.").is_visible()
    flag.refresh_from_db()
    assert (flag.status, flag.close_reason, flag.resolve_note) == ("resolved", "runner_assessed", "Blood tests clear")
